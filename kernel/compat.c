// SPDX-License-Identifier: MIT
/*
 * The ia32 ABI's own bodies for files, memory, limits and ids: each converts
 * a 32-bit program's layout (include/trapdoor/compat.h) to the native one and
 * calls the core the 64-bit call uses (include/trapdoor/sys_core.h). Time is
 * in kernel/compat_time.c, signals in kernel/compat_signal.c. A call whose
 * native body serves both ABIs unchanged (read, write, brk, munmap, fcntl64,
 * prlimit64...) has no body here: syscall_32.tbl points at its sys_ entry.
 */
#include <asm/page.h>
#include <asm/uaccess.h>
#include <trapdoor/compat.h>
#include <trapdoor/kernel.h>
#include <trapdoor/string.h>
#include <trapdoor/sys_core.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/task.h>
#include <trapdoor/vma.h>
#include <uapi/asm/errno.h>

#define AT_FDCWD		-100
#define AT_SYMLINK_NOFOLLOW	0x100

/* ---- Files ---------------------------------------------------------------- */

/* The offset is a 32-bit long: -1 is -1, where the native lseek would see 4294967295. */
COMPAT_SYSCALL_DEFINE3(lseek, unsigned int, fd, compat_off_t, offset, unsigned int, whence)
{
	return ksys_lseek(fd, offset, whence);
}

/* _llseek, a 32-bit program's 64-bit seek (Linux's sys_llseek, which only 32-bit ABIs have). */
COMPAT_SYSCALL_DEFINE5(llseek, unsigned int, fd, compat_ulong_t, offset_high, compat_ulong_t, offset_low,
		       long long __user *, result, unsigned int, whence)
{
	return ksys_llseek(fd, offset_high, offset_low, result, whence);
}

/*
 * A 32-bit iovec array, widened. Each length is a 32-bit ssize_t: one of 2 GiB
 * or more is negative, -EINVAL, as Linux's copy_compat_iovec_from_user says.
 */
static long get_compat_iovec(struct iovec *iov, const struct compat_iovec __user *vec, unsigned long vlen)
{
	static struct compat_iovec v32[UIO_MAXIOV];

	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	if (copy_from_user(v32, vec, vlen * sizeof(*v32)))
		return -EFAULT;
	for (unsigned long i = 0; i < vlen; i++) {
		if ((compat_ssize_t)v32[i].iov_len < 0)
			return -EINVAL;
		iov[i] = (struct iovec){ compat_ptr(v32[i].iov_base), v32[i].iov_len };
	}
	return iovec_check(iov, vlen);
}

COMPAT_SYSCALL_DEFINE3(writev, compat_ulong_t, fd, const struct compat_iovec __user *, vec, compat_ulong_t, vlen)
{
	static struct iovec iov[UIO_MAXIOV];

	if (!fd_is_open(fd))
		return -EBADF;
	long err = get_compat_iovec(iov, vec, vlen);
	return err ? err : do_writev(fd, iov, vlen);
}

COMPAT_SYSCALL_DEFINE3(readv, compat_ulong_t, fd, const struct compat_iovec __user *, vec, compat_ulong_t, vlen)
{
	static struct iovec iov[UIO_MAXIOV];

	if (!fd_is_open(fd))
		return -EBADF;
	long err = get_compat_iovec(iov, vec, vlen);
	return err ? err : do_readv(fd, iov, vlen);
}

/* 16-bit ids: what does not fit becomes 65534 (Linux's overflowuid); root is 0 either way. */
static uint16_t low16(unsigned int id)
{
	return id > 0xffff ? 65534 : id;
}

/* fstat (#108): struct compat_stat, 32-bit sizes, old 16-bit device numbers. */
COMPAT_SYSCALL_DEFINE2(newfstat, unsigned int, fd, struct compat_stat __user *, statbuf)
{
	struct kstat k;
	struct compat_stat st;
	long err = vfs_fstat(fd, &k);

	if (err)
		return err;
	if (k.dev > 0xffff || k.rdev > 0xffff || k.ino > 0xffffffffUL || k.nlink > 0xffff)
		return -EOVERFLOW;
	memset(&st, 0, sizeof(st));
	st = (struct compat_stat){
		.st_dev = k.dev, .st_ino = k.ino, .st_mode = k.mode, .st_nlink = k.nlink,
		.st_uid = low16(k.uid), .st_gid = low16(k.gid), .st_rdev = k.rdev,
		.st_size = k.size, .st_blksize = k.blksize, .st_blocks = k.blocks,
	};
	return copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
}

/* i386's struct stat64: 64-bit sizes and inode numbers (the inode twice). */
static long put_stat64(struct stat64 __user *statbuf, const struct kstat *k)
{
	struct stat64 st;

	memset(&st, 0, sizeof(st));
	st.st_dev = k->dev;
	st.__st_ino = k->ino;
	st.st_mode = k->mode;
	st.st_nlink = k->nlink;
	st.st_uid = k->uid;
	st.st_gid = k->gid;
	st.st_rdev = k->rdev;
	st.st_size = k->size;
	st.st_blksize = k->blksize;
	st.st_blocks = k->blocks;
	st.st_ino = k->ino;
	return copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
}

COMPAT_SYSCALL_DEFINE2(fstat64, unsigned int, fd, struct stat64 __user *, statbuf)
{
	struct kstat k;
	long err = vfs_fstat(fd, &k);

	return err ? err : put_stat64(statbuf, &k);
}

/* dfd is declared unsigned, as in Linux's compat_sys_ia32_fstatat64; AT_FDCWD still reads as -100. */
COMPAT_SYSCALL_DEFINE4(fstatat64, unsigned int, dfd, const char __user *, filename,
		       struct stat64 __user *, statbuf, int, flag)
{
	struct kstat k;
	long err = vfs_fstatat((int)dfd, filename, flag, &k);

	return err ? err : put_stat64(statbuf, &k);
}

COMPAT_SYSCALL_DEFINE2(stat64, const char __user *, filename, struct stat64 __user *, statbuf)
{
	struct kstat k;
	long err = vfs_fstatat(AT_FDCWD, filename, 0, &k);

	return err ? err : put_stat64(statbuf, &k);
}

COMPAT_SYSCALL_DEFINE2(lstat64, const char __user *, filename, struct stat64 __user *, statbuf)
{
	struct kstat k;
	long err = vfs_fstatat(AT_FDCWD, filename, AT_SYMLINK_NOFOLLOW, &k);

	return err ? err : put_stat64(statbuf, &k);
}

/* ---- Memory --------------------------------------------------------------- */

/*
 * mmap for the ia32 ABI. A 32-bit program's address space already ends at
 * TASK_SIZE_32; a 64-bit program calling through int $0x80 must still get
 * an address it can hold in eax, so its search starts below 4 GiB, as Linux's
 * get_unmapped_area does for any 32-bit system call (mmap_compat_base).
 */
static long compat_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
			unsigned long fd, unsigned long pgoff)
{
	struct mm *mm = current->mm;
	unsigned long base = mm->mmap_base;

	if (base > MMAP32_BASE)
		mm->mmap_base = MMAP32_BASE;
	long ret = ksys_mmap_pgoff(addr, len, prot, flags, fd, pgoff);
	mm->mmap_base = base;
	return ret;
}

/* mmap2: the offset in 4096-byte pages, so that 32 bits reach past 4 GiB of file. */
COMPAT_SYSCALL_DEFINE6(mmap2, compat_ulong_t, addr, compat_ulong_t, len, compat_ulong_t, prot,
		       compat_ulong_t, flags, compat_ulong_t, fd, compat_ulong_t, pgoff)
{
	return compat_mmap(addr, len, prot, flags, fd, pgoff);
}

/* The old mmap (#90): its six arguments in a structure in memory, the offset in bytes. */
COMPAT_SYSCALL_DEFINE1(old_mmap, struct mmap_arg_struct32 __user *, arg)
{
	struct mmap_arg_struct32 a;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.offset & ~PAGE_MASK)
		return -EINVAL;
	return compat_mmap(a.addr, a.len, a.prot, a.flags, a.fd, a.offset >> PAGE_SHIFT);
}

/* ---- Limits and ids ------------------------------------------------------- */

/* A limit in 32 bits: anything above 2^32 - 1, RLIM_INFINITY included, reads as COMPAT_RLIM_INFINITY. */
static compat_ulong_t rlim_to_compat(unsigned long v)
{
	return v > COMPAT_RLIM_INFINITY ? COMPAT_RLIM_INFINITY : v;
}

static unsigned long rlim_from_compat(compat_ulong_t v)
{
	return v == COMPAT_RLIM_INFINITY ? RLIM_INFINITY : v;
}

/* ugetrlimit (#191): the limits clamped to COMPAT_RLIM_INFINITY (Linux's put_compat_rlimit). */
COMPAT_SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct compat_rlimit __user *, rlim)
{
	struct rlimit r;
	long err = do_prlimit(resource, NULL, &r);
	struct compat_rlimit r32;

	if (err)
		return err;
	r32 = (struct compat_rlimit){ rlim_to_compat(r.rlim_cur), rlim_to_compat(r.rlim_max) };
	return copy_to_user(rlim, &r32, sizeof(r32)) ? -EFAULT : 0;
}

/* getrlimit (#76), the one from before ugetrlimit: infinity was 0x7fffffff then, and so is anything above. */
COMPAT_SYSCALL_DEFINE2(old_getrlimit, unsigned int, resource, struct compat_rlimit __user *, rlim)
{
	struct rlimit r;
	long err = do_prlimit(resource, NULL, &r);
	struct compat_rlimit r32;

	if (err)
		return err;
	r32 = (struct compat_rlimit){ min(r.rlim_cur, 0x7fffffffUL), min(r.rlim_max, 0x7fffffffUL) };
	return copy_to_user(rlim, &r32, sizeof(r32)) ? -EFAULT : 0;
}

COMPAT_SYSCALL_DEFINE2(setrlimit, unsigned int, resource, const struct compat_rlimit __user *, rlim)
{
	struct compat_rlimit r32;
	struct rlimit r;

	if (copy_from_user(&r32, rlim, sizeof(r32)))
		return -EFAULT;
	r = (struct rlimit){ rlim_from_compat(r32.rlim_cur), rlim_from_compat(r32.rlim_max) };
	return do_prlimit(resource, &r, NULL);
}

/* struct compat_robust_list_head is three 32-bit words. */
COMPAT_SYSCALL_DEFINE2(set_robust_list, compat_uptr_t, head, compat_size_t, len)
{
	if (len != COMPAT_ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	return do_set_robust_list(head);
}

/* The 16-bit ids of i386's first calls (getuid32 and the like are the native ones). Root: 0. */
COMPAT_SYSCALL_DEFINE0(getuid16)
{
	return low16(0);
}

COMPAT_SYSCALL_DEFINE0(getgid16)
{
	return low16(0);
}

COMPAT_SYSCALL_DEFINE0(geteuid16)
{
	return low16(0);
}

COMPAT_SYSCALL_DEFINE0(getegid16)
{
	return low16(0);
}
