// SPDX-License-Identifier: MIT
/*
 * Timers, and waiting. Three things can have a deadline: the program's
 * ITIMER_REAL (alarm, setitimer), a sleep, and its CPU-time limit
 * (RLIMIT_CPU; the kernel option cpulimit=SECONDS sets every program's, 30 s
 * by default). The APIC timer is armed, one shot, for the earliest of them
 * (arch/x86/kernel/apic.c); its interrupt raises SIGALRM, SIGXCPU or SIGKILL
 * as Linux would, and rearms. A waiting task halts the CPU with interrupts
 * on, and the time it waits is not CPU time.
 *
 * CPU-time limit, as Linux: at the soft limit SIGXCPU (which ends the program
 * unless handled), then SIGXCPU again each second, and SIGKILL at the hard
 * limit. cpulimit=N gives soft N, hard N + 1.
 */
#include <asm/apic.h>
#include <trapdoor/kernel.h>
#include <trapdoor/signal.h>
#include <trapdoor/task.h>
#include <trapdoor/time.h>

#define DEFAULT_CPULIMIT	30

static uint64_t sleep_until;		/* a waiting task's deadline (monotonic ns), or 0 */
static uint64_t idle_since;		/* when the current wait began, or 0 when running */
static uint64_t next_xcpu;		/* CPU time (ns) of the next SIGXCPU */

static uint64_t seconds_to_ns(unsigned long s)
{
	return s >= ~0UL / NSEC_PER_SEC ? ~0UL : s * NSEC_PER_SEC;
}

/* The running program's CPU time: its time since it started, less its waits. */
uint64_t task_cpu_ns(void)
{
	uint64_t now = ktime_ns();

	return now - current->start_ns - current->idle_ns - (idle_since ? now - idle_since : 0);
}

/* When (monotonic ns) the CPU-time limit strikes next, if the program keeps running; 0: never. */
static uint64_t cpu_deadline(void)
{
	uint64_t hard = seconds_to_ns(current->rlim[RLIMIT_CPU].rlim_max);
	uint64_t next = min(next_xcpu, hard);

	if (idle_since || next == ~0UL)
		return 0;			/* no CPU time passes while waiting */
	return ktime_ns() + (next > task_cpu_ns() ? next - task_cpu_ns() : 0);
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
	return !a ? b : !b ? a : min(a, b);
}

void timer_rearm(void)
{
	uint64_t now = ktime_ns(), next = 0;

	if (current)
		next = earliest(earliest(current->itimer_real_at, sleep_until), cpu_deadline());
	apic_timer_arm(!next ? 0 : next > now ? next - now : 1);
}

/* A new program: its CPU-time limit from the kernel option, no timers yet. */
void timer_task_start(struct task *t)
{
	const char *opt = cmdline_get("cpulimit");
	unsigned long limit = DEFAULT_CPULIMIT;

	if (opt && *opt) {
		limit = 0;
		for (; *opt >= '0' && *opt <= '9'; opt++)
			limit = limit * 10 + (*opt - '0');
	}
	t->rlim[RLIMIT_CPU] = (struct rlimit){ limit, limit + 1 };
	next_xcpu = seconds_to_ns(limit);
	sleep_until = idle_since = 0;
}

/* setrlimit(RLIMIT_CPU): the next SIGXCPU comes at the new soft limit. */
void timer_rlimit_cpu_changed(void)
{
	next_xcpu = seconds_to_ns(current->rlim[RLIMIT_CPU].rlim_cur);
	timer_rearm();
}

void timer_task_end(void)
{
	apic_timer_arm(0);
	task_work = 0;
}

static void timer_expire(void)
{
	uint64_t now = ktime_ns();
	siginfo_t info = { .si_code = SI_KERNEL };

	if (current->itimer_real_at && now >= current->itimer_real_at) {
		info.si_signo = SIGALRM;
		send_signal(SIGALRM, &info);
		current->itimer_real_at = !current->itimer_real_interval ? 0 :
			max(current->itimer_real_at + current->itimer_real_interval, now);
	}
	uint64_t cpu = task_cpu_ns(), soft = seconds_to_ns(current->rlim[RLIMIT_CPU].rlim_cur);
	if (cpu >= seconds_to_ns(current->rlim[RLIMIT_CPU].rlim_max)) {
		force_sig(SIGKILL);
	} else if (cpu >= soft && cpu >= next_xcpu) {
		info.si_signo = SIGXCPU;
		send_signal(SIGXCPU, &info);
		next_xcpu = max(next_xcpu, soft) + NSEC_PER_SEC;
	}
}

/* The APIC timer's interrupt (irq_timer in entry_64.asm), from ring 3 or from a wait. */
__visible void do_timer_interrupt(struct pt_regs *regs)
{
	apic_eoi();
	if (current) {
		timer_expire();
		timer_rearm();
	}
	if (user_mode(regs))
		exit_to_user_mode(regs);
}

/*
 * Wait for an interrupt, until deadline (monotonic ns; 0: no deadline of
 * its own). "sti; hlt" cannot miss the interrupt: sti takes effect only after
 * the next instruction, so nothing is taken between the two.
 */
void wait_for_interrupt(uint64_t deadline)
{
	idle_since = ktime_ns();
	sleep_until = deadline;
	timer_rearm();
	asm volatile("sti; hlt; cli" : : : "memory");
	current->idle_ns += ktime_ns() - idle_since;
	idle_since = sleep_until = 0;
	timer_rearm();
}

