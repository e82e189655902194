/* SPDX-License-Identifier: MIT */
/*
 * What the signal programs share: names for the numbers they print (their
 * own, never strsignal(), whose words differ between musl and glibc), a
 * sigaction() that dies on failure, and stdout flushed at each line, so that
 * a program the kernel kills has printed everything before it.
 */
#ifndef SIGCOMMON_H
#define SIGCOMMON_H

#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* An address inside an asm statement, for C to compare with: "LABEL(name)" in
 * the asm, "extern const char name[] HIDDEN;" in C (hidden: reached
 * RIP-relative, so static-pie needs no relocation for it). */
#define HIDDEN __attribute__((visibility("hidden")))
#define LABEL(name) ".globl " #name "\n\t.hidden " #name "\n" #name ":\n\t"

static inline const char *sig_name(int sig)
{
#define S(x) case x: return #x
	switch (sig) {
	S(SIGHUP); S(SIGINT); S(SIGQUIT); S(SIGILL); S(SIGTRAP); S(SIGABRT); S(SIGBUS); S(SIGFPE);
	S(SIGKILL); S(SIGUSR1); S(SIGSEGV); S(SIGUSR2); S(SIGPIPE); S(SIGALRM); S(SIGTERM);
	S(SIGCHLD); S(SIGCONT); S(SIGURG); S(SIGXCPU); S(SIGWINCH);
	default: return "SIG?";
	}
#undef S
}

static inline const char *errno_name(int e)
{
#define E(x) case x: return #x
	switch (e) {
	E(EPERM); E(ESRCH); E(EINTR); E(EFAULT); E(EINVAL); E(ENOMEM); E(ENOSYS); E(EAGAIN);
	default: return "E?";
	}
#undef E
}

/* si_code's name, for the signal it came with (the numbers repeat across signals). */
static inline const char *code_name(int sig, int code)
{
	switch (code) {
	case SI_USER: return "SI_USER";
	case SI_KERNEL: return "SI_KERNEL";
	case SI_QUEUE: return "SI_QUEUE";
	case SI_TIMER: return "SI_TIMER";
	case SI_TKILL: return "SI_TKILL";
	}
	if (sig == SIGSEGV && code == SEGV_MAPERR) return "SEGV_MAPERR";
	if (sig == SIGSEGV && code == SEGV_ACCERR) return "SEGV_ACCERR";
	if (sig == SIGILL && code == ILL_ILLOPN) return "ILL_ILLOPN";
	if (sig == SIGILL && code == ILL_ILLOPC) return "ILL_ILLOPC";
	if (sig == SIGILL && code == ILL_PRVOPC) return "ILL_PRVOPC";
	if (sig == SIGFPE && code == FPE_INTDIV) return "FPE_INTDIV";
	if (sig == SIGTRAP && code == TRAP_BRKPT) return "TRAP_BRKPT";
	if (sig == SIGTRAP && code == TRAP_TRACE) return "TRAP_TRACE";
	if (sig == SIGBUS && code == BUS_ADRALN) return "BUS_ADRALN";
	return "?";
}

static inline const char *yes(int cond)
{
	return cond ? "yes" : "no";
}

typedef void (*sigaction_fn)(int, siginfo_t *, void *);

/* sigaction(sig) with handler (SA_SIGINFO is added when info is set) and a mask of the
 * signals listed after flags, 0-terminated. Dies if libc or the kernel refuses. */
static inline void on(int sig, void *handler, int info, int flags, ...)
{
	struct sigaction sa;
	va_list ap;
	int s;

	memset(&sa, 0, sizeof(sa));
	if (info)
		sa.sa_sigaction = (sigaction_fn)handler;
	else
		sa.sa_handler = (void (*)(int))handler;
	sa.sa_flags = flags | (info ? SA_SIGINFO : 0);
	sigemptyset(&sa.sa_mask);
	va_start(ap, flags);
	while ((s = va_arg(ap, int)) != 0)
		sigaddset(&sa.sa_mask, s);
	va_end(ap);
	if (sigaction(sig, &sa, NULL) != 0) {
		printf("sigaction(%s) failed: %s\n", sig_name(sig), errno_name(errno));
		exit(99);
	}
}

/* The signal mask now, from the kernel. */
static inline sigset_t mask_now(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigprocmask(SIG_BLOCK, NULL, &s);
	return s;
}

static inline void mask(int how, int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	if (sigprocmask(how, &s, NULL) != 0) {
		printf("sigprocmask failed: %s\n", errno_name(errno));
		exit(99);
	}
}

/* Each line reaches fd 1 when it is printed: a killed program has said everything. */
static inline void line_buffered(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

#endif
