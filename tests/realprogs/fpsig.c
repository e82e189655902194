// SPDX-License-Identifier: MIT
/*
 * fpsig: the FPU and SSE state across a signal handler. One asm statement
 * loads xmm0-xmm15, MXCSR, the x87 control word and st(0), sends itself a
 * signal (tgkill, or a ud2 the handler skips) and reads them all back. The
 * handler (entered through an asm stub that records its own state at its first
 * instruction) reads the interrupted state from its ucontext's fpstate, then
 * clobbers every register; after sigreturn the interrupted state must be back.
 * A last round edits the fpstate in the frame: sigreturn must load the edit.
 * With AVX, the same for all 256 bits of ymm0-ymm15 (a CPU without AVX prints
 * the same line).
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <stdint.h>
#include <sys/ucontext.h>
#include "sigcommon.h"

#define UC_FP_XSTATE		0x1
#define FP_XSTATE_MAGIC1	0x46505853U
#define FP_XSTATE_MAGIC2	0x46505845U
#define MXCSR_SET		0x7f80		/* all masked, round toward zero */
#define CW_SET			0x0f7f		/* all masked, extended precision, round toward zero */
#define MXCSR_EDIT		0x5f80		/* round up: what the editing handler writes */

struct state {
	uint8_t xmm[16][16];
	uint32_t mxcsr;
	uint16_t cw;
	double st0;
};

/* The handler's own state at its first instruction (set by the asm stub). */
uint32_t entry_mxcsr HIDDEN;
uint16_t entry_cw HIDDEN;
uint8_t entry_xmm0[16] HIDDEN, entry_xmm15[16] HIDDEN;

static volatile int h_runs, h_frame_ok, h_aligned, h_magic_ok, h_edit, h_avx;
static struct state want;
static uint8_t want_ymm[16][32];

static void handler_c(int sig, siginfo_t *si, void *ctx);
void fp_handler(int, siginfo_t *, void *) HIDDEN;
void fp_handler_c(int, siginfo_t *, void *) HIDDEN;
void fp_handler_c(int sig, siginfo_t *si, void *ctx)
{
	handler_c(sig, si, ctx);
}
__asm__(".text\n"
	".globl fp_handler\n.hidden fp_handler\n.type fp_handler,@function\n"
	"fp_handler:\n\t"
	"stmxcsr entry_mxcsr(%rip)\n\t"
	"fnstcw entry_cw(%rip)\n\t"
	"movdqu %xmm0, entry_xmm0(%rip)\n\t"
	"movdqu %xmm15, entry_xmm15(%rip)\n\t"
	"jmp fp_handler_c\n");

static void handler_c(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	uint8_t *fp = (uint8_t *)uc->uc_mcontext.fpregs;
	uint32_t mxcsr, magic1, magic2, xsize = 0;
	uint16_t cw;
	double st0;
	long double st0_ext;

	(void)si;
	h_runs++;
	if (sig == SIGILL)
		uc->uc_mcontext.gregs[REG_RIP] += 2;	/* past the ud2 */
	memcpy(&cw, fp + 0, 2);
	memcpy(&mxcsr, fp + 24, 4);
	memcpy(&st0_ext, fp + 32, 10);
	st0 = (double)st0_ext;
	h_frame_ok = mxcsr == want.mxcsr && cw == want.cw && st0 == want.st0 &&
		     memcmp(fp + 160, want.xmm[0], 16) == 0 && memcmp(fp + 160 + 15 * 16, want.xmm[15], 16) == 0;
	h_aligned = (unsigned long)fp % 64 == 0;
	h_magic_ok = 1;
	if (uc->uc_flags & UC_FP_XSTATE) {
		memcpy(&magic1, fp + 464, 4);
		memcpy(&xsize, fp + 464 + 16, 4);	/* sw_reserved.xstate_size */
		memcpy(&magic2, fp + xsize, 4);
		h_magic_ok = magic1 == FP_XSTATE_MAGIC1 && magic2 == FP_XSTATE_MAGIC2;
	}
	if (h_edit) {
		uint32_t m = MXCSR_EDIT;

		memcpy(fp + 24, &m, 4);
		memset(fp + 160 + 3 * 16, 0x5a, 16);	/* xmm3 */
	}

	/* Clobber everything the interrupted code had set. */
	static const uint32_t garbage_mxcsr = 0x9fc0;
	static const uint16_t garbage_cw = 0x007f;
	__asm__ volatile("pcmpeqd %%xmm0, %%xmm0\n\tpcmpeqd %%xmm1, %%xmm1\n\tpcmpeqd %%xmm2, %%xmm2\n\t"
			 "pcmpeqd %%xmm3, %%xmm3\n\tpcmpeqd %%xmm4, %%xmm4\n\tpcmpeqd %%xmm5, %%xmm5\n\t"
			 "pcmpeqd %%xmm6, %%xmm6\n\tpcmpeqd %%xmm7, %%xmm7\n\tpcmpeqd %%xmm8, %%xmm8\n\t"
			 "pcmpeqd %%xmm9, %%xmm9\n\tpcmpeqd %%xmm10, %%xmm10\n\tpcmpeqd %%xmm11, %%xmm11\n\t"
			 "pcmpeqd %%xmm12, %%xmm12\n\tpcmpeqd %%xmm13, %%xmm13\n\tpcmpeqd %%xmm14, %%xmm14\n\t"
			 "pcmpeqd %%xmm15, %%xmm15\n\t"
			 "ldmxcsr %0\n\tfninit\n\tfldcw %1\n\tfldpi\n\tfldpi"
			 :: "m"(garbage_mxcsr), "m"(garbage_cw)
			 : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
			   "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory");
	if (h_avx)
		__asm__ volatile("vpcmpeqd %%ymm0, %%ymm0, %%ymm0\n\tvpcmpeqd %%ymm7, %%ymm7, %%ymm7\n\t"
				 "vpcmpeqd %%ymm8, %%ymm8, %%ymm8\n\tvpcmpeqd %%ymm15, %%ymm15, %%ymm15"
				 ::: "xmm0", "xmm7", "xmm8", "xmm15");
}

#define LOAD16(op, base) \
	op " 0x00(%" base "), %%xmm0\n\t" op " 0x10(%" base "), %%xmm1\n\t" op " 0x20(%" base "), %%xmm2\n\t" \
	op " 0x30(%" base "), %%xmm3\n\t" op " 0x40(%" base "), %%xmm4\n\t" op " 0x50(%" base "), %%xmm5\n\t" \
	op " 0x60(%" base "), %%xmm6\n\t" op " 0x70(%" base "), %%xmm7\n\t" op " 0x80(%" base "), %%xmm8\n\t" \
	op " 0x90(%" base "), %%xmm9\n\t" op " 0xa0(%" base "), %%xmm10\n\t" op " 0xb0(%" base "), %%xmm11\n\t" \
	op " 0xc0(%" base "), %%xmm12\n\t" op " 0xd0(%" base "), %%xmm13\n\t" op " 0xe0(%" base "), %%xmm14\n\t" \
	op " 0xf0(%" base "), %%xmm15\n\t"
#define STORE16(op, base) \
	op " %%xmm0, 0x00(%" base ")\n\t" op " %%xmm1, 0x10(%" base ")\n\t" op " %%xmm2, 0x20(%" base ")\n\t" \
	op " %%xmm3, 0x30(%" base ")\n\t" op " %%xmm4, 0x40(%" base ")\n\t" op " %%xmm5, 0x50(%" base ")\n\t" \
	op " %%xmm6, 0x60(%" base ")\n\t" op " %%xmm7, 0x70(%" base ")\n\t" op " %%xmm8, 0x80(%" base ")\n\t" \
	op " %%xmm9, 0x90(%" base ")\n\t" op " %%xmm10, 0xa0(%" base ")\n\t" op " %%xmm11, 0xb0(%" base ")\n\t" \
	op " %%xmm12, 0xc0(%" base ")\n\t" op " %%xmm13, 0xd0(%" base ")\n\t" op " %%xmm14, 0xe0(%" base ")\n\t" \
	op " %%xmm15, 0xf0(%" base ")\n\t"
#define LOAD16Y(base) \
	"vmovdqu 0x000(%" base "), %%ymm0\n\tvmovdqu 0x020(%" base "), %%ymm1\n\tvmovdqu 0x040(%" base "), %%ymm2\n\t" \
	"vmovdqu 0x060(%" base "), %%ymm3\n\tvmovdqu 0x080(%" base "), %%ymm4\n\tvmovdqu 0x0a0(%" base "), %%ymm5\n\t" \
	"vmovdqu 0x0c0(%" base "), %%ymm6\n\tvmovdqu 0x0e0(%" base "), %%ymm7\n\tvmovdqu 0x100(%" base "), %%ymm8\n\t" \
	"vmovdqu 0x120(%" base "), %%ymm9\n\tvmovdqu 0x140(%" base "), %%ymm10\n\tvmovdqu 0x160(%" base "), %%ymm11\n\t" \
	"vmovdqu 0x180(%" base "), %%ymm12\n\tvmovdqu 0x1a0(%" base "), %%ymm13\n\tvmovdqu 0x1c0(%" base "), %%ymm14\n\t" \
	"vmovdqu 0x1e0(%" base "), %%ymm15\n\t"
#define STORE16Y(base) \
	"vmovdqu %%ymm0, 0x000(%" base ")\n\tvmovdqu %%ymm1, 0x020(%" base ")\n\tvmovdqu %%ymm2, 0x040(%" base ")\n\t" \
	"vmovdqu %%ymm3, 0x060(%" base ")\n\tvmovdqu %%ymm4, 0x080(%" base ")\n\tvmovdqu %%ymm5, 0x0a0(%" base ")\n\t" \
	"vmovdqu %%ymm6, 0x0c0(%" base ")\n\tvmovdqu %%ymm7, 0x0e0(%" base ")\n\tvmovdqu %%ymm8, 0x100(%" base ")\n\t" \
	"vmovdqu %%ymm9, 0x120(%" base ")\n\tvmovdqu %%ymm10, 0x140(%" base ")\n\tvmovdqu %%ymm11, 0x160(%" base ")\n\t" \
	"vmovdqu %%ymm12, 0x180(%" base ")\n\tvmovdqu %%ymm13, 0x1a0(%" base ")\n\tvmovdqu %%ymm14, 0x1c0(%" base ")\n\t" \
	"vmovdqu %%ymm15, 0x1e0(%" base ")\n\t"
#define XMM_CLOBBERS "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", \
	"xmm11", "xmm12", "xmm13", "xmm14", "xmm15"

/* Load in, signal ourselves with tgkill (by_fault: with a ud2 the handler skips), store to out. */
static void round_trip(const struct state *in, struct state *out, int by_fault)
{
	long pid = getpid(), tid = syscall(SYS_gettid), nr = SYS_tgkill;

	if (by_fault)
		__asm__ volatile(LOAD16("movdqu", "[in]") "ldmxcsr %[mx]\n\tfldcw %[cw]\n\tfldl %[st]\n\t"
				 "ud2\n\t"
				 STORE16("movdqu", "[out]") "stmxcsr %[omx]\n\tfnstcw %[ocw]\n\tfstpl %[ost]"
				 : [omx] "=m"(out->mxcsr), [ocw] "=m"(out->cw), [ost] "=m"(out->st0)
				 : [in] "r"(in->xmm), [out] "r"(out->xmm), [mx] "m"(in->mxcsr), [cw] "m"(in->cw),
				   [st] "m"(in->st0)
				 : XMM_CLOBBERS, "memory");
	else
		__asm__ volatile(LOAD16("movdqu", "[in]") "ldmxcsr %[mx]\n\tfldcw %[cw]\n\tfldl %[st]\n\t"
				 "syscall\n\t"
				 STORE16("movdqu", "[out]") "stmxcsr %[omx]\n\tfnstcw %[ocw]\n\tfstpl %[ost]"
				 : [omx] "=m"(out->mxcsr), [ocw] "=m"(out->cw), [ost] "=m"(out->st0), "+a"(nr)
				 : [in] "r"(in->xmm), [out] "r"(out->xmm), [mx] "m"(in->mxcsr), [cw] "m"(in->cw),
				   [st] "m"(in->st0), "D"(pid), "S"(tid), "d"((long)SIGUSR1)
				 : XMM_CLOBBERS, "rcx", "r11", "memory");
}

static int have_avx(void)
{
	unsigned int a, b, c, d, lo, hi;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_AVX) || !(c & bit_OSXSAVE))
		return 0;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & 6) == 6;
}

static void check(const char *how, int by_fault)
{
	static const uint8_t zero[16];
	struct state got;
	int same;

	memset(&got, 0, sizeof(got));
	h_runs = 0;
	round_trip(&want, &got, by_fault);
	printf("%s: the handler ran %d time(s)\n", how, h_runs);
	printf("  it started with Linux's initial FPU state (mxcsr %#x, x87 control word %#x, xmm0 and xmm15 zero: %s)\n",
	       entry_mxcsr, entry_cw, yes(!memcmp(entry_xmm0, zero, 16) && !memcmp(entry_xmm15, zero, 16)));
	printf("  its ucontext's fpstate holds the interrupted mxcsr, control word, st(0), xmm0 and xmm15: %s\n",
	       yes(h_frame_ok));
	printf("  the fpstate is 64-byte aligned: %s; its xstate magics are in place (or it has none): %s\n",
	       yes(h_aligned), yes(h_magic_ok));
	same = !memcmp(got.xmm, want.xmm, sizeof(got.xmm));
	printf("  after it clobbered them: xmm0-xmm15 survive: %s; mxcsr %#x; x87 control word %#x; st(0) %g\n",
	       yes(same), got.mxcsr, got.cw, got.st0);
}

int main(void)
{
	struct state got;
	int avx = have_avx(), ymm_ok = 1;

	line_buffered();
	for (int r = 0; r < 16; r++)
		for (int i = 0; i < 16; i++)
			want.xmm[r][i] = (uint8_t)(r * 16 + i + 1);
	want.mxcsr = MXCSR_SET;
	want.cw = CW_SET;
	want.st0 = 1.5;

	on(SIGUSR1, fp_handler, 1, 0, 0);
	on(SIGILL, fp_handler, 1, 0, 0);
	check("a signal from tgkill", 0);
	check("a SIGILL from a ud2 the handler skips", 1);

	h_edit = 1;
	memset(&got, 0, sizeof(got));
	round_trip(&want, &got, 0);
	h_edit = 0;
	printf("a handler that writes mxcsr %#x and a new xmm3 into its fpstate: after sigreturn mxcsr is %#x; "
	       "xmm3 is the new one: %s; xmm2 and xmm4 as they were: %s\n", MXCSR_EDIT, got.mxcsr,
	       yes(got.xmm[3][0] == 0x5a && got.xmm[3][15] == 0x5a),
	       yes(!memcmp(got.xmm[2], want.xmm[2], 16) && !memcmp(got.xmm[4], want.xmm[4], 16)));

	if (avx) {
		uint8_t out[16][32];
		long pid = getpid(), tid = syscall(SYS_gettid), nr = SYS_tgkill;

		for (int r = 0; r < 16; r++)
			for (int i = 0; i < 32; i++)
				want_ymm[r][i] = (uint8_t)(0x80 + r * 7 + i);
		h_avx = 1;
		__asm__ volatile(LOAD16Y("[in]") "syscall\n\t" STORE16Y("[out]") "vzeroupper"
				 : "+a"(nr)
				 : [in] "r"(want_ymm), [out] "r"(out), "D"(pid), "S"(tid), "d"((long)SIGUSR1)
				 : XMM_CLOBBERS, "rcx", "r11", "memory");
		h_avx = 0;
		ymm_ok = !memcmp(out, want_ymm, sizeof(out));
	}
	printf("ymm0-ymm15, all 256 bits, survive a handler that clobbers them (or the CPU has no AVX): %s\n",
	       yes(ymm_ok));
	return 0;
}
