// SPDX-License-Identifier: MIT
/*
 * What a program can ask about itself and the kernel, and tell it: pid,
 * parent, uname, ids, limits, name, working directory, randomness.
 */
#include <asm/page.h>
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/program.h>
#include <trapdoor/string.h>
#include <trapdoor/sys_core.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/time.h>
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

/* Every program runs as root: uid, gid and their effective twins are 0. */
SYSCALL_DEFINE0(getuid)
{
	return 0;
}

SYSCALL_DEFINE0(geteuid)
{
	return 0;
}

SYSCALL_DEFINE0(getgid)
{
	return 0;
}

SYSCALL_DEFINE0(getegid)
{
	return 0;
}

/* One thread per program: its thread id is its pid. */
SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

/* Where the C library wants its thread id cleared when the thread exits. */
SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = (unsigned long)tidptr;
	return current->pid;
}

#define ROBUST_LIST_HEAD_SIZE	24	/* struct robust_list_head: three words */

long do_set_robust_list(unsigned long head)
{
	current->robust_list = head;
	return 0;
}

SYSCALL_DEFINE2(set_robust_list, void __user *, head, size_t, len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	return do_set_robust_list((unsigned long)head);
}

/* Linux's limits for a new process (include/asm-generic/resource.h), except those we cannot know. */
void rlimits_init(struct rlimit *rlim)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		rlim[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	rlim[RLIMIT_STACK] = (struct rlimit){ USER_STACK_SIZE, RLIM_INFINITY };
	rlim[RLIMIT_CORE] = (struct rlimit){ 0, RLIM_INFINITY };
	rlim[RLIMIT_NOFILE] = (struct rlimit){ 1024, 4096 };
	rlim[RLIMIT_MEMLOCK] = (struct rlimit){ 8UL << 20, 8UL << 20 };
	rlim[RLIMIT_NPROC] = rlim[RLIMIT_SIGPENDING] = (struct rlimit){ 1024, 1024 };
	rlim[RLIMIT_MSGQUEUE] = (struct rlimit){ 819200, 819200 };
	rlim[RLIMIT_NICE] = rlim[RLIMIT_RTPRIO] = (struct rlimit){ 0, 0 };
}

/* A new limit; RLIMIT_CPU's takes effect at once (kernel/timer.c), the others are only kept. */
static void set_rlimit(unsigned int resource, struct rlimit new)
{
	current->rlim[resource] = new;
	if (resource == RLIMIT_CPU)
		timer_rlimit_cpu_changed();
}

#define NR_OPEN_MAX	1048576		/* Linux's fs.nr_open by default: RLIMIT_NOFILE's ceiling */

/*
 * Read and maybe set one limit of this program, Linux's do_prlimit: RLIMIT_CPU
 * is enforced; the others are kept and read back.
 */
long do_prlimit(unsigned int resource, const struct rlimit *new, struct rlimit *old)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (new && resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN_MAX)
		return -EPERM;
	if (old)
		*old = current->rlim[resource];
	if (new)
		set_rlimit(resource, *new);
	return 0;
}

/* For this program only: pid 0 or its own. */
SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource, const struct rlimit __user *, new_rlim,
		struct rlimit __user *, old_rlim)
{
	struct rlimit new, old;

	if (new_rlim && copy_from_user(&new, new_rlim, sizeof(new)))
		return -EFAULT;
	if (pid != 0 && pid != current->pid)
		return -ESRCH;
	long err = do_prlimit(resource, new_rlim ? &new : NULL, old_rlim ? &old : NULL);
	if (!err && old_rlim && copy_to_user(old_rlim, &old, sizeof(old)))
		return -EFAULT;
	return err;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit __user *, rlim)
{
	struct rlimit r;
	long err = do_prlimit(resource, NULL, &r);

	if (!err && copy_to_user(rlim, &r, sizeof(r)))
		return -EFAULT;
	return err;
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource, const struct rlimit __user *, rlim)
{
	struct rlimit new;

	if (copy_from_user(&new, rlim, sizeof(new)))
		return -EFAULT;
	return do_prlimit(resource, &new, NULL);
}

#define PR_SET_NAME	15
#define PR_GET_NAME	16

/* Only the name: the one prctl option C libraries and busybox ask for. */
SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3, unsigned long, arg4,
		unsigned long, arg5)
{
	char comm[sizeof(current->comm)];

	(void)arg3, (void)arg4, (void)arg5;
	switch (option) {
	case PR_SET_NAME:
		if (strncpy_from_user(comm, (const char __user *)arg2, sizeof(comm) - 1) < 0)
			return -EFAULT;
		comm[sizeof(comm) - 1] = '\0';
		strlcpy(current->comm, comm, sizeof(current->comm));
		return 0;
	case PR_GET_NAME:
		return copy_to_user((char __user *)arg2, current->comm, sizeof(current->comm)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

/* There is no file system, so every program works in its root. */
SYSCALL_DEFINE2(getcwd, char __user *, buf, unsigned long, size)
{
	if (size < 2)
		return -ERANGE;
	return copy_to_user(buf, "/", 2) ? -EFAULT : 2;
}

#define GRND_NONBLOCK	0x1
#define GRND_RANDOM	0x2
#define GRND_INSECURE	0x4

/* Random bytes (kernel/random.c). Never blocks: there is no entropy pool to wait for. */
SYSCALL_DEFINE3(getrandom, char __user *, buf, size_t, count, unsigned int, flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (count > 0x1ffffff)
		count = 0x1ffffff;		/* Linux's MAX_RW_COUNT-ish cap per call */
	for (size_t done = 0; done < count; ) {
		uint64_t r = random_u64();
		size_t n = min(count - done, sizeof(r));

		if (copy_to_user(buf + done, &r, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return count;
}
