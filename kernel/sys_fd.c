// SPDX-License-Identifier: MIT
/*
 * File descriptors, when the console is the only file: every open
 * descriptor is the serial port, a terminal (a character device, like
 * Linux's ttyS0) opened for reading and writing. Descriptors can be closed,
 * duplicated, asked about (fstat, fcntl, ioctl); nothing else can be opened,
 * since there is no file system: open() finds no file.
 */
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/string.h>
#include <trapdoor/sys_core.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/task.h>
#include <uapi/asm/errno.h>
#include <uapi/trapdoor/extend.h>

#define O_RDWR		02
#define O_ACCMODE	03
#define O_APPEND	02000
#define O_NONBLOCK	04000
#define O_CLOEXEC	02000000
#define SETFL_MASK	(O_APPEND | O_NONBLOCK)

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	1030
#define FD_CLOEXEC	1

#define AT_FDCWD		-100
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000

void fds_init(struct fd *fds)
{
	for (int i = 0; i < 3; i++)
		fds[i] = (struct fd){ .open = true, .flags = O_RDWR };
}

bool fd_is_open(unsigned int fd)
{
	return fd < NR_OPEN && current->fds[fd].open;
}

/* The lowest closed descriptor at or above from, or -EMFILE. */
static int dup_to_lowest(unsigned int old, unsigned int from, bool cloexec)
{
	for (unsigned int fd = from; fd < NR_OPEN; fd++)
		if (!current->fds[fd].open) {
			current->fds[fd] = (struct fd){ true, cloexec, current->fds[old].flags };
			return fd;
		}
	return -EMFILE;
}

/*
 * Close-on-exec for a descriptor about to be made: set by indirect() for
 * the call it runs (kernel/sys_indirect.c). Each call that makes one has to
 * ask; that is the multiplexer's contract.
 */
static bool indirect_cloexec(void)
{
	return current->indirect_file_flags & O_CLOEXEC;
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	if (!fd_is_open(fd))
		return -EBADF;
	current->fds[fd].open = false;
	return 0;
}

SYSCALL_DEFINE1(dup, unsigned int, fildes)
{
	return fd_is_open(fildes) ? dup_to_lowest(fildes, 0, indirect_cloexec()) : -EBADF;
}

/* dup3, for dup3 and dup_ext: flags is 0 or O_CLOEXEC. */
static long do_dup3(unsigned int oldfd, unsigned int newfd, uint64_t flags)
{
	if (flags & ~(uint64_t)O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (!fd_is_open(oldfd))
		return -EBADF;
	if (newfd >= NR_OPEN)
		return -EBADF;
	current->fds[newfd] = (struct fd){ true, flags & O_CLOEXEC, current->fds[oldfd].flags };
	return newfd;
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	return do_dup3(oldfd, newfd, (uint64_t)(long)flags);	/* a negative int keeps its high bits: -EINVAL */
}

/*
 * dup3 with its arguments in a structure that grows (struct dup_args,
 * include/uapi/trapdoor/extend.h), as openat2 and clone3 take theirs.
 * Version 0 (8 bytes) is oldfd and newfd; version 1 (16) adds flags. Sizes
 * as openat2 checks them: below version 0, -EINVAL; above a page, -E2BIG.
 */
SYSCALL_DEFINE2(dup_ext, const struct dup_args __user *, uargs, size_t, size)
{
	struct dup_args args;

	if (size < DUP_ARGS_SIZE_VER0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	int err = copy_struct_from_user(&args, sizeof(args), uargs, size);
	if (err)
		return err;
	return do_dup3(args.oldfd, args.newfd, args.flags);
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	if (oldfd == newfd)
		return fd_is_open(oldfd) ? (long)newfd : -EBADF;
	if (!fd_is_open(oldfd))
		return -EBADF;
	if (newfd >= NR_OPEN)
		return -EBADF;
	current->fds[newfd] = (struct fd){ true, indirect_cloexec(), current->fds[oldfd].flags };
	return newfd;
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	if (!fd_is_open(fd))
		return -EBADF;
	struct fd *f = &current->fds[fd];
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= NR_OPEN)
			return -EINVAL;
		return dup_to_lowest(fd, arg, cmd == F_DUPFD_CLOEXEC || indirect_cloexec());
	case F_GETFD:
		return f->cloexec ? FD_CLOEXEC : 0;
	case F_SETFD:
		f->cloexec = arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		return 0;
	default:
		return -EINVAL;
	}
}

/* Terminal ioctls: the console's settings as a serial console has them by default. */
#define TCGETS		0x5401
#define TIOCGPGRP	0x540f
#define TIOCGWINSZ	0x5413

struct termios {
	unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line, c_cc[19];
};

struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	static const struct termios console_termios = {
		.c_iflag = 0x500,		/* ICRNL IXON */
		.c_oflag = 0x5,			/* OPOST ONLCR */
		.c_cflag = 0x10bf,		/* B115200 CS8 CREAD HUPCL */
		.c_lflag = 0x8a3b,		/* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */
		.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22 },
	};
	static const struct winsize console_size = { 24, 80, 0, 0 };
	int pgrp = current->pid;

	if (!fd_is_open(fd))
		return -EBADF;
	switch (cmd) {
	case TCGETS:
		return copy_to_user((void __user *)arg, &console_termios, sizeof(console_termios)) ? -EFAULT : 0;
	case TIOCGWINSZ:
		return copy_to_user((void __user *)arg, &console_size, sizeof(console_size)) ? -EFAULT : 0;
	case TIOCGPGRP:
		return copy_to_user((void __user *)arg, &pgrp, sizeof(pgrp)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

/* struct stat, x86-64 layout: 144 bytes. */
struct stat {
	unsigned long st_dev, st_ino, st_nlink;
	unsigned int st_mode, st_uid, st_gid, __pad0;
	unsigned long st_rdev;
	long st_size, st_blksize, st_blocks;
	unsigned long st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	long __unused[3];
};
_Static_assert(sizeof(struct stat) == 144, "struct stat is Linux's");

#define S_IFCHR		0020000
#define CONSOLE_RDEV	((4 << 8) | 64)		/* ttyS0: major 4, minor 64 */

/* The console, as stat describes it. */
static void stat_console(struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev = 5;			/* devtmpfs's, on a typical Linux */
	st->ino = 64;
	st->nlink = 1;
	st->mode = S_IFCHR | 0620;
	st->gid = 5;			/* the tty group */
	st->rdev = CONSOLE_RDEV;
	st->blksize = 1024;
}

static long put_stat(struct stat __user *statbuf, const struct kstat *k)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_dev = k->dev;
	st.st_ino = k->ino;
	st.st_nlink = k->nlink;
	st.st_mode = k->mode;
	st.st_uid = k->uid;
	st.st_gid = k->gid;
	st.st_rdev = k->rdev;
	st.st_size = k->size;
	st.st_blksize = k->blksize;
	st.st_blocks = k->blocks;
	return copy_to_user(statbuf, &st, sizeof(st)) ? -EFAULT : 0;
}

long vfs_fstat(unsigned int fd, struct kstat *st)
{
	if (!fd_is_open(fd))
		return -EBADF;
	stat_console(st);
	return 0;
}

SYSCALL_DEFINE2(fstat, unsigned int, fd, struct stat __user *, statbuf)
{
	struct kstat st;
	long err = vfs_fstat(fd, &st);

	return err ? err : put_stat(statbuf, &st);
}

/* Reads pathname into buf (PATH_MAX bytes): 0, -EFAULT or -ENAMETOOLONG. */
static long get_path(char *buf, const char __user *pathname, long size)
{
	long n = strncpy_from_user(buf, pathname, size);

	if (n < 0)
		return n;
	return n == size ? -ENAMETOOLONG : 0;
}

/* With AT_EMPTY_PATH and "", the descriptor itself; any other path names no file. */
long vfs_fstatat(int dfd, const char __user *filename, int flag, struct kstat *st)
{
	char path[256];

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	long err = get_path(path, filename, sizeof(path));
	if (err)
		return err == -ENAMETOOLONG ? -ENOENT : err;
	if (path[0] == '\0') {
		if (!(flag & AT_EMPTY_PATH))
			return -ENOENT;
		return dfd >= 0 ? vfs_fstat(dfd, st) : -EBADF;
	}
	return -ENOENT;
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename, struct stat __user *, statbuf, int, flag)
{
	struct kstat st;
	long err = vfs_fstatat(dfd, filename, flag, &st);

	return err ? err : put_stat(statbuf, &st);
}

#define SEEK_MAX	4	/* SEEK_HOLE */

/* A terminal has no position: every seek fails, after Linux's checks of fd and whence. */
long ksys_lseek(unsigned int fd, long offset, unsigned int whence)
{
	(void)offset;
	if (!fd_is_open(fd))
		return -EBADF;
	return whence > SEEK_MAX ? -EINVAL : -ESPIPE;
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, long, offset, unsigned int, whence)
{
	return ksys_lseek(fd, offset, whence);
}

/* _llseek's: the offset in two halves, the result stored through a pointer (never reached here). */
long ksys_llseek(unsigned int fd, unsigned long offset_high, unsigned long offset_low,
		 long long __user *result, unsigned int whence)
{
	(void)result;
	return ksys_lseek(fd, (long)(offset_high << 32 | (uint32_t)offset_low), whence);
}

/* No file system: every path names a file that does not exist. */
static long do_open(const char __user *filename)
{
	char path[256];

	return get_path(path, filename, sizeof(path)) == -EFAULT ? -EFAULT : -ENOENT;
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags, unsigned short, mode)
{
	(void)dfd, (void)flags, (void)mode;
	return do_open(filename);
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, unsigned short, mode)
{
	(void)flags, (void)mode;
	return do_open(filename);
}

/*
 * One link exists: /proc/self/exe, the program's own path, made absolute
 * (kernel/program.c): the working directory is the root. readlink writes no
 * terminating NUL and truncates to bufsiz, as Linux's does.
 */
static long do_readlink(const char __user *pathname, char __user *buf, int bufsiz)
{
	char path[64];

	if (bufsiz <= 0)
		return -EINVAL;
	long err = get_path(path, pathname, sizeof(path));
	if (err == -EFAULT)
		return err;
	if (err || strcmp(path, "/proc/self/exe") != 0)
		return -ENOENT;
	size_t n = min(strlen(current->exe), (size_t)bufsiz);
	return copy_to_user(buf, current->exe, n) ? -EFAULT : (long)n;
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, pathname, char __user *, buf, int, bufsiz)
{
	(void)dfd;
	return do_readlink(pathname, buf, bufsiz);
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf, int, bufsiz)
{
	return do_readlink(path, buf, bufsiz);
}
