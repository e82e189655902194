// SPDX-License-Identifier: MIT
/*
 * sig32 GROUP: signals for a 32-bit (i386) program, the frames of Linux's IA32
 * emulation. Built for i386 only (tests/lib/realprogs32_harness.py); Linux 6.1
 * under QEMU is the oracle. Each group is one case:
 *
 *   info       an SA_SIGINFO handler: eax, edx, ecx and the stack at its first
 *              instruction, the frame's alignment, DF, ds/es, the sigcontext's
 *              selectors and registers, siginfo, the FPU image's layout
 *   old        a handler without SA_SIGINFO (struct sigframe_ia32): eax = sig,
 *              edx = ecx = 0, the sigcontext on the stack, oldmask/extramask;
 *              handlers installed by the raw calls without SA_RESTORER return
 *              through the vDSO's __kernel_sigreturn / __kernel_rt_sigreturn
 *   sigreturn  both frames' sigreturn with a changed context: eip, eax, eflags
 *              (CF taken, ID not), a null ES, a bad FS selector (null after);
 *              the x87 status word changed in the old FSAVE layout, MXCSR in the
 *              FXSAVE part
 *   bad        a bad sigreturn: unreadable frame, unreadable FPU image, bad
 *              MXCSR, a kernel CS: SIGSEGV each time, and the program goes on
 *   restart    a call interrupted by a signal with no handler to run starts again
 *              (int $0x80, and __kernel_vsyscall: SYSENTER or SYSCALL), and one
 *              a handler interrupts fails with EINTR even with SA_RESTART
 *   altstack   SA_ONSTACK: the frame on the alternate stack, aligned, what
 *              uc_stack and sigaltstack say inside
 *   faults     #PF, #GP, #UD, #DE, int3, single step, x87 and SSE errors in
 *              32-bit code: si_code, si_addr, and trapno/err/cr2 in the sigcontext
 *
 * Addresses are never printed (they differ between the kernels), only how they
 * relate.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <time.h>
#include "sigcommon.h"

#if !defined(__i386__)
#error "sig32 is an i386 program"
#endif

/* The kernel's structures, as a 32-bit handler sees them (not libc's names). */
struct sc32 {
	uint16_t gs, __gsh, fs, __fsh, es, __esh, ds, __dsh;
	uint32_t di, si, bp, sp, bx, dx, cx, ax, trapno, err, ip;
	uint16_t cs, __csh;
	uint32_t flags, sp_at_signal;
	uint16_t ss, __ssh;
	uint32_t fpstate, oldmask, cr2;
};

struct fpstate32 {
	uint32_t cw, sw, tag, ipoff, cssel, dataoff, datasel;
	uint8_t st[80];
	uint16_t status, magic;
	uint32_t fxsr_env[6], mxcsr, reserved;
	uint8_t fxsr_st[128], xmm[128];
	uint32_t padding[44];
	uint32_t magic1, extended_size;
	uint32_t xfeatures_lo, xfeatures_hi, xstate_size;
};

struct uc32 {
	uint32_t uc_flags, uc_link;
	uint32_t ss_sp;
	int32_t ss_flags;
	uint32_t ss_size;
	struct sc32 sc;
	uint32_t mask[2];
};

/* What the handler's first instruction saw (probe_entry below). */
struct probe {
	uint32_t esp, es, ds, eax, edx, ecx, flags;
};

static void (*probe_next)(const struct probe *p);

void probe_c(const struct probe *p);
void probe_c(const struct probe *p)
{
	probe_next(p);
}

/*
 * The handler every signal here goes to: it saves what the kernel set (eflags,
 * ecx, edx, eax, ds, es, esp) before any compiled code can change it, calls
 * probe_c with them on a 16-byte aligned stack, and returns to the restorer.
 */
void probe_entry(int);
asm(".text\n"
    ".globl probe_entry\n\t.hidden probe_entry\n\t.type probe_entry, @function\n"
    "probe_entry:\n\t"
    "pushf\n\t"
    "push %ecx\n\t"
    "push %edx\n\t"
    "push %eax\n\t"
    "mov %ds, %eax\n\t"
    "push %eax\n\t"
    "mov %es, %eax\n\t"
    "push %eax\n\t"
    "lea 24(%esp), %eax\n\t"
    "push %eax\n\t"
    "push %esi\n\t"
    "lea 4(%esp), %esi\n\t"
    "and $-16, %esp\n\t"
    "sub $12, %esp\n\t"
    "push %esi\n\t"
    "call probe_c\n\t"
    "lea -4(%esi), %esp\n\t"
    "pop %esi\n\t"
    "add $28, %esp\n\t"
    "ret\n");

static uint32_t read_gs(void) { uint32_t v; asm volatile("mov %%gs, %0" : "=r"(v)); return v; }
static uint32_t read_ds(void) { uint32_t v; asm volatile("mov %%ds, %0" : "=r"(v)); return v; }

/* A raw ia32 system call by int $0x80, or through __kernel_vsyscall (AT_SYSINFO). */
static long int80(long nr, long b, long c, long d, long S)
{
	long r = nr;

	asm volatile("int $0x80" : "+a"(r) : "b"(b), "c"(c), "d"(d), "S"(S) : "memory", "cc");
	return r;
}

static long vsys(long nr, long b, long c, long d, long S)
{
	long r = nr;
	unsigned long vs = getauxval(AT_SYSINFO);

	asm volatile("call *%[vs]" : "+a"(r) : "b"(b), "c"(c), "d"(d), "S"(S), [vs] "m"(vs) : "memory", "cc");
	return r;
}

static const char *err_or(long r)
{
	static char buf[32];

	if (r < 0 && r > -4096)
		return errno_name(-r);
	snprintf(buf, sizeof(buf), "%ld", r);
	return buf;
}

/* The raw ia32 sigaction structures, to install handlers without SA_RESTORER. */
struct ksa32 {
	uint32_t handler, flags, restorer, mask[2];
};
struct ksa32_old {
	uint32_t handler, mask, flags, restorer;
};

/* ---- info ------------------------------------------------------------------ */

static int fpstate_report(const struct sc32 *sc, uint32_t top)
{
	const struct fpstate32 *fp = (const struct fpstate32 *)sc->fpstate;

	if (!fp) {
		printf("  fpstate: none\n");
		return 0;
	}
	printf("  fpstate above the frame: %s; its FXSAVE part 64-byte aligned: %s; below the old stack: %s\n",
	       yes(sc->fpstate > (uint32_t)sc), yes(((uint32_t)fp + 112) % 64 == 0), yes(sc->fpstate < top));
	printf("  fpstate: magic 0x%04x, status == sw: %s, cw 0x%08x, tag 0x%08x, cssel 0x%x, datasel 0x%08x\n",
	       fp->magic, yes(fp->status == (uint16_t)fp->sw), fp->cw, fp->tag, fp->cssel, fp->datasel);
	printf("  fpstate: mxcsr 0x%04x, sw_bytes magic1 %s, extended_size - xstate_size = %u, xfeatures & 3 = %u\n",
	       fp->mxcsr, fp->magic1 == 0x46505853U ? "FP_XSTATE_MAGIC1" : "missing",
	       fp->extended_size - fp->xstate_size, fp->xfeatures_lo & 3);
	return 0;
}

static volatile int got;
static uint32_t int80_addr;

static void info_probe(const struct probe *p)
{
	const uint32_t *stack = (const uint32_t *)p->esp;
	const siginfo_t *si = (const siginfo_t *)stack[2];
	const struct uc32 *uc = (const struct uc32 *)stack[3];
	const struct sc32 *sc = &uc->sc;

	got++;
	printf("handler entry: eax = sig: %s; edx = &info: %s; ecx = &uc: %s; (esp + 4) %% 16 = %u\n",
	       yes(p->eax == stack[1]), yes(p->edx == stack[2]), yes(p->ecx == stack[3]), (p->esp + 4) % 16);
	printf("  stack: sig %s, info just above the four words: %s, uc after info: %s\n", sig_name(stack[1]),
	       yes(stack[2] == p->esp + 16), yes(stack[3] == p->esp + 16 + 128));
	printf("  DF clear: %s, TF clear: %s; ds 0x%x, es 0x%x\n", yes(!(p->flags & 0x400)), yes(!(p->flags & 0x100)),
	       p->ds, p->es);
	printf("  siginfo: %s %s, pid is mine: %s\n", sig_name(si->si_signo), code_name(si->si_signo, si->si_code),
	       yes(si->si_pid == getpid()));
	printf("  uc_flags 0x%x & ~UC_FP_XSTATE = 0x%x, uc_link %u, uc_stack flags %d (SS_DISABLE = %d)\n",
	       uc->uc_flags, uc->uc_flags & ~1u, uc->uc_link, uc->ss_flags, SS_DISABLE);
	printf("  sigcontext: cs 0x%x ss 0x%x ds 0x%x es 0x%x, gs is the program's: %s, fs 0x%x\n", sc->cs, sc->ss,
	       sc->ds, sc->es, yes(sc->gs == read_gs()), sc->fs);
	printf("  sigcontext: eax %u (kill's result), ebx is the pid: %s, ecx %s, edx 0x%x\n",
	       sc->ax, yes(sc->bx == (uint32_t)getpid()), sig_name(sc->cx), sc->dx);
	printf("  sigcontext: esi 0x%x edi 0x%x ebp 0x%x, eip after the int $0x80: %s, sp == sp_at_signal: %s\n",
	       sc->si, sc->di, sc->bp, yes(sc->ip == int80_addr + 2), yes(sc->sp == sc->sp_at_signal));
	printf("  sigcontext: the frame is below the interrupted esp: %s; IF set: %s; mask 0x%x, uc mask 0x%x 0x%x\n",
	       yes(sc->sp > p->esp), yes(sc->flags & 0x200), sc->oldmask, uc->mask[0], uc->mask[1]);
	fpstate_report(sc, sc->sp);
}

extern const char info_int80[] HIDDEN;

static __attribute__((noinline)) void group_info(void)
{
	on(SIGUSR1, probe_entry, 1, 0, SIGUSR2, 0);
	probe_next = info_probe;
	int80_addr = (uint32_t)info_int80;
	mask(SIG_BLOCK, SIGWINCH);
	/* kill(getpid(), SIGUSR1) by int $0x80, with known values in the other registers */
	long a = 37, b = getpid(), c = SIGUSR1, d = 0x1234, S = 0x5678, D = 0x9abc;
	asm volatile("push %%ebp\n\t"
		     "mov $0xdef0, %%ebp\n\t"
		     LABEL(info_int80)
		     "int $0x80\n\t"
		     "pop %%ebp"
		     : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+S"(S), "+D"(D) : : "memory", "cc");
	printf("kill returned %ld; the handler ran %d time(s); registers kept: %s\n", a, got,
	       yes(c == SIGUSR1 && d == 0x1234 && S == 0x5678 && D == 0x9abc));
	printf("the program's gs 0x%x, ds 0x%x\n", read_gs(), read_ds());
}

/* ---- old ---------------------------------------------------------------------- */

static uint32_t vdso_lo, vdso_hi;

static void pretcode_report(uint32_t pretcode, int rt)
{
	const uint8_t *c = (const uint8_t *)pretcode;
	static const uint8_t sigret[] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 };
	static const uint8_t rtret[] = { 0xb8, 173, 0, 0, 0, 0xcd, 0x80 };
	int in_vdso = pretcode >= vdso_lo && pretcode < vdso_hi;

	printf("  the return address is in the vDSO: %s; its code is %s\n", yes(in_vdso),
	       !in_vdso ? "(not looked at)" :
	       rt ? (!memcmp(c, rtret, sizeof(rtret)) ? "movl $173, %eax; int $0x80" : "something else") :
	       (!memcmp(c, sigret, sizeof(sigret)) ? "popl %eax; movl $119, %eax; int $0x80" : "something else"));
}

static void old_probe(const struct probe *p)
{
	const uint32_t *stack = (const uint32_t *)p->esp;
	const struct sc32 *sc = (const struct sc32 *)(p->esp + 8);
	const uint8_t *retcode = (const uint8_t *)(p->esp + 8 + 88 + 624 + 4);
	uint32_t extramask = *(const uint32_t *)(p->esp + 8 + 88 + 624);

	got++;
	printf("old-style handler: eax = sig: %s, edx %u, ecx %u, [esp + 4] %s, (esp + 4) %% 16 = %u\n",
	       yes(p->eax == stack[1]), p->edx, p->ecx, sig_name(stack[1]), (p->esp + 4) % 16);
	printf("  sigcontext at esp + 8: cs 0x%x ss 0x%x ds 0x%x es 0x%x, eip after the int $0x80: %s\n",
	       sc->cs, sc->ss, sc->ds, sc->es, yes(sc->ip == int80_addr + 2));
	printf("  oldmask 0x%x, extramask 0x%x; retcode %02x %02x %02x %02x %02x %02x %02x %02x\n", sc->oldmask,
	       extramask, retcode[0], retcode[1], retcode[2], retcode[3], retcode[4], retcode[5], retcode[6],
	       retcode[7]);
	printf("  fpstate just above the frame's retcode (and 64-byte alignment): %s\n",
	       yes(sc->fpstate >= p->esp + 732 && sc->fpstate < p->esp + 732 + 64 + 16));
	if (vdso_lo)
		pretcode_report(stack[0], 0);
}

static void rt_raw_probe(const struct probe *p)
{
	const uint32_t *stack = (const uint32_t *)p->esp;

	got++;
	printf("SA_SIGINFO handler installed without SA_RESTORER: sig %s\n", sig_name(stack[1]));
	pretcode_report(stack[0], 1);
}

extern const char old_int80[] HIDDEN;

static __attribute__((noinline)) long kill_by_int80(int sig)
{
	long a = 37, b = getpid(), c = sig;

	asm volatile(LABEL(old_int80) "int $0x80" : "+a"(a), "+b"(b), "+c"(c) : : "memory", "cc");
	return a;
}

static void group_old(void)
{
	unsigned long ehdr = getauxval(AT_SYSINFO_EHDR);

	vdso_lo = ehdr, vdso_hi = ehdr + 4096;
	printf("a vDSO: %s\n", yes(ehdr != 0));
	on(SIGUSR1, probe_entry, 0, 0, 0);
	probe_next = old_probe;
	int80_addr = (uint32_t)old_int80;
	mask(SIG_BLOCK, SIGUSR2);
	mask(SIG_BLOCK, 40);
	long r = kill_by_int80(SIGUSR1);
	printf("kill returned %ld; the handler ran %d time(s) (libc's SA_RESTORER)\n", r, got);

	/* sigaction (#67) by int $0x80, no SA_RESTORER: the vDSO's __kernel_sigreturn */
	struct ksa32_old o = { (uint32_t)probe_entry, 0, 0, 0 };
	printf("sigaction(#67) without SA_RESTORER: %s\n", err_or(int80(67, SIGUSR1, (long)&o, 0, 0)));
	got = 0;
	r = kill_by_int80(SIGUSR1);
	printf("kill returned %ld; the handler ran %d time(s) and came back\n", r, got);

	/* rt_sigaction (#174), SA_SIGINFO, no SA_RESTORER: __kernel_rt_sigreturn */
	struct ksa32 a = { (uint32_t)probe_entry, SA_SIGINFO, 0, { 0, 0 } };
	printf("rt_sigaction(#174) without SA_RESTORER: %s\n", err_or(int80(174, SIGUSR1, (long)&a, 0, 8)));
	probe_next = rt_raw_probe;
	got = 0;
	r = kill_by_int80(SIGUSR1);
	printf("kill returned %ld; the handler ran %d time(s) and came back\n", r, got);
}

/* ---- sigreturn ---------------------------------------------------------------- */

extern const char sr_int80[] HIDDEN;

static void change_context(struct sc32 *sc)
{
	got++;
	sc->ax = 42;
	sc->ip += 5;			/* over the mov $1, %ebx */
	sc->flags |= 1 | (1u << 21);	/* CF (taken), ID (not a flag sigreturn restores) */
	sc->es = 0;
	sc->fs = 0x18;			/* the kernel's data segment: the CPU refuses RPL 3 there */
}

static void sr_rt_probe(const struct probe *p)
{
	change_context(&((struct uc32 *)p->ecx)->sc);
}

static void sr_old_probe(const struct probe *p)
{
	change_context((struct sc32 *)(p->esp + 8));
}

static __attribute__((noinline)) void sigreturn_run(const char *how)
{
	long a = 37, b = getpid(), c = SIGUSR2, d, S, D;

	got = 0;
	asm volatile("clc\n\t"
		     LABEL(sr_int80)
		     "int $0x80\n\t"
		     "mov $1, %%ebx\n\t"
		     "pushf\n\t"
		     "pop %%edx\n\t"
		     "mov %%es, %%esi\n\t"
		     "mov %%fs, %%edi\n\t"
		     "push %%ds\n\t"
		     "pop %%es"
		     : "+a"(a), "+b"(b), "+c"(c), "=d"(d), "=S"(S), "=D"(D) : : "memory", "cc");
	printf("%s: the handler ran %d time(s); eax %ld, the mov skipped: %s, CF %ld, ID %ld, es 0x%lx, fs 0x%lx\n",
	       how, got, a, yes(b == getpid()), d & 1, (d >> 21) & 1, S, D);
}

static volatile int fp_step;
extern const char fp_wait[] HIDDEN, sse_div[] HIDDEN;

/* The x87 and SSE errors of group sigreturn: the handler fixes the state in the frame. */
static void fpe_handler(int sig, siginfo_t *si, void *ctx)
{
	struct sc32 *sc = &((struct uc32 *)ctx)->sc;
	struct fpstate32 *fp = (struct fpstate32 *)sc->fpstate;

	(void)sig;
	got++;
	printf("  SIGFPE %s, trapno %u, si_addr at the %s; x87 status in the old layout 0x%04x, mxcsr 0x%04x\n",
	       code_name(SIGFPE, si->si_code), sc->trapno,
	       si->si_addr == fp_wait ? "fwait" : si->si_addr == sse_div ? "divss" : "?", fp->sw & 0xffff, fp->mxcsr);
	if (fp_step == 0) {
		fp->sw &= ~0x80bfu;		/* ES, B and the flags: in the FSAVE part, which wins */
		fp->cw |= 0x3f;			/* and masked from now on */
	} else {
		fp->mxcsr |= 0x1f80;		/* mask every SSE exception; clear the flags */
		fp->mxcsr &= ~0x3fu;
	}
}


static __attribute__((noinline)) void group_sigreturn(void)
{
	on(SIGUSR2, probe_entry, 1, 0, 0);
	probe_next = sr_rt_probe;
	sigreturn_run("rt_sigreturn (SA_SIGINFO)");
	on(SIGUSR2, probe_entry, 0, 0, 0);
	probe_next = sr_old_probe;
	sigreturn_run("sigreturn (old-style)");

	on(SIGFPE, fpe_handler, 1, 0, 0);
	got = 0;
	fp_step = 0;
	uint16_t cw = 0x037f & ~0x04;		/* divide by zero unmasked */
	float one = 1.0f, zero = 0.0f, q;
	asm volatile("fldcw %1\n\t"
		     "flds %2\n\t"
		     "fdivs %3\n\t"
		     LABEL(fp_wait)
		     "fwait\n\t"
		     "fstps %0"
		     : "=m"(q) : "m"(cw), "m"(one), "m"(zero) : "memory");
	uint16_t now;
	asm volatile("fnstcw %0" : "=m"(now));
	printf("x87: after the handler cleared the status word in the frame, the handler ran %d time(s); cw 0x%04x\n",
	       got, now);
	got = 0;
	fp_step = 1;
	uint32_t mxcsr = 0x1f80 & ~0x200;	/* SSE divide by zero unmasked */
	asm volatile("ldmxcsr %1\n\t"
		     "movss %2, %%xmm0\n\t"
		     LABEL(sse_div)
		     "divss %3, %%xmm0\n\t"
		     "movss %%xmm0, %0"
		     : "=m"(q) : "m"(mxcsr), "m"(one), "m"(zero) : "xmm0", "memory");
	asm volatile("stmxcsr %0" : "=m"(mxcsr));
	printf("SSE: after the handler masked it in the frame, the handler ran %d time(s); mxcsr 0x%04x\n", got,
	       mxcsr & ~0x3fu);
}

/* ---- bad ---------------------------------------------------------------------- */

static sigjmp_buf back;
static int bad_kind;

static void segv_handler(int sig, siginfo_t *si, void *ctx)
{
	const struct sc32 *sc = &((const struct uc32 *)ctx)->sc;

	(void)sig;
	printf("  SIGSEGV %s, si_addr %p, trapno %u, err 0x%x; ", code_name(SIGSEGV, si->si_code), si->si_addr,
	       sc->trapno, sc->err);
	siglongjmp(back, 1);
}

static void bad_probe(const struct probe *p)
{
	struct sc32 *sc = &((struct uc32 *)p->ecx)->sc;
	struct fpstate32 *fp = (struct fpstate32 *)sc->fpstate;

	switch (bad_kind) {
	case 0: sc->fpstate = 0x1000; break;		/* unmapped */
	case 1: fp->mxcsr = 0xffffffff; break;		/* reserved bits */
	case 2: sc->cs = 0x10; break;			/* the kernel's code segment: IRET refuses it */
	case 3: sc->ss = 0x18; break;			/* the kernel's data segment as the stack */
	case 4: sc->ds = 0x7ff8; break;			/* far past the GDT: ds becomes null */
	case 5:						/* XCOMP_BV, in an XSAVE image's header */
		if (fp->magic1 == 0x46505853U && fp->xfeatures_lo)
			((uint8_t *)fp)[112 + 512 + 8] = 1;
		break;
	case 6: break;					/* nothing: the next frame must be clean */
	}
}

static void group_bad(void)
{
	static char alt[16384];
	stack_t ss = { alt, 0, sizeof(alt) };
	static const char *const what[] = {
		"an unreadable FPU image", "reserved MXCSR bits", "a kernel CS", "a kernel SS", "a bad DS",
		"a compacted XSAVE header (if XSAVE)", "nothing changed",
	};

	sigaltstack(&ss, NULL);
	on(SIGSEGV, segv_handler, 1, SA_ONSTACK | SA_NODEFER, 0);
	/* rt_sigreturn and sigreturn with esp at an unmapped page: the frame cannot be read */
	for (int nr = 0; nr < 2; nr++) {
		if (sigsetjmp(back, 1) == 0) {
			long a = nr ? 119 : 173;
			asm volatile("mov %%esp, %%esi\n\t"
				     "mov $0x2000, %%esp\n\t"
				     "int $0x80\n\t"
				     "mov %%esi, %%esp"
				     : "+a"(a) : : "esi", "memory", "cc");
			printf("%s with esp in an unmapped page returned %ld\n", nr ? "sigreturn" : "rt_sigreturn", a);
		} else {
			printf("%s with esp in an unmapped page: the program goes on\n", nr ? "sigreturn" : "rt_sigreturn");
		}
	}
	on(SIGUSR2, probe_entry, 1, 0, 0);
	probe_next = bad_probe;
	for (bad_kind = 0; bad_kind < 7; bad_kind++) {
		if (sigsetjmp(back, 1) == 0) {
			long r = kill_by_int80(SIGUSR2);
			printf("rt_sigreturn with %s: back, kill returned %ld, ds 0x%x\n", what[bad_kind], r, read_ds());
			asm volatile("push %%ss\n\tpop %%ds" : : : "memory");	/* a usable ds again */
		} else {
			printf("rt_sigreturn with %s: the program goes on\n", what[bad_kind]);
		}
	}
}

/* ---- restart ------------------------------------------------------------------ */

static volatile int alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void arm_ms(int ms)
{
	struct { int32_t is, ius, vs, vus; } it = { 0, 0, 0, ms * 1000 };	/* i386's itimerval */

	syscall(SYS_setitimer, 0, &it, NULL);
}

static void group_restart(void)
{
	static const char *const ways[] = { "int $0x80", "__kernel_vsyscall" };
	long (*const call[])(long, long, long, long, long) = { int80, vsys };

	on(SIGALRM, on_alarm, 0, SA_RESTART, 0);
	for (int w = 0; w < 2; w++) {
		/*
		 * SIGUSR1 ignored but blocked stays pending; rt_sigsuspend with an empty
		 * mask wakes for it at once, no handler runs, and the call starts again
		 * (ip - 2, eax = its number), until SIGALRM's handler ends it.
		 */
		signal(SIGUSR1, SIG_IGN);
		mask(SIG_BLOCK, SIGUSR1);
		raise(SIGUSR1);
		uint32_t empty[2] = { 0, 0 };
		alarms = 0;
		arm_ms(100);
		long r = call[w](179, (long)empty, 8, 0, 0);
		printf("%s: rt_sigsuspend woken by an ignored signal started again; it returned %s after %d alarm(s)\n",
		       ways[w], err_or(r), alarms);
		mask(SIG_UNBLOCK, SIGUSR1);
		/* the old sigsuspend (#72), mask by value */
		signal(SIGUSR1, SIG_IGN);
		mask(SIG_BLOCK, SIGUSR1);
		raise(SIGUSR1);
		alarms = 0;
		arm_ms(100);
		r = call[w](72, 0, 0, 0, 0);
		printf("%s: sigsuspend likewise: %s after %d alarm(s)\n", ways[w], err_or(r), alarms);
		mask(SIG_UNBLOCK, SIGUSR1);
		/* nanosleep (#162): SA_RESTART does not restart a sleep a handler interrupted */
		struct { int32_t s, ns; } req = { 5, 0 }, rem = { -1, -1 };
		alarms = 0;
		arm_ms(100);
		r = call[w](162, (long)&req, (long)&rem, 0, 0);
		printf("%s: nanosleep(5 s) with SA_RESTART: %s after %d alarm(s), rem sane: %s\n", ways[w], err_or(r),
		       alarms, yes(rem.s >= 4 && rem.s <= 5 && rem.ns >= 0 && rem.ns < 1000000000));
		/* pause (#29) likewise */
		alarms = 0;
		arm_ms(100);
		r = call[w](29, 0, 0, 0, 0);
		printf("%s: pause: %s after %d alarm(s)\n", ways[w], err_or(r), alarms);
	}
}

/* ---- altstack ----------------------------------------------------------------- */

static uint32_t alt_lo, alt_hi;

static void alt_probe(const struct probe *p)
{
	const struct uc32 *uc = (const struct uc32 *)p->ecx;
	stack_t now;

	sigaltstack(NULL, &now);
	printf("handler: esp on the alternate stack: %s, (esp + 4) %% 16 = %u, fpstate on it too: %s\n",
	       yes(p->esp > alt_lo && p->esp < alt_hi), (p->esp + 4) % 16,
	       yes(uc->sc.fpstate > alt_lo && uc->sc.fpstate < alt_hi));
	printf("  uc_stack: sp is the altstack's: %s, size %u, flags %d; sigaltstack says flags %d\n",
	       yes(uc->ss_sp == alt_lo), uc->ss_size, uc->ss_flags, now.ss_flags);
	printf("  the interrupted esp is outside: %s; the top of the FPU image to the altstack's top: %s\n",
	       yes(uc->sc.sp < alt_lo || uc->sc.sp > alt_hi), yes(alt_hi - uc->sc.fpstate < 4096 + 64 + 112));
}

static void same_stack_probe(const struct probe *p)
{
	const struct uc32 *uc = (const struct uc32 *)p->ecx;

	printf("without SA_ONSTACK: esp on the alternate stack: %s; below the interrupted esp: %s; uc_stack flags %d\n",
	       yes(p->esp > alt_lo && p->esp < alt_hi), yes(p->esp < uc->sc.sp), uc->ss_flags);
}

static void group_altstack(void)
{
	static char alt[65536] __attribute__((aligned(64)));
	stack_t ss = { alt + 3, 0, 32771 };

	alt_lo = (uint32_t)ss.ss_sp, alt_hi = alt_lo + ss.ss_size;
	printf("sigaltstack: %d\n", sigaltstack(&ss, NULL));
	on(SIGUSR1, probe_entry, 1, SA_ONSTACK, 0);
	probe_next = alt_probe;
	kill_by_int80(SIGUSR1);
	/* without SA_ONSTACK, the program's stack */
	on(SIGUSR2, probe_entry, 1, 0, 0);
	probe_next = same_stack_probe;
	kill_by_int80(SIGUSR2);
	ss.ss_flags = SS_DISABLE;
	printf("disable: %d\n", sigaltstack(&ss, NULL));
}

/* ---- faults ------------------------------------------------------------------- */

extern const char f_pf[] HIDDEN, f_pf_w[] HIDDEN, f_gp[] HIDDEN, f_ud[] HIDDEN, f_de[] HIDDEN, f_bp[] HIDDEN,
	f_step[] HIDDEN, f_resume[] HIDDEN;

static const char *fault_at(uint32_t addr)
{
	static const struct { const char *name; const char *at; } labels[] = {
		{ "the load", f_pf }, { "the store", f_pf_w }, { "hlt", f_gp }, { "ud2", f_ud }, { "div", f_de },
		{ "after int3", f_bp }, { "the stepped instruction's next", f_step },
	};

	if (addr == 0)
		return "0";
	for (unsigned i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (addr == (uint32_t)labels[i].at)
			return labels[i].name;
	return "elsewhere";
}

static const char *addr_name(uint32_t a)
{
	return a == 0x10 ? "0x10" : a == (uint32_t)fault_at ? "the text stored into" : fault_at(a);
}

static void fault_handler(int sig, siginfo_t *si, void *ctx)
{
	struct sc32 *sc = &((struct uc32 *)ctx)->sc;

	printf("  %s %s, si_addr %s; sigcontext: trapno %u, err 0x%x, eip at %s, cr2 %s\n", sig_name(sig),
	       code_name(sig, si->si_code), addr_name((uint32_t)si->si_addr), sc->trapno, sc->err, fault_at(sc->ip),
	       addr_name(sc->cr2));
	sc->ip = (uint32_t)f_resume;
	sc->flags &= ~0x100u;
}

static __attribute__((noinline)) void group_faults(void)
{
	on(SIGSEGV, fault_handler, 1, SA_NODEFER, 0);
	on(SIGILL, fault_handler, 1, SA_NODEFER, 0);
	on(SIGFPE, fault_handler, 1, SA_NODEFER, 0);
	on(SIGTRAP, fault_handler, 1, SA_NODEFER, 0);
	static const char *const what[] = { "load from 0x10", "store into the text", "hlt", "ud2", "divide by zero",
					    "int3", "single step" };
	for (int k = 0; k < 7; k++) {
		uint32_t text = (uint32_t)fault_at;
		printf("%s:\n", what[k]);
		fflush(stdout);
		asm volatile("cmp $0, %0\n\tjne 1f\n\t"
			     "mov $0x10, %%eax\n\t"
			     LABEL(f_pf) "mov (%%eax), %%eax\n\t"
			     "1: cmp $1, %0\n\tjne 1f\n\t"
			     LABEL(f_pf_w) "movb $0, (%1)\n\t"
			     "1: cmp $2, %0\n\tjne 1f\n\t"
			     LABEL(f_gp) "hlt\n\t"
			     "1: cmp $3, %0\n\tjne 1f\n\t"
			     LABEL(f_ud) "ud2\n\t"
			     "1: cmp $4, %0\n\tjne 1f\n\t"
			     "xor %%edx, %%edx\n\txor %%eax, %%eax\n\txor %%ecx, %%ecx\n\t"
			     LABEL(f_de) "div %%ecx\n\t"
			     "1: cmp $5, %0\n\tjne 1f\n\t"
			     "int3\n\t"
			     LABEL(f_bp) "nop\n\t"
			     "1: cmp $6, %0\n\tjne 1f\n\t"
			     "pushf\n\torl $0x100, (%%esp)\n\tpopf\n\t"
			     "nop\n\t"
			     LABEL(f_step) "nop\n\t"
			     "1:\n\t"
			     LABEL(f_resume) "nop"
			     : : "r"(k), "r"(text) : "eax", "ecx", "edx", "memory", "cc");
	}
	printf("the program goes on\n");
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } groups[] = {
		{ "info", group_info }, { "old", group_old }, { "sigreturn", group_sigreturn }, { "bad", group_bad },
		{ "restart", group_restart }, { "altstack", group_altstack }, { "faults", group_faults },
	};

	line_buffered();
	for (int i = 1; i < argc; i++)
		for (unsigned g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
			if (!strcmp(argv[i], groups[g].name)) {
				printf("== %s\n", argv[i]);
				groups[g].fn();
			}
	return 0;
}
