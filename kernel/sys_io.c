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
#include <trapdoor/string.h>
#include <trapdoor/sys_core.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/time.h>
#include <trapdoor/task.h>
#include <uapi/asm/errno.h>

#define IO_CHUNK 256
#define LONG_MAX	0x7fffffffffffffffL

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
 * An iovec array, already copied in, checked as Linux checks it: lengths
 * whose sum fits in a signed size, and each buffer below the top of user space.
 */
long iovec_check(const struct iovec *iov, unsigned long vlen)
{
	size_t total = 0;

	for (unsigned long i = 0; i < vlen; i++) {
		if (iov[i].iov_len > (size_t)LONG_MAX - total)
			return -EINVAL;
		total += iov[i].iov_len;
		if (!access_ok(iov[i].iov_base, iov[i].iov_len))
			return -EFAULT;
	}
	return 0;
}

/* A native iovec array from user space: at most UIO_MAXIOV entries. */
static long get_iovec(struct iovec *iov, const struct iovec __user *vec, unsigned long vlen)
{
	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	if (copy_from_user(iov, vec, vlen * sizeof(*iov)))
		return -EFAULT;
	return iovec_check(iov, vlen);
}

/*
 * Write the buffers as one stream, gathered in chunks as Linux's terminal
 * writes them (2048 bytes): a buffer that cannot be read ends the write, and
 * the chunk it was in is not written. So a bad buffer after a good one gives
 * -EFAULT with nothing written when both fit in one chunk.
 */
long do_writev(unsigned long fd, const struct iovec *iov, unsigned long vlen)
{
	static char chunk[2048];
	size_t fill = 0;
	long done = 0;

	(void)fd;
	for (unsigned long i = 0; i < vlen; i++)
		for (size_t off = 0; off < iov[i].iov_len; ) {
			size_t n = min(iov[i].iov_len - off, sizeof(chunk) - fill);

			if (copy_from_user(chunk + fill, (const char __user *)iov[i].iov_base + off, n))
				return done ? done : -EFAULT;
			fill += n;
			off += n;
			if (fill == sizeof(chunk)) {
				serial_write(chunk, fill);
				done += fill;
				fill = 0;
			}
		}
	serial_write(chunk, fill);
	return done + fill;
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	static struct iovec iov[UIO_MAXIOV];	/* one task, one call at a time: no need for the stack */

	if (!fd_is_open(fd))			/* the low 32 bits, as Linux's fdget() */
		return -EBADF;
	long err = get_iovec(iov, vec, vlen);
	return err ? err : do_writev(fd, iov, vlen);
}

/*
 * The console's input, a line at a time, as a terminal in canonical mode hands
 * it over: bytes move from the UART into line[] as they arrive, and a read
 * returns once line[] holds a whole line (or line[] is full), with as much of
 * it as the read asked for. A bytes-as-they-come read would return half a line when the
 * other end is slow to send the rest. What a read does not take, or leaves
 * behind when a signal cuts its wait short, stays in line[] for the next one.
 */
static char line[IO_CHUNK];
static size_t line_len;

static size_t line_end(void)		/* bytes up to and including the first newline; 0 if none */
{
	for (size_t i = 0; i < line_len; i++)
		if (line[i] == '\n')
			return i + 1;
	return 0;
}

/* Take what the UART has, up to the end of a line; true if a whole line (or a full buffer) is there. */
static bool line_ready(void)
{
	while (!line_end() && line_len < sizeof(line) && serial_has_input())
		line[line_len++] = serial_getc();
	return line_end() || line_len == sizeof(line);
}

/*
 * Wait (letting interrupts in: the console's IRQ, a timer, a signal) for a
 * line, then give the reader up to count bytes of it. A signal ends the wait:
 * the read gives way, to be restarted or to fail with -EINTR as the handler's
 * SA_RESTART says.
 */
static long console_read(char __user *buf, size_t count)
{
	if (count == 0)
		return 0;
	while (!line_ready()) {
		if (signal_pending())
			return -ERESTARTSYS;
		wait_for_interrupt(0);
	}
	size_t n = line_end() ? line_end() : line_len;

	n = min(n, count);
	if (copy_to_user(buf, line, n))
		return -EFAULT;			/* the bytes stay for the next read */
	line_len -= n;
	memmove(line, line + n, line_len);
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
long do_readv(unsigned long fd, const struct iovec *iov, unsigned long vlen)
{
	(void)fd;
	for (unsigned long i = 0; i < vlen; i++)
		if (iov[i].iov_len)
			return console_read(iov[i].iov_base, iov[i].iov_len);
	return 0;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	static struct iovec iov[UIO_MAXIOV];

	if (!fd_is_open(fd))			/* the low 32 bits, as Linux's fdget() */
		return -EBADF;
	long err = get_iovec(iov, vec, vlen);
	return err ? err : do_readv(fd, iov, vlen);
}
