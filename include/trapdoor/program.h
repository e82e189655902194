/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_PROGRAM_H
#define _TRAPDOOR_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <trapdoor/compiler.h>
#include <trapdoor/task.h>

/* Run every multiboot2 module in order; true if all exited with status 0. */
bool run_programs(void);

/* "pid 2 (crash)": how messages name the running program. */
const char *program_label(void);

/* End the running program; neither returns. */
__noreturn void program_exit(int status);
__noreturn void program_kill(int sig);
__noreturn void program_stop(int sig);

/* kernel/elf.c: load a static ELF executable into the address space mm. */
struct elf_image {
	uint64_t entry;
	uint64_t phdr;		/* user address of the program headers, or 0 */
	uint16_t phent, phnum;
	uint64_t end;		/* the first page past the last segment: where brk starts */
	bool compat;		/* an ELF-32 i386 program: it runs in compatibility mode */
};

bool elf_is_32bit(const void *file, size_t size);
const char *elf_load(struct mm *mm, const void *file, size_t size, struct elf_image *out);

#endif
