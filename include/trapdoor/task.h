/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_TASK_H
#define _TRAPDOOR_TASK_H

#include <stdbool.h>
#include <stdint.h>
#include <trapdoor/vma.h>
#include <uapi/asm/signal.h>
#include <uapi/linux/resource.h>

/*
 * A file descriptor. The console (the serial port) is the only file there
 * is: every open descriptor refers to it, as 0, 1 and 2 do at the start.
 */
#define NR_OPEN		64
struct fd {
	bool open;
	bool cloexec;			/* FD_CLOEXEC: kept, though nothing execs yet */
	unsigned int flags;		/* O_RDWR and the F_SETFL flags */
};

/*
 * A task: one running program and everything the kernel keeps for it. Its
 * kernel stack, with the pt_regs frame at the top, is task_stack in
 * boot/boot.asm; only one task exists at a time, so it needs no pointer here.
 */
struct task {
	int pid;
	char comm[16];			/* its name, as prctl(PR_GET_NAME) gives it */
	char exe[256];			/* the path it was started from: /proc/self/exe */
	struct mm *mm;			/* its address space */
	bool compat;			/* a 32-bit (i386) program, run in compatibility mode */
	uint64_t tls[3];		/* set_thread_area: its GDT slots 12..14 (GDT_ENTRY_TLS_*) */
	unsigned long vdso32;		/* where its vDSO is mapped (32-bit programs), or 0 */
	unsigned long vdso32_pad;	/* vdso32_landing_pad(vdso32): where SYSEXIT and SYSRETL return */
	unsigned long clear_child_tid;	/* set_tid_address */
	unsigned long robust_list;	/* set_robust_list */
	struct rlimit rlim[RLIM_NLIMITS];	/* getrlimit, setrlimit, prlimit64 */
	struct fd fds[NR_OPEN];
	unsigned int indirect_file_flags;	/* O_CLOEXEC while indirect() runs a call for it
						   (kernel/sys_indirect.c); 0 otherwise */
	uint64_t start_ns;		/* when it started, for CLOCK_PROCESS_CPUTIME_ID */
	struct sigaction sigactions[_NSIG];	/* rt_sigaction: signal n is sigactions[n - 1] */
	sigset_t blocked;		/* rt_sigprocmask */
	sigset_t pending;		/* raised, not yet delivered */
	siginfo_t siginfo[_NSIG];	/* what each pending signal carries (one of each, as Linux's
					   standard signals) */
	sigset_t saved_sigmask;		/* the mask before rt_sigsuspend, put back after its handler */
	bool restore_sigmask;
	stack_t altstack;		/* sigaltstack */
	struct {			/* the last exception, for the signal frame's sigcontext */
		unsigned long trapno, error_code, cr2;
	} fault;
	uint64_t itimer_real_at, itimer_real_interval;	/* ns on the monotonic clock; 0: off */
	uint64_t idle_ns;		/* time spent waiting (sleeping, reading): not CPU time */
	uint64_t restart_deadline;	/* an interrupted sleep's end, for restart_syscall */
	int restart_clock;
	unsigned long restart_rmtp;	/* and where it writes the time left */
	bool restart_armed;		/* restart_syscall has a sleep to resume (Linux: restart_block.fn) */
	int restart_rmtp_layout;	/* in which layout (enum ts_layout): a 32-bit sleep's is 32-bit */
};

extern struct task *current;

/*
 * Work to do before the next return to user space, one bit each: the one word
 * every exit tests (arch/x86/entry/common.c). There is one task, so one word.
 */
#define TIF_SIGPENDING	(1UL << 0)	/* an unblocked signal is pending */
extern unsigned long task_work;

void rlimits_init(struct rlimit *rlim);	/* kernel/sys_info.c: a new task's limits */
void fds_init(struct fd *fds);		/* kernel/sys_fd.c: 0, 1, 2 open on the console */
bool fd_is_open(unsigned int fd);

#endif
