// SPDX-License-Identifier: MIT
/*
 * set_thread_area and get_thread_area: a 32-bit program's thread-local
 * storage. An i386 C library cannot write a segment base directly, as a
 * 64-bit one does with arch_prctl (arch/x86/kernel/process.c); it asks for a
 * GDT descriptor whose base is its thread's block, then loads that
 * descriptor's selector into GS (glibc, musl: %gs:0 is the thread's own
 * address). Three GDT slots are the program's own, 12 to 14, as on Linux
 * (selectors 0x63, 0x6b, 0x73); kernel/program.c loads them, empty, when a
 * program starts, so no program sees another's.
 *
 * Only the ia32 table has these calls: Linux's 64-bit ABI never had them.
 */
#include <asm/desc.h>
#include <asm/segment.h>
#include <asm/uaccess.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/task.h>
#include <uapi/asm/errno.h>

/* What the program describes: the layout of Linux's struct user_desc. */
struct user_desc {
	unsigned int entry_number;	/* a GDT slot, or -1: "pick a free one and tell me" */
	unsigned int base_addr;
	unsigned int limit;
	unsigned int seg_32bit : 1;
	unsigned int contents : 2;	/* 0 data, 1 expand-down data, 2 and 3 code */
	unsigned int read_exec_only : 1;
	unsigned int limit_in_pages : 1;
	unsigned int seg_not_present : 1;
	unsigned int useable : 1;
	unsigned int lm : 1;		/* (64-bit code: never set in a TLS slot) */
};

/*
 * The two ways to say "no descriptor": every field zero, or Linux's old
 * "empty" pattern (read_exec_only and seg_not_present only). Both clear the
 * slot; the kernel never checked, so programs rely on both.
 */
static bool desc_is_clear(const struct user_desc *u)
{
	bool nothing = !u->base_addr && !u->limit && !u->contents && !u->seg_32bit &&
		       !u->limit_in_pages && !u->useable && !u->lm;

	return nothing && u->read_exec_only == u->seg_not_present;
}

/*
 * What a TLS slot may hold, as Linux allows: a present 32-bit data segment.
 * Not code (ring 3 could then far-jump to a segment of its making), not
 * 16-bit (its stack would need Linux's espfix), not absent.
 */
static bool desc_okay(const struct user_desc *u)
{
	if (desc_is_clear(u))
		return true;
	return u->seg_32bit && u->contents <= 1 && !u->seg_not_present;
}

/* The 8-byte descriptor for u: DPL 3, accessed, never 64-bit code (L = 0). */
static uint64_t make_desc(const struct user_desc *u)
{
	uint64_t base = u->base_addr, limit = u->limit;

	if (desc_is_clear(u))
		return 0;
	uint64_t type = 1 | ((u->read_exec_only ^ 1) << 1) | (u->contents << 2);	/* accessed, writable */
	return (limit & 0xffff) | ((base & 0xffffff) << 16) | (type << 40) | (1UL << 44) /* S */ |
	       (3UL << 45) /* DPL 3 */ | ((uint64_t)!u->seg_not_present << 47) | (((limit >> 16) & 0xf) << 48) |
	       ((uint64_t)u->useable << 52) | ((uint64_t)u->seg_32bit << 54) | ((uint64_t)u->limit_in_pages << 55) |
	       ((base >> 24) << 56);
}

/*
 * If FS or GS holds a selector of the changed slot, load it again: a segment
 * register keeps the base it was loaded with, so the program would not see
 * the new base until it reloaded the selector itself. A cleared slot cannot
 * be loaded; the register gets the null selector, as Linux does. GS is
 * loaded between two swapgs, as in reset_user_segments (arch/x86/kernel/gdt.c).
 */
static void reload_segments(int idx, bool cleared)
{
	unsigned int want = idx * 8 + 3, sel;

	asm volatile("mov %%fs, %0" : "=r"(sel));
	if ((sel & ~3U) == (want & ~3U))
		asm volatile("mov %0, %%fs" : : "r"(cleared ? 0 : want));
	asm volatile("mov %%gs, %0" : "=r"(sel));
	if ((sel & ~3U) == (want & ~3U))
		asm volatile("swapgs; mov %0, %%gs; swapgs" : : "r"(cleared ? 0 : want) : "memory");
}

/* Linux's checks, in Linux's order. */
SYSCALL_DEFINE1(set_thread_area, struct user_desc __user *, u_info)
{
	struct user_desc u;
	int idx;

	if (copy_from_user(&u, u_info, sizeof(u)))
		return -EFAULT;
	if (!desc_okay(&u))
		return -EINVAL;
	idx = (int)u.entry_number;
	if (idx == -1) {		/* the first empty slot; the program learns which */
		for (int i = 0; i < GDT_ENTRY_TLS_ENTRIES && idx == -1; i++)
			if (!current->tls[i])
				idx = GDT_ENTRY_TLS_MIN + i;
		if (idx == -1)
			return -ESRCH;
		if (copy_to_user(&u_info->entry_number, &idx, sizeof(idx)))
			return -EFAULT;
	}
	if (idx < GDT_ENTRY_TLS_MIN || idx > GDT_ENTRY_TLS_MAX)
		return -EINVAL;

	current->tls[idx - GDT_ENTRY_TLS_MIN] = make_desc(&u);
	load_tls(current->tls);
	reload_segments(idx, desc_is_clear(&u));
	return 0;
}

SYSCALL_DEFINE1(get_thread_area, struct user_desc __user *, u_info)
{
	unsigned int idx;

	if (copy_from_user(&idx, &u_info->entry_number, sizeof(idx)))
		return -EFAULT;
	if (idx < GDT_ENTRY_TLS_MIN || idx > GDT_ENTRY_TLS_MAX)
		return -EINVAL;

	uint64_t d = current->tls[idx - GDT_ENTRY_TLS_MIN];
	struct user_desc u = {
		.entry_number = idx,
		.base_addr = ((d >> 16) & 0xffffff) | ((d >> 56) << 24),
		.limit = (d & 0xffff) | (((d >> 48) & 0xf) << 16),
		.seg_32bit = (d >> 54) & 1,
		.contents = (d >> 42) & 3,
		.read_exec_only = !((d >> 41) & 1),
		.limit_in_pages = (d >> 55) & 1,
		.seg_not_present = !((d >> 47) & 1),
		.useable = (d >> 52) & 1,
		.lm = (d >> 53) & 1,
	};
	return copy_to_user(u_info, &u, sizeof(u)) ? -EFAULT : 0;
}
