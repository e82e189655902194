// SPDX-License-Identifier: MIT
/*
 * read and write: the console is the only file. fd 0 reads from the serial
 * port; fds 1 and 2 write to it. Data moves through a kernel buffer, with
 * copy_from_user/copy_to_user doing every access to the user's memory.
 */
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/serial.h>
#include <trapdoor/syscalls.h>
#include <uapi/asm/errno.h>

#define IO_CHUNK 256

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	char chunk[IO_CHUNK];
	size_t done = 0;

	if (fd != 1 && fd != 2)
		return -EBADF;
	if (!access_ok(buf, count))
		return -EFAULT;
	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));

		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;	/* what was written stays written */
		serial_write(chunk, n);
		done += n;
	}
	return done;
}

/*
 * Wait for the first byte, then take what has already arrived, up to count or
 * the end of a line, as a terminal in canonical mode would hand it over.
 */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	char chunk[IO_CHUNK];
	size_t n = 0;

	if (fd != 0)
		return -EBADF;
	if (!access_ok(buf, count))
		return -EFAULT;
	if (count == 0)
		return 0;
	count = min(count, sizeof(chunk));
	do {
		chunk[n] = serial_getc();
	} while (chunk[n++] != '\n' && n < count && serial_has_input());

	if (copy_to_user(buf, chunk, n))
		return -EFAULT;
	return n;
}
