// SPDX-License-Identifier: MIT
/*
 * Copying a structure that grows: the rules Linux's copy_struct_from_user()
 * (include/linux/uaccess.h) and check_zeroed_user() (lib/usercopy.c) set for
 * calls such as openat2 and clone3, written again for trapdoor. The user
 * passes a pointer and the size it was built with; the kernel knows its own
 * size. Nothing here touches user memory except through copy_from_user.
 */
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/string.h>
#include <uapi/asm/errno.h>

/*
 * Are the size bytes at from all zero? 1 if so, 0 if not, -EFAULT if any of
 * them cannot be read. Reads in small pieces, so size may be anything.
 */
int check_zeroed_user(const void __user *from, size_t size)
{
	const char __user *p = from;
	unsigned char buf[64];

	while (size) {
		size_t n = min(size, sizeof(buf));

		if (copy_from_user(buf, p, n))
			return -EFAULT;
		for (size_t i = 0; i < n; i++)
			if (buf[i])
				return 0;
		p += n;
		size -= n;
	}
	return 1;
}

/*
 * Copy a user structure of usize bytes into dst, which holds ksize bytes:
 *   usize == ksize: the whole of it;
 *   usize <  ksize: an older program's; the fields it does not know are
 *                   zeroed, and zero must mean what the call did before;
 *   usize >  ksize: a newer program's; accepted only if every byte past
 *                   ksize is zero (it asks for nothing this kernel lacks),
 *                   else -E2BIG, and the program may retry smaller.
 * -EFAULT if a byte that had to be read could not be. The caller checks
 * usize against its first published size (-EINVAL below it) and any upper
 * bound it sets, as Linux's callers do.
 */
int copy_struct_from_user(void *dst, size_t ksize, const void __user *src, size_t usize)
{
	size_t size = min(ksize, usize);

	if (usize < ksize) {
		memset((char *)dst + size, 0, ksize - size);
	} else if (usize > ksize) {
		int zeroed = check_zeroed_user((const char __user *)src + size, usize - size);

		if (zeroed <= 0)
			return zeroed < 0 ? zeroed : -E2BIG;
	}
	return copy_from_user(dst, src, size) ? -EFAULT : 0;
}
