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
	unsigned long clear_child_tid;	/* set_tid_address */
	unsigned long robust_list;	/* set_robust_list */
	struct rlimit rlim[RLIM_NLIMITS];	/* getrlimit, setrlimit, prlimit64 */
	struct fd fds[NR_OPEN];
	uint64_t start_ns;		/* when it started, for CLOCK_PROCESS_CPUTIME_ID */
	struct sigaction sigactions[_NSIG];	/* rt_sigaction: signal n is sigactions[n - 1] */
	sigset_t blocked;		/* rt_sigprocmask */
};

extern struct task *current;

void rlimits_init(struct rlimit *rlim);	/* kernel/sys_info.c: a new task's limits */
void fds_init(struct fd *fds);		/* kernel/sys_fd.c: 0, 1, 2 open on the console */
bool fd_is_open(unsigned int fd);

#endif
