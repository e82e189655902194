/* SPDX-License-Identifier: MIT */
#ifndef _UAPI_ASM_ERRNO_H
#define _UAPI_ASM_ERRNO_H

/* Error numbers: Linux's values. System calls return them negated. */
#define EPERM		1	/* Operation not permitted */
#define ENOENT		2	/* No such file or directory */
#define ESRCH		3	/* No such process */
#define EINTR		4	/* Interrupted system call */
#define EIO		5	/* I/O error */
#define ENXIO		6	/* No such device or address */
#define E2BIG		7	/* Argument list too long */
#define ENOEXEC		8	/* Exec format error */
#define EBADF		9	/* Bad file number */
#define ECHILD		10	/* No child processes */
#define EAGAIN		11	/* Try again */
#define ENOMEM		12	/* Out of memory */
#define EACCES		13	/* Permission denied */
#define EFAULT		14	/* Bad address */
#define EBUSY		16	/* Device or resource busy */
#define EEXIST		17	/* File exists */
#define ENODEV		19	/* No such device */
#define EINVAL		22	/* Invalid argument */
#define EMFILE		24	/* Too many open files */
#define ENOTTY		25	/* Not a typewriter */
#define ENOSPC		28	/* No space left on device */
#define ESPIPE		29	/* Illegal seek */
#define ERANGE		34	/* Math result not representable */
#define ENAMETOOLONG	36	/* File name too long */
#define ENOSYS		38	/* Invalid system call number */
#define ELOOP		40	/* Too many symbolic links encountered */
#define EOVERFLOW	75	/* Value too large for defined data type */
#define EOPNOTSUPP	95	/* Operation not supported on transport endpoint */

#endif
