// SPDX-License-Identifier: MIT
/*
 * signals GROUP: Linux's signal ABI, seen from a program that catches its own
 * signals. Each group is one case, so that one missing piece fails one case:
 *
 *   info      raise, kill, tgkill, tkill: the siginfo and ucontext a handler gets,
 *             the registers and stack at its first instruction; kill's errors
 *   faults    signals from the CPU's exceptions: #UD, #PF (not present, and a
 *             write to a read-only page), #GP, #DE, int3, a single step; handlers
 *             that edit the ucontext (skip an instruction, fix a register)
 *   mask      blocking: pending signals, delivery on unblock, the order of two,
 *             the mask inside a handler and after it, sigsuspend, SIG_IGN and
 *             pending signals
 *   flags     SA_RESETHAND, SA_NODEFER, nested handlers, flags read back
 *   altstack  sigaltstack and SA_ONSTACK
 *   rt        real-time signals queue (standard ones do not); sigqueue's value
 *
 * Nothing printed depends on an address, a time or the CPU: only whether an
 * address is the one it should be.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/ucontext.h>
#include "sigcommon.h"

#define UC_FP_XSTATE		0x1
#define UC_SIGCONTEXT_SS	0x2
#define UC_STRICT_RESTORE_SS	0x4

static long gettid_(void)
{
	return syscall(SYS_gettid);
}

static void show(const char *what, long ret)
{
	if (ret == -1)
		printf("%s = -1 %s\n", what, errno_name(errno));
	else
		printf("%s = %ld\n", what, ret);
}

/* ---- info -------------------------------------------------------------------- */

static volatile int h_calls, h_arg, h_signo, h_code, h_pid_ok, h_uid_ok;
static volatile unsigned long h_cs, h_ss, h_ucflags, h_frame_ok, h_redzone_ok, h_uclink_null;

static void info_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	unsigned long csgsfs = uc->uc_mcontext.gregs[REG_CSGSFS];
	unsigned long rsp = uc->uc_mcontext.gregs[REG_RSP];
	unsigned char *fp = (unsigned char *)uc->uc_mcontext.fpregs;
	uint32_t fpsize = 512;
	int local;

	h_calls++;
	h_arg = sig;
	h_signo = si->si_signo;
	h_code = si->si_code;
	h_pid_ok = si->si_pid == getpid();
	h_uid_ok = si->si_uid == getuid();
	h_cs = csgsfs & 0xffff;
	h_ss = csgsfs >> 48;
	h_ucflags = uc->uc_flags;
	h_uclink_null = uc->uc_link == NULL;
	h_frame_ok = (unsigned long)&local < rsp && (unsigned long)uc < rsp && (unsigned long)si < rsp;
	if (fp && (uc->uc_flags & UC_FP_XSTATE))
		memcpy(&fpsize, fp + 464 + 4, 4);	/* sw_reserved.extended_size */
	h_redzone_ok = fp && (unsigned long)fp + fpsize <= rsp - 128;
}

static void plain_handler(int sig)
{
	h_calls++;
	h_arg = sig;
}

static void report(const char *how, long ret)
{
	printf("%s returned %ld; the handler ran %d time(s), got signal %s, si_signo %s, si_code %s; "
	       "si_pid is getpid(): %s; si_uid is getuid(): %s\n", how, ret, h_calls, sig_name(h_arg),
	       sig_name(h_signo), code_name(h_signo, h_code), yes(h_pid_ok), yes(h_uid_ok));
	h_calls = 0;
}

/* The registers at the handler's first instruction, kept by an asm entry. */
unsigned long entry_rsp HIDDEN, entry_rax HIDDEN, entry_rdi HIDDEN, entry_rsi HIDDEN, entry_rdx HIDDEN,
	entry_ret HIDDEN;
void entry_handler(int, siginfo_t *, void *) HIDDEN;
void entry_handler_c(int sig, siginfo_t *si, void *ctx) HIDDEN;
void entry_handler_c(int sig, siginfo_t *si, void *ctx)
{
	info_handler(sig, si, ctx);
}
__asm__(".text\n"
	".globl entry_handler\n.hidden entry_handler\n.type entry_handler,@function\n"
	"entry_handler:\n\t"
	"mov %rsp, entry_rsp(%rip)\n\t"
	"mov %rax, entry_rax(%rip)\n\t"
	"mov %rdi, entry_rdi(%rip)\n\t"
	"mov %rsi, entry_rsi(%rip)\n\t"
	"mov %rdx, entry_rdx(%rip)\n\t"
	"mov (%rsp), %rax\n\t"
	"mov %rax, entry_ret(%rip)\n\t"
	"jmp entry_handler_c\n");

struct k_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};

static void group_info(void)
{
	pid_t pid = getpid();
	long tid = gettid_();
	struct k_sigaction k;

	printf("gettid() is getpid() in a program with one thread: %s\n", yes(tid == pid));

	on(SIGUSR1, info_handler, 1, 0, 0);
	report("raise(SIGUSR1)", raise(SIGUSR1));
	report("kill(getpid(), SIGUSR1)", kill(pid, SIGUSR1));
	report("tgkill(getpid(), gettid(), SIGUSR1)", syscall(SYS_tgkill, pid, tid, SIGUSR1));
	report("tkill(gettid(), SIGUSR1)", syscall(SYS_tkill, tid, SIGUSR1));
	printf("the ucontext says cs %#lx, ss %#lx; uc_flags has UC_SIGCONTEXT_SS and UC_STRICT_RESTORE_SS: %s; "
	       "uc_link is NULL: %s\n", h_cs, h_ss,
	       yes((h_ucflags & (UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS)) == (UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS)),
	       yes(h_uclink_null));
	printf("the frame lies below the interrupted rsp: %s; it leaves the 128-byte red zone alone: %s\n",
	       yes(h_frame_ok), yes(h_redzone_ok));

	on(SIGUSR2, plain_handler, 0, 0, 0);
	raise(SIGUSR2);
	printf("a handler without SA_SIGINFO ran %d time(s) and got signal %s\n", h_calls, sig_name(h_arg));
	h_calls = 0;

	on(SIGUSR1, entry_handler, 1, 0, 0);
	raise(SIGUSR1);
	syscall(SYS_rt_sigaction, SIGUSR1, NULL, &k, 8);
	printf("at the handler's first instruction: rsp + 8 is 16-byte aligned: %s; rdi is the signal: %s; "
	       "rsi is the siginfo: %s; rdx is the ucontext: %s; rax is 0: %s; the return address is "
	       "sa_restorer: %s\n", yes((entry_rsp + 8) % 16 == 0), yes(entry_rdi == SIGUSR1),
	       yes(entry_rsi != 0 && entry_rsi > entry_rsp), yes(entry_rdx > entry_rsp), yes(entry_rax == 0),
	       yes(k.restorer && entry_ret == (unsigned long)k.restorer));

	h_calls = 0;
	show("kill(getpid(), 0)", kill(pid, 0));
	show("kill(99999999, SIGUSR1)", kill(99999999, SIGUSR1));
	show("kill(getpid(), 65)", kill(pid, 65));
	show("tgkill(getpid(), gettid(), 0)", syscall(SYS_tgkill, pid, tid, 0));
	show("tgkill(getpid(), 0, SIGUSR1)", syscall(SYS_tgkill, pid, 0, SIGUSR1));
	show("tgkill(getpid(), gettid() + 99999999, SIGUSR1)", syscall(SYS_tgkill, pid, tid + 99999999, SIGUSR1));
	show("tgkill(getpid(), gettid(), 65)", syscall(SYS_tgkill, pid, tid, 65));
	show("tkill(0, SIGUSR1)", syscall(SYS_tkill, 0, SIGUSR1));
	show("tkill(gettid(), -1)", syscall(SYS_tkill, tid, -1));
	printf("no handler ran for those: %s\n", yes(h_calls == 0));
}

/* ---- faults ------------------------------------------------------------------- */

static sigjmp_buf env;
static volatile int f_sig, f_code, f_addr_ok, f_rip_ok, f_trapno, f_err, f_cr2_ok, f_count;
static volatile unsigned long f_want_addr, f_want_rip, f_fix_rax;
static volatile int f_skip, f_jump, f_clear_tf;

extern const char ud2_insn[] HIDDEN, load_insn[] HIDDEN, div_insn[] HIDDEN, after_int3[] HIDDEN,
	step_first[] HIDDEN, step_second[] HIDDEN, gp_insn[] HIDDEN, hlt_insn[] HIDDEN;

static void fault_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;

	f_count++;
	f_sig = sig;
	f_code = si->si_code;
	f_addr_ok = (unsigned long)si->si_addr == f_want_addr;
	f_rip_ok = (unsigned long)g[REG_RIP] == f_want_rip;
	f_trapno = g[REG_TRAPNO];
	f_err = g[REG_ERR];
	f_cr2_ok = (unsigned long)g[REG_CR2] == f_want_addr;
	if (f_skip)
		g[REG_RIP] += f_skip;
	if (f_fix_rax)
		g[REG_RAX] = f_fix_rax;
	if (f_clear_tf)
		g[REG_EFL] &= ~0x100UL;
	if (f_jump)
		siglongjmp(env, 1);
}

static void reset(unsigned long addr, unsigned long rip)
{
	f_count = f_sig = f_code = f_addr_ok = f_rip_ok = f_trapno = f_err = f_cr2_ok = 0;
	f_want_addr = addr;
	f_want_rip = rip;
	f_fix_rax = 0;
	f_skip = f_jump = f_clear_tf = 0;
}

static void said(const char *what, int with_cr2)
{
	printf("%s: %s, si_code %s; si_addr is %s: %s", what, sig_name(f_sig), code_name(f_sig, f_code),
	       f_want_addr ? "the address" : "0", yes(f_addr_ok));
	if (f_want_rip)		/* (C code has no label to compare rip with) */
		printf("; rip is the instruction: %s", yes(f_rip_ok));
	printf("; trapno %d, err %d", f_trapno, f_err);
	if (with_cr2)
		printf("; cr2 is the address: %s", yes(f_cr2_ok));
	printf("\n");
}

static void group_faults(void)
{
	static long value = 42;
	long got;
	char *page;

	on(SIGILL, fault_handler, 1, 0, 0);
	on(SIGSEGV, fault_handler, 1, 0, 0);
	on(SIGFPE, fault_handler, 1, 0, 0);
	on(SIGTRAP, fault_handler, 1, 0, 0);

	reset((unsigned long)ud2_insn, (unsigned long)ud2_insn);
	f_skip = 2;
	__asm__ volatile(LABEL(ud2_insn) "ud2" ::: "memory");
	said("ud2", 0);
	printf("the handler added 2 to the ucontext's rip and the program went on after the ud2: %s\n",
	       yes(f_count == 1));

	reset(0, (unsigned long)load_insn);
	f_fix_rax = (unsigned long)&value;
	__asm__ volatile("xor %%eax, %%eax\n\t" LABEL(load_insn) "mov (%%rax), %%rax" : "=a"(got) :: "memory");
	said("a load through rax = 0", 1);
	printf("the handler pointed the ucontext's rax at a long; the load ran again and read %ld\n", got);

	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(page, 4096);
	reset((unsigned long)page + 8, 0);
	if (sigsetjmp(env, 1) == 0) {
		f_jump = 1;
		got = *(volatile long *)(page + 8);
		printf("the read of an unmapped page returned %ld\n", got);
	}
	said("a read of an unmapped page", 1);

	page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	got = *(volatile long *)page;		/* present from here on: the write's err says so */
	reset((unsigned long)page + 16, 0);
	if (sigsetjmp(env, 1) == 0) {
		f_jump = 1;
		*(volatile long *)(page + 16) = 1;
		printf("the write to a read-only page went through\n");
	}
	said("a write to a PROT_READ page, read before", 1);
	printf("after siglongjmp out of the handler, SIGSEGV is unblocked: %s\n",
	       yes(!sigismember((sigset_t[]){ mask_now() }, SIGSEGV)));
	munmap(page, 4096);

	reset(0, (unsigned long)gp_insn);
	if (sigsetjmp(env, 1) == 0) {
		f_jump = 1;
		__asm__ volatile("movabs $0x8000000000000000, %%rax\n\t" LABEL(gp_insn) "mov (%%rax), %%rax"
				 ::: "rax", "memory");
		printf("the non-canonical read went through\n");
	}
	said("a read of the non-canonical 0x8000000000000000 (#GP)", 0);

	reset(0, (unsigned long)hlt_insn);
	if (sigsetjmp(env, 1) == 0) {
		f_jump = 1;
		__asm__ volatile(LABEL(hlt_insn) "hlt" ::: "memory");
		printf("hlt ran in ring 3\n");
	}
	said("hlt in ring 3 (#GP)", 0);

	reset((unsigned long)div_insn, (unsigned long)div_insn);
	if (sigsetjmp(env, 1) == 0) {
		f_jump = 1;
		__asm__ volatile("mov $1, %%eax\n\txor %%edx, %%edx\n\txor %%ecx, %%ecx\n\t"
				 LABEL(div_insn) "div %%ecx" ::: "rax", "rcx", "rdx", "memory");
		printf("the division by zero went through\n");
	}
	said("an integer division by zero", 0);

	reset(0, (unsigned long)after_int3);
	__asm__ volatile("int3\n\t" LABEL(after_int3) "nop" ::: "memory");
	said("int3 (rip is just past it)", 0);
	printf("the program went on after the int3: %s\n", yes(f_count == 1));

	reset((unsigned long)step_second, (unsigned long)step_second);
	f_clear_tf = 1;
	__asm__ volatile("pushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n\t"
			 LABEL(step_first) "nop\n\t" LABEL(step_second) "nop" ::: "memory", "cc");
	said("a single step with TF set (si_addr and rip are past the first instruction)", 0);
	printf("the handler cleared TF in the ucontext: %d SIGTRAP(s) in all; TF is clear now: %s\n",
	       f_count, yes(!(__builtin_ia32_readeflags_u64() & 0x100)));
}

/* ---- mask --------------------------------------------------------------------- */

static volatile int m_count[65], m_order[16], m_norder;
static volatile int m_usr1_blocked, m_usr2_blocked, m_term_blocked, m_add_usr2;

static void mask_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	sigset_t now = mask_now();

	(void)si;
	m_count[sig]++;
	if (m_norder < 16)
		m_order[m_norder++] = sig;
	m_usr1_blocked = sigismember(&now, SIGUSR1);
	m_usr2_blocked = sigismember(&now, SIGUSR2);
	m_term_blocked = sigismember(&now, SIGTERM);
	if (m_add_usr2)
		sigaddset(&uc->uc_sigmask, SIGUSR2);
}

static int pending(int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigpending(&s);
	return sigismember(&s, sig);
}

static void clear_counts(void)
{
	memset((void *)m_count, 0, sizeof(m_count));
	m_norder = 0;
}

static void order(const char *what)
{
	printf("%s: handlers ran in the order", what);
	for (int i = 0; i < m_norder; i++)
		printf(" %s", sig_name(m_order[i]));
	printf("\n");
	clear_counts();
}

static void group_mask(void)
{
	sigset_t all, s;
	int ran, r;

	on(SIGUSR1, mask_handler, 1, 0, 0);
	on(SIGUSR2, mask_handler, 1, 0, 0);

	mask(SIG_BLOCK, SIGUSR1);
	raise(SIGUSR1);
	printf("SIGUSR1 raised while blocked: the handler ran: %s; sigpending has it: %s\n",
	       yes(m_count[SIGUSR1]), yes(pending(SIGUSR1)));
	mask(SIG_UNBLOCK, SIGUSR1);
	ran = m_count[SIGUSR1];
	printf("after unblocking it, the handler had run by the time sigprocmask returned: %s; "
	       "sigpending has it: %s\n", yes(ran == 1), yes(pending(SIGUSR1)));
	clear_counts();

	mask(SIG_BLOCK, SIGUSR1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	mask(SIG_UNBLOCK, SIGUSR1);
	printf("SIGUSR1 raised 3 times while blocked: the handler ran %d time(s)\n", m_count[SIGUSR1]);
	clear_counts();

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	order("SIGUSR2 then SIGUSR1 raised while blocked, both unblocked at once");

	on(SIGUSR1, mask_handler, 1, 0, SIGUSR2, 0);
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	order("the same with SIGUSR2 in SIGUSR1's sa_mask");

	raise(SIGUSR1);
	printf("inside SIGUSR1's handler (sa_mask SIGUSR2): SIGUSR1 blocked: %s; SIGUSR2 blocked: %s; "
	       "SIGTERM blocked: %s\n", yes(m_usr1_blocked), yes(m_usr2_blocked), yes(m_term_blocked));
	s = mask_now();
	printf("after it returned: SIGUSR1 blocked: %s; SIGUSR2 blocked: %s\n",
	       yes(sigismember(&s, SIGUSR1)), yes(sigismember(&s, SIGUSR2)));
	clear_counts();

	m_add_usr2 = 1;
	raise(SIGUSR1);
	m_add_usr2 = 0;
	s = mask_now();
	printf("a handler that adds SIGUSR2 to its ucontext's uc_sigmask leaves SIGUSR2 blocked after it "
	       "returns: %s\n", yes(sigismember(&s, SIGUSR2)));
	mask(SIG_UNBLOCK, SIGUSR2);
	clear_counts();

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &s);
	all = mask_now();
	printf("after blocking every signal: SIGKILL blocked: %s; SIGSTOP blocked: %s; SIGUSR1 blocked: %s\n",
	       yes(sigismember(&all, SIGKILL)), yes(sigismember(&all, SIGSTOP)), yes(sigismember(&all, SIGUSR1)));
	sigprocmask(SIG_SETMASK, &s, NULL);
	errno = 0;
	r = sigprocmask(42, &s, NULL);
	printf("sigprocmask(42, ...) = %d %s\n", r, errno_name(errno));

	mask(SIG_BLOCK, SIGUSR1);
	raise(SIGUSR1);
	sigemptyset(&s);
	errno = 0;
	r = sigsuspend(&s);
	all = mask_now();
	printf("sigsuspend(empty mask) with SIGUSR1 pending: returned %d %s; the handler ran %d time(s); "
	       "SIGUSR1 is blocked again after it: %s\n", r, errno_name(errno), m_count[SIGUSR1],
	       yes(sigismember(&all, SIGUSR1)));
	mask(SIG_UNBLOCK, SIGUSR1);
	clear_counts();

	signal(SIGUSR1, SIG_IGN);
	mask(SIG_BLOCK, SIGUSR1);
	raise(SIGUSR1);
	printf("SIGUSR1 set to SIG_IGN, raised while blocked: sigpending has it: %s\n", yes(pending(SIGUSR1)));
	mask(SIG_UNBLOCK, SIGUSR1);
	printf("after unblocking it: sigpending has it: %s\n", yes(pending(SIGUSR1)));

	mask(SIG_BLOCK, SIGUSR2);
	raise(SIGUSR2);
	signal(SIGUSR2, SIG_IGN);
	printf("a pending SIGUSR2 whose action becomes SIG_IGN is discarded: %s\n", yes(!pending(SIGUSR2)));
	on(SIGUSR2, mask_handler, 1, 0, 0);
	mask(SIG_UNBLOCK, SIGUSR2);
	printf("unblocking it later runs no handler: %s\n", yes(m_count[SIGUSR2] == 0));

	mask(SIG_BLOCK, SIGURG);
	raise(SIGURG);
	printf("SIGURG (default action: ignore) raised while blocked: sigpending has it: %s\n", yes(pending(SIGURG)));
	mask(SIG_UNBLOCK, SIGURG);
	printf("after unblocking it: sigpending has it: %s\n", yes(pending(SIGURG)));
}

/* ---- flags -------------------------------------------------------------------- */

static volatile int g_runs, g_depth, g_max_depth, g_blocked_inside, g_dfl_inside;
static char g_trace[256];

static void trace(const char *s)
{
	strncat(g_trace, s, sizeof(g_trace) - strlen(g_trace) - 1);
}

static void resethand_handler(int sig)
{
	struct sigaction now;
	sigset_t m = mask_now();

	g_runs++;
	g_blocked_inside = sigismember(&m, sig);
	sigaction(sig, NULL, &now);
	g_dfl_inside = now.sa_handler == SIG_DFL;
}

static void again_handler(int sig)
{
	g_runs++;
	g_depth++;
	if (g_depth > g_max_depth)
		g_max_depth = g_depth;
	trace(g_runs == 1 ? "enter1 " : "enter2 ");
	if (g_runs == 1)
		raise(sig);
	trace(g_depth == 1 && g_runs == 1 ? "leave1 " : "leave ");
	g_depth--;
}

static void usr2_nested(int sig)
{
	(void)sig;
	trace("enter-USR2 leave-USR2 ");
}

static void usr1_outer(int sig)
{
	(void)sig;
	trace("enter-USR1 ");
	raise(SIGUSR2);
	trace("leave-USR1 ");
}

static void group_flags(void)
{
	struct sigaction sa, old;

	on(SIGUSR1, resethand_handler, 0, SA_RESETHAND, 0);
	raise(SIGUSR1);
	sigaction(SIGUSR1, NULL, &old);
	printf("SA_RESETHAND: the handler ran %d time(s); inside it SIGUSR1 was blocked: %s, its action was "
	       "already SIG_DFL: %s; afterwards the action is SIG_DFL: %s\n", g_runs, yes(g_blocked_inside),
	       yes(g_dfl_inside), yes(old.sa_handler == SIG_DFL));

	g_runs = 0;
	on(SIGURG, resethand_handler, 0, SA_RESETHAND, 0);
	raise(SIGURG);
	raise(SIGURG);
	printf("SIGURG with SA_RESETHAND raised twice: the handler ran %d time(s); the second took the default "
	       "action (ignore) and the program goes on\n", g_runs);

	g_runs = g_depth = g_max_depth = 0;
	g_trace[0] = 0;
	on(SIGUSR2, again_handler, 0, 0, 0);
	raise(SIGUSR2);
	printf("a handler that raises its own signal, without SA_NODEFER: %d run(s), deepest nesting %d: %s\n",
	       g_runs, g_max_depth, g_trace);

	g_runs = g_depth = g_max_depth = 0;
	g_trace[0] = 0;
	on(SIGUSR2, again_handler, 0, SA_NODEFER, 0);
	raise(SIGUSR2);
	printf("the same with SA_NODEFER: %d run(s), deepest nesting %d: %s\n", g_runs, g_max_depth, g_trace);

	g_trace[0] = 0;
	on(SIGUSR1, usr1_outer, 0, 0, 0);
	on(SIGUSR2, usr2_nested, 0, 0, 0);
	raise(SIGUSR1);
	printf("SIGUSR1's handler raises SIGUSR2: %s\n", g_trace);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = plain_handler;
	sa.sa_flags = SA_RESTART | SA_NODEFER | SA_RESETHAND | SA_ONSTACK | 0x400;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR1, NULL, &old);
	printf("sa_flags read back: SA_RESTART %s, SA_NODEFER %s, SA_RESETHAND %s, SA_ONSTACK %s, SA_SIGINFO %s; "
	       "the unknown bit 0x400 is cleared: %s\n", yes(old.sa_flags & SA_RESTART), yes(old.sa_flags & SA_NODEFER),
	       yes(old.sa_flags & SA_RESETHAND), yes(old.sa_flags & SA_ONSTACK), yes(old.sa_flags & SA_SIGINFO),
	       yes(!(old.sa_flags & 0x400)));
	show("rt_sigaction(SIGKILL, act)", syscall(SYS_rt_sigaction, SIGKILL, (unsigned long[4]){ 0 }, NULL, 8));
	show("rt_sigaction(SIGSTOP, act)", syscall(SYS_rt_sigaction, SIGSTOP, (unsigned long[4]){ 0 }, NULL, 8));
	show("rt_sigaction(SIGKILL, NULL, oact)", syscall(SYS_rt_sigaction, SIGKILL, NULL, (unsigned long[4]){ 0 }, 8));
}

/* ---- altstack ----------------------------------------------------------------- */

#define ALT_SIZE (64 * 1024)
static char alt[ALT_SIZE] __attribute__((aligned(16)));
static char alt2[ALT_SIZE] __attribute__((aligned(16)));
static volatile int a_on, a_flags, a_eperm, a_uc_ok, a_nested_on, a_nested_below, a_depth;
static volatile unsigned long a_first_local;

static int on_alt(const void *p)
{
	return (const char *)p >= alt && (const char *)p < alt + ALT_SIZE;
}

static void alt_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	stack_t cur, other = { .ss_sp = alt2, .ss_size = ALT_SIZE, .ss_flags = 0 };
	int local;

	(void)si;
	a_depth++;
	if (a_depth == 1) {
		a_on = on_alt(&local);
		sigaltstack(NULL, &cur);
		a_flags = cur.ss_flags;
		errno = 0;
		a_eperm = sigaltstack(&other, NULL) == -1 && errno == EPERM;
		a_uc_ok = uc->uc_stack.ss_sp == alt && uc->uc_stack.ss_size == ALT_SIZE && uc->uc_stack.ss_flags == 0;
		a_first_local = (unsigned long)&local;
		raise(SIGUSR2);
	} else {
		a_nested_on = on_alt(&local);
		a_nested_below = (unsigned long)&local < a_first_local;
	}
	a_depth--;
	(void)sig;
}

static void where_handler(int sig)
{
	int local;

	(void)sig;
	a_on = on_alt(&local);
}

static void group_altstack(void)
{
	stack_t ss = { .ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0 }, cur;
	int r;

	sigaltstack(NULL, &cur);
	printf("at the start the altstack is disabled: %s\n", yes(cur.ss_flags == SS_DISABLE));
	show("sigaltstack(64 KiB)", sigaltstack(&ss, NULL));
	sigaltstack(NULL, &cur);
	printf("sigaltstack reads it back: %s\n", yes(cur.ss_sp == alt && cur.ss_size == ALT_SIZE && cur.ss_flags == 0));

	on(SIGUSR1, alt_handler, 1, SA_ONSTACK, 0);
	on(SIGUSR2, alt_handler, 1, SA_ONSTACK, 0);
	raise(SIGUSR1);
	printf("an SA_ONSTACK handler: on altstack: %s; sigaltstack inside says SS_ONSTACK: %s; changing it there "
	       "fails with EPERM: %s; uc_stack describes the altstack, flags 0: %s\n", yes(a_on),
	       yes(a_flags == SS_ONSTACK), yes(a_eperm), yes(a_uc_ok));
	printf("a signal raised inside it, also SA_ONSTACK: on altstack: %s, below the first handler's frame: %s\n",
	       yes(a_nested_on), yes(a_nested_below));
	sigaltstack(NULL, &cur);
	printf("after the handler returned, flags are 0 again: %s\n", yes(cur.ss_flags == 0));

	on(SIGUSR1, where_handler, 0, 0, 0);
	raise(SIGUSR1);
	printf("a handler without SA_ONSTACK: on altstack: %s\n", yes(a_on));

	ss.ss_flags = SS_DISABLE;
	show("sigaltstack(SS_DISABLE)", sigaltstack(&ss, NULL));
	on(SIGUSR1, where_handler, 0, SA_ONSTACK, 0);
	raise(SIGUSR1);
	printf("with the altstack disabled, an SA_ONSTACK handler: on altstack: %s\n", yes(a_on));

	ss.ss_flags = 0;
	ss.ss_size = 1024;
	errno = 0;
	r = sigaltstack(&ss, NULL);
	printf("sigaltstack(1 KiB) = %d %s\n", r, errno_name(errno));
	ss.ss_size = ALT_SIZE;
	ss.ss_flags = 42;
	errno = 0;
	r = sigaltstack(&ss, NULL);
	printf("sigaltstack(flags 42) = %d %s\n", r, errno_name(errno));
}

/* ---- rt ------------------------------------------------------------------------ */

#define RT1 40			/* SIGRTMIN differs between musl and glibc: numbers, not names */
#define RT2 41

static volatile int r_value;

static void rt_handler(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	m_count[sig]++;
	if (m_norder < 16)
		m_order[m_norder++] = sig;
	if (si->si_code == SI_QUEUE)
		r_value = si->si_value.sival_int;
}

static void group_rt(void)
{
	sigset_t s;
	union sigval v = { .sival_int = 1234 };

	on(RT1, rt_handler, 1, 0, 0);
	on(RT2, rt_handler, 1, 0, 0);
	on(SIGUSR1, rt_handler, 1, 0, 0);
	sigemptyset(&s);
	sigaddset(&s, RT1);
	sigaddset(&s, RT2);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(RT1);
	raise(RT1);
	raise(RT1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	printf("each raised 3 times while blocked: signal 40 ran its handler %d time(s), SIGUSR1 %d time(s)\n",
	       m_count[RT1], m_count[SIGUSR1]);
	memset((void *)m_count, 0, sizeof(m_count));
	m_norder = 0;

	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(RT2);
	raise(RT1);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	printf("signal 41 then signal 40 raised while blocked, unblocked at once: handlers ran in the order");
	for (int i = 0; i < m_norder; i++)
		printf(" %d", m_order[i]);
	printf("\n");

	memset((void *)m_count, 0, sizeof(m_count));
	show("sigqueue(getpid(), 40, 1234)", sigqueue(getpid(), RT1, v));
	printf("the handler ran %d time(s) and got si_value %d\n", m_count[RT1], r_value);
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } groups[] = {
		{ "info", group_info }, { "faults", group_faults }, { "mask", group_mask },
		{ "flags", group_flags }, { "altstack", group_altstack }, { "rt", group_rt },
	};

	line_buffered();
	for (size_t i = 0; argc == 2 && i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (strcmp(argv[1], groups[i].name) == 0) {
			groups[i].fn();
			printf("%s: done\n", argv[1]);
			return 0;
		}
	}
	fprintf(stderr, "usage: signals info|faults|mask|flags|altstack|rt\n");
	return 2;
}
