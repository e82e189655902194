/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_BOOT_H
#define _TRAPDOOR_BOOT_H

#include <stdint.h>

/* What the kernel keeps from the multiboot2 information (kernel/multiboot.c). */
#define MAX_MEM_REGIONS	32
#define MAX_MODULES	32
#define MODULE_STRING_MAX 128

struct mem_region {
	uint64_t start, end;		/* physical, end exclusive: usable RAM */
};

struct boot_module {
	uint64_t start, end;		/* physical, end exclusive */
	char string[MODULE_STRING_MAX];	/* "name arg1 arg2..." from grub.cfg */
};

struct boot_info {
	char cmdline[512];
	int nregions;
	struct mem_region regions[MAX_MEM_REGIONS];
	int nmodules;
	struct boot_module modules[MAX_MODULES];
	uint64_t mbi_start, mbi_end;	/* the information structure itself */
};

extern struct boot_info boot_info;

void multiboot_parse(uint32_t magic, uint64_t mbi_phys);

#endif
