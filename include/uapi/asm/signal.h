/* SPDX-License-Identifier: MIT */
#ifndef _UAPI_ASM_SIGNAL_H
#define _UAPI_ASM_SIGNAL_H

/* Signals: Linux's x86-64 numbers and structures. */
#define SIGILL		4
#define SIGTRAP		5
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGSEGV		11
#define SIGSTOP		19
#define _NSIG		64

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

#define SIG_DFL		0UL
#define SIG_IGN		1UL

typedef unsigned long sigset_t;		/* one bit per signal: bit n-1 for signal n */

/* What rt_sigaction takes and gives (the kernel's layout, not glibc's). */
struct sigaction {
	unsigned long sa_handler;
	unsigned long sa_flags;
	unsigned long sa_restorer;
	sigset_t sa_mask;
};

#endif
