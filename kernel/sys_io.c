// SPDX-License-Identifier: MIT
/*
 * read, write, readv, writev: the console is the only file (kernel/sys_fd.c),
 * so every open descriptor reads from the serial port and writes to it. Data
 * moves through a kernel buffer, with copy_from_user/copy_to_user doing every
 * access to the user's memory.
 */
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/serial.h>
#include <trapdoor/signal.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/time.h>
#include <trapdoor/task.h>
#include <uapi/asm/errno.h>

#define IO_CHUNK 256
#define LONG_MAX	0x7fffffffffffffffL

#define UIO_MAXIOV	1024

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

/* Write count bytes from buf to the console: the count written, or -EFAULT if none was. */
static long console_write(const char __user *buf, size_t count)
{
	char chunk[IO_CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));

		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;	/* what was written stays written */
		serial_write(chunk, n);
		done += n;
	}
	return done;
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	if (!fd_is_open(fd))
		return -EBADF;
	if (!access_ok(buf, count))
		return -EFAULT;
	return console_write(buf, count);
}

/*
 * An iovec array from user space, checked as Linux checks it: at most
 * UIO_MAXIOV entries, and lengths whose sum fits in a signed size.
 */
static long get_iovec(struct iovec *iov, const struct iovec __user *vec, unsigned long vlen)
{
	size_t total = 0;

	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	if (copy_from_user(iov, vec, vlen * sizeof(*iov)))
		return -EFAULT;
	for (unsigned long i = 0; i < vlen; i++) {
		if (iov[i].iov_len > (size_t)LONG_MAX - total)
			return -EINVAL;
		total += iov[i].iov_len;
		if (!access_ok(iov[i].iov_base, iov[i].iov_len))
			return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	static struct iovec iov[UIO_MAXIOV];	/* one task, one call at a time: no need for the stack */
	long done = 0;

	if (!fd_is_open(fd))			/* the low 32 bits, as Linux's fdget() */
		return -EBADF;
	long err = get_iovec(iov, vec, vlen);
	if (err)
		return err;
	for (unsigned long i = 0; i < vlen; i++) {
		long n = console_write(iov[i].iov_base, iov[i].iov_len);

		if (n < 0)
			return done ? done : n;
		done += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	return done;
}

/*
 * Wait for the first byte (letting interrupts in: a signal may come, and
 * then the read gives way, to be restarted or to fail with -EINTR as the
 * handler's SA_RESTART says), then take what has already arrived, up to
 * count or the end of a line, as a terminal in canonical mode hands it over.
 */
static long console_read(char __user *buf, size_t count)
{
	char chunk[IO_CHUNK];
	size_t n = 0;

	if (count == 0)
		return 0;
	while (!serial_has_input()) {
		if (signal_pending())
			return -ERESTARTSYS;
		wait_for_interrupt(0);		/* the console's IRQ, or a timer, wakes it */
	}
	count = min(count, sizeof(chunk));
	do {
		chunk[n] = serial_getc();
	} while (chunk[n++] != '\n' && n < count && serial_has_input());

	if (copy_to_user(buf, chunk, n))
		return -EFAULT;
	return n;
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	if (!fd_is_open(fd))
		return -EBADF;
	if (!access_ok(buf, count))
		return -EFAULT;
	return console_read(buf, count);
}

/* Like read: one line at most, into the first buffer that is not empty. */
SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	static struct iovec iov[UIO_MAXIOV];

	if (!fd_is_open(fd))			/* the low 32 bits, as Linux's fdget() */
		return -EBADF;
	long err = get_iovec(iov, vec, vlen);
	if (err)
		return err;
	for (unsigned long i = 0; i < vlen; i++)
		if (iov[i].iov_len)
			return console_read(iov[i].iov_base, iov[i].iov_len);
	return 0;
}
