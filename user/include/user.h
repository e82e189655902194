/* SPDX-License-Identifier: MIT */
#ifndef _USER_H
#define _USER_H

/* The ring-3 side: system call stubs and a tiny libc (user/lib/). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <trapdoor/printf.h>
#include <trapdoor/string.h>
#include <uapi/asm/errno.h>
#include <uapi/trapdoor/utsname.h>
#include <uapi/linux/auxvec.h>
#include <asm/unistd_64.h>	/* generated: __NR_write ... */
#include <asm/unistd_32.h>	/* generated: __NR_ia32_write ... */

/* user/sys.asm: the two entries as C functions; they return -errno on error. */
long syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
long int80_6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
#define syscall0(nr)		syscall6(nr, 0, 0, 0, 0, 0, 0)
#define syscall1(nr, a)		syscall6(nr, (long)(a), 0, 0, 0, 0, 0)
#define syscall3(nr, a, b, c)	syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define int80_0(nr)		int80_6(nr, 0, 0, 0, 0, 0, 0)
#define int80_1(nr, a)		int80_6(nr, (long)(a), 0, 0, 0, 0, 0)
#define int80_3(nr, a, b, c)	int80_6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* Every general-purpose register, rsp and rflags (user/sys.asm, user/crt0.asm). */
struct user_regs {
	unsigned long ax, bx, cx, dx, si, di, bp, r8, r9, r10, r11, r12, r13, r14, r15, sp, flags;
};
void syscall_with_regs(const struct user_regs *in, struct user_regs *out);
void int80_with_regs(const struct user_regs *in, struct user_regs *out);
extern char syscall_with_regs_return[];	/* the instruction after its SYSCALL */
long syscall_with_rsp(long nr, unsigned long rsp);
long int80_with_rsp(long nr, unsigned long rsp);
unsigned long syscall_flags(long nr, unsigned long flags);
unsigned long int80_flags(long nr, unsigned long flags);
long syscall_from_compat_mode(long nr);
void __restore_rt(void);		/* a signal handler's restorer: rt_sigreturn */
extern struct user_regs start_regs;	/* as the kernel started us */
extern unsigned short start_segs[4];	/* ds, es, fs, gs at _start */
extern unsigned char start_fxsave[512];	/* the FXSAVE image at _start */

/* user/lib/libc.c */
long write(int fd, const void *buf, size_t count);
long read(int fd, void *buf, size_t count);
long getpid(void);
__attribute__((noreturn)) void exit(int status);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
unsigned long getauxval(unsigned long type);
extern char **environ;

#endif
