// SPDX-License-Identifier: MIT
/*
 * args: what the kernel put on the start-up stack: argc, the argv strings,
 * envp right after argv's NULL, and the auxiliary vector: AT_PAGESZ, AT_RANDOM
 * (16 bytes, not all zero), AT_PHDR/AT_PHENT/AT_PHNUM describing this very
 * file's program headers, AT_ENTRY its entry point, AT_BASE 0 (no interpreter)
 * and AT_SECURE 0. No addresses are printed, only what must be the same on
 * Linux and under trapdoor.
 */
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

extern char **environ;
extern const ElfW(Ehdr) __ehdr_start;	/* the linker's name for our own ELF header (32 or 64-bit) */
extern char _start[];

static const char *yes(int cond)
{
	return cond ? "yes" : "no";
}

int main(int argc, char **argv, char **envp)
{
	int envc = 0;

	printf("argc = %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = [%s]\n", i, argv[i]);
	printf("argv[argc] is NULL: %s\n", yes(argv[argc] == NULL));
	printf("envp follows argv's NULL: %s\n", yes(envp == argv + argc + 1));
	printf("environ is envp: %s\n", yes(environ == envp));
	while (envp[envc])
		envc++;
	printf("envc = %d\n", envc);
	for (int i = 0; i < envc; i++)
		printf("envp[%d] = [%s]\n", i, envp[i]);

	printf("AT_PAGESZ = %lu\n", getauxval(AT_PAGESZ));
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	int zeros = 0;
	for (int i = 0; rnd && i < 16; i++)
		zeros += rnd[i] == 0;
	printf("AT_RANDOM is given: %s; its 16 bytes are not all zero: %s\n", yes(rnd != NULL),
	       yes(rnd && zeros < 16));
	const char *phdr = (const char *)&__ehdr_start + __ehdr_start.e_phoff;
	printf("AT_PHDR is this program's program headers: %s\n", yes(getauxval(AT_PHDR) == (unsigned long)phdr));
	printf("AT_PHENT is the size of a program header: %s\n", yes(getauxval(AT_PHENT) == sizeof(ElfW(Phdr))));
	printf("AT_PHNUM is e_phnum: %s\n", yes(getauxval(AT_PHNUM) == __ehdr_start.e_phnum));
	printf("AT_ENTRY is _start: %s\n", yes(getauxval(AT_ENTRY) == (unsigned long)_start));
	printf("AT_BASE = %lu, AT_SECURE = %lu\n", getauxval(AT_BASE), getauxval(AT_SECURE));
	return 0;
}
