// SPDX-License-Identifier: MIT
/* A tiny libc: start-up, the system calls as functions, printf to fd 1. */
#include <user.h>

int main(int argc, char **argv);

char **environ;
static unsigned long *auxv;

/* Called by crt0 with sp at argc: System V start-up stack. */
__attribute__((noreturn)) void __libc_start(unsigned long *sp);
void __libc_start(unsigned long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)&sp[1];
	char **envp = argv + argc + 1;
	char **p = envp;

	while (*p)
		p++;
	environ = envp;
	auxv = (unsigned long *)(p + 1);
	exit(main(argc, argv));
}

unsigned long getauxval(unsigned long type)
{
	for (unsigned long *a = auxv; a[0]; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

long write(int fd, const void *buf, size_t count)
{
	return syscall3(__NR_write, fd, buf, count);
}

long read(int fd, void *buf, size_t count)
{
	return syscall3(__NR_read, fd, buf, count);
}

long getpid(void)
{
	return syscall0(__NR_getpid);
}

void exit(int status)
{
	syscall1(__NR_exit_group, status);
	__builtin_unreachable();
}

int printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	write(1, buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}
