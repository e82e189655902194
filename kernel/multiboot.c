// SPDX-License-Identifier: MIT
/*
 * Reading what GRUB tells us. The multiboot2 information structure is a list
 * of tags, each 8-byte aligned: the command line, the memory map and one tag
 * per module (each program in grub.cfg). The page allocator keeps the whole
 * structure reserved, so the command line and the modules are read in place;
 * only the memory map is copied into boot_info.
 */
#include <asm/page.h>
#include <trapdoor/boot.h>
#include <trapdoor/kernel.h>
#include <trapdoor/string.h>

#define MB2_TAG_END	0
#define MB2_TAG_CMDLINE	1
#define MB2_TAG_MODULE	3
#define MB2_TAG_MMAP	6
#define MB2_MEMORY_AVAILABLE 1

struct mb2_tag {
	uint32_t type, size;
};

struct mb2_mmap_entry {
	uint64_t addr, len;
	uint32_t type, zero;
};

struct mb2_tag_mmap {
	uint32_t type, size;
	uint32_t entry_size, entry_version;
	struct mb2_mmap_entry entries[];
};

struct boot_info boot_info;

static void add_region(uint64_t start, uint64_t end)
{
	if (boot_info.nregions == MAX_MEM_REGIONS) {
		printk("trapdoor: more than %d memory regions; ignoring the rest\n", MAX_MEM_REGIONS);
		return;
	}
	boot_info.regions[boot_info.nregions++] = (struct mem_region){ start, end };
}

static void parse_mmap(const struct mb2_tag_mmap *tag)
{
	const char *p = (const char *)tag->entries;
	const char *end = (const char *)tag + tag->size;

	for (; p + sizeof(struct mb2_mmap_entry) <= end; p += tag->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;

		if (e->type == MB2_MEMORY_AVAILABLE && e->len)
			add_region(e->addr, e->addr + e->len);
	}
}

/* Called first thing, while the boot page tables map the first 4 GiB at __va(). */
void multiboot_parse(uint32_t magic, uint64_t mbi_phys)
{
	if (magic != 0x36d76289)	/* boot/boot.asm checked it; keep C honest too */
		panic("not started by a multiboot2 loader");

	uint32_t total = *(const uint32_t *)__va(mbi_phys);
	const char *p = (const char *)__va(mbi_phys) + 8;	/* skip total_size, reserved */
	const char *end = (const char *)__va(mbi_phys) + total;

	boot_info.cmdline = "";
	boot_info.mbi_start = mbi_phys;
	boot_info.mbi_end = mbi_phys + total;
	while (p + sizeof(struct mb2_tag) <= end) {
		const struct mb2_tag *tag = (const void *)p;

		if (tag->type == MB2_TAG_END)
			break;
		if (tag->type == MB2_TAG_CMDLINE)
			boot_info.cmdline = p + 8;
		else if (tag->type == MB2_TAG_MODULE)
			boot_info.nmodules++;
		else if (tag->type == MB2_TAG_MMAP)
			parse_mmap((const void *)tag);
		p += (tag->size + 7) & ~7u;
	}
}

/* The module tag after prev (after the start if prev is NULL), or NULL. */
const struct boot_module *next_module(const struct boot_module *prev)
{
	const char *p = prev ? (const char *)prev + ((prev->size + 7) & ~7u)
			     : (const char *)__va(boot_info.mbi_start) + 8;
	const char *end = __va(boot_info.mbi_end);

	for (; p + sizeof(struct mb2_tag) <= end; p += (((const struct mb2_tag *)p)->size + 7) & ~7u) {
		const struct mb2_tag *tag = (const void *)p;

		if (tag->type == MB2_TAG_END || tag->size < sizeof(*tag))
			break;
		if (tag->type == MB2_TAG_MODULE)
			return (const void *)tag;
	}
	return NULL;
}
