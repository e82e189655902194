// SPDX-License-Identifier: MIT
/*
 * Copying to and from user space. With SMAP on, the kernel faults on any
 * user page unless RFLAGS.AC is set, so each helper opens the window with
 * stac and closes it with clac around the one instruction that copies. The
 * copying instructions are in the exception table: a page fault there jumps
 * to the fixup (arch/x86/kernel/traps.c -> fixup_exception) instead of
 * panicking.
 */
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <uapi/asm/errno.h>

static inline void user_access_begin(void)
{
	if (smap_enabled)
		asm volatile("stac" : : : "memory");
}

static inline void user_access_end(void)
{
	if (smap_enabled)
		asm volatile("clac" : : : "memory");
}

/*
 * rep movsq copies rcx quadwords, then rep movsb the last len % 8 bytes, each
 * counting rcx down as it goes. If the byte copy faults, the fixup is the next
 * instruction: rcx then holds what was not copied. If the quadword copy
 * faults, its fixup (3:) turns the quadwords left into bytes and adds the
 * tail, so the result is what was not copied, to within the faulting quadword.
 */
static unsigned long copy_user(void *dst, const void *src, unsigned long len)
{
	unsigned long tail = len % 8;

	len /= 8;
	user_access_begin();
	asm volatile("1: rep movsq\n"
		     "   mov %3, %0\n"
		     "2: rep movsb\n"
		     "   jmp 4f\n"
		     "3: lea (%3, %0, 8), %0\n"
		     "4:\n"
		     _ASM_EXTABLE(1b, 3b)
		     _ASM_EXTABLE(2b, 4b)
		     : "+c"(len), "+D"(dst), "+S"(src) : "r"(tail) : "memory");
	user_access_end();
	return len;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (!access_ok(from, n))
		return n;
	return copy_user(to, (const void *)from, n);
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return copy_user((void *)to, from, n);
}

/* Load one user byte; the fixup makes it return false instead of faulting. */
static inline bool load_user_byte(char *val, const char __user *p)
{
	bool ok;

	asm volatile("1: movb (%2), %b1\n"
		     "   movb $1, %0\n"
		     "2:\n"
		     ".pushsection .text.fixup, \"ax\"\n"
		     "3: movb $0, %0\n"
		     "   jmp 2b\n"
		     ".popsection\n"
		     _ASM_EXTABLE(1b, 3b)
		     : "=&r"(ok), "=&q"(*val) : "r"(p) : "memory");
	return ok;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	unsigned long addr = (unsigned long)src;
	long i;

	if (count <= 0)
		return 0;
	if (addr >= TASK_SIZE_MAX)
		return -EFAULT;
	long room = (long)min((unsigned long)count, TASK_SIZE_MAX - addr);	/* stop at the user-space end */

	long ret = -EFAULT;	/* unless we find the NUL, or count bytes */
	user_access_begin();
	for (i = 0; i < room; i++) {
		if (!load_user_byte(&dst[i], src + i))
			break;		/* a fault */
		if (dst[i] == '\0') {
			ret = i;	/* the end of the string */
			break;
		}
	}
	user_access_end();
	if (i == count)
		ret = count;	/* no NUL within count bytes */
	return ret;		/* else a fault, or the string ran off user space */
}
