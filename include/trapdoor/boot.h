/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_BOOT_H
#define _TRAPDOOR_BOOT_H

#include <stdint.h>

/*
 * What the kernel keeps from the multiboot2 information (kernel/multiboot.c).
 * The information structure itself stays reserved for the whole run, so the
 * modules and their strings are read where GRUB put them: there is no limit
 * on how many programs a run has or how long their argument lists are.
 */
#define MAX_MEM_REGIONS	32

struct mem_region {
	uint64_t start, end;		/* physical, end exclusive: usable RAM */
};

/* One program: a multiboot2 module tag, as GRUB wrote it. */
struct boot_module {
	uint32_t type, size;
	uint32_t start, end;		/* physical, end exclusive */
	char string[];			/* its command line, GRUB-quoted: path arg1 "arg 2"... */
};

struct boot_info {
	const char *cmdline;		/* the kernel's options, in the information structure */
	int nregions;
	struct mem_region regions[MAX_MEM_REGIONS];
	int nmodules;
	uint64_t mbi_start, mbi_end;	/* the information structure itself */
};

extern struct boot_info boot_info;

void multiboot_parse(uint32_t magic, uint64_t mbi_phys);

/* The programs in grub.cfg's order: next_module(NULL) is the first, NULL ends. */
const struct boot_module *next_module(const struct boot_module *prev);

#define for_each_module(m) for (const struct boot_module *m = next_module(NULL); m; m = next_module(m))

#endif
