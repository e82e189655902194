/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_PROGRAM_H
#define _TRAPDOOR_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <trapdoor/compiler.h>

/* The running program (kernel/program.c). trapdoor runs one at a time. */
struct program {
	int pid;
	char name[32];
	uint64_t pml4;		/* its address space */
};

extern struct program *current;

/* Run every multiboot2 module in order; true if all exited with status 0. */
bool run_programs(void);

/* "pid 2 (crash)": how messages name the running program. */
const char *program_label(void);

/* End the running program; neither returns. */
__noreturn void program_exit(int status);
__noreturn void program_kill(int sig);

/* kernel/elf.c: load a static ELF executable into the address space pml4. */
struct elf_image {
	uint64_t entry;
	uint64_t phdr;		/* user address of the program headers, or 0 */
	uint16_t phent, phnum;
};

const char *elf_load(uint64_t pml4, const void *file, size_t size, struct elf_image *out);

#define USER_STACK_SIZE	(128UL * 1024)
#define USER_STACK_TOP	TASK_SIZE_MAX

#endif
