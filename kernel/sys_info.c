// SPDX-License-Identifier: MIT
/* getpid, getppid, uname: what a program can ask about itself and the kernel. */
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/program.h>
#include <trapdoor/string.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/version.h>
#include <uapi/asm/errno.h>
#include <uapi/trapdoor/utsname.h>

SYSCALL_DEFINE0(getpid)
{
	return current->pid;
}

/* The kernel starts every program itself: none has a parent process. */
SYSCALL_DEFINE0(getppid)
{
	return 0;
}

SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "trapdoor", sizeof(u.sysname));
	strlcpy(u.nodename, "trapdoor", sizeof(u.nodename));
	strlcpy(u.release, TRAPDOOR_RELEASE, sizeof(u.release));
	strlcpy(u.version, TRAPDOOR_VERSION, sizeof(u.version));
	strlcpy(u.machine, "x86_64", sizeof(u.machine));
	strlcpy(u.domainname, "(none)", sizeof(u.domainname));
	if (copy_to_user(name, &u, sizeof(u)))
		return -EFAULT;
	return 0;
}
