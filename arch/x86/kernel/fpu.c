// SPDX-License-Identifier: MIT
/*
 * The user's floating-point state: x87, SSE and, where the CPU has XSAVE,
 * the AVX (YMM) and AVX-512 (opmask, ZMM) registers.
 *
 * The kernel's policy is the simplest one that is correct: the kernel never
 * uses these registers (it is built with -mgeneral-regs-only and nothing in it
 * executes an x87, SSE or AVX instruction except this file). So on a system
 * call or an exception the user's state simply stays in the registers, and no
 * entry path has to save it. Only one program runs at a time and it runs to
 * its end, so the one moment the state must change is when a new program
 * starts: fpu_reset_user() then loads the state Linux gives after execve, or
 * the next program could read what the last one left (a secret in xmm0, a
 * rounding mode in MXCSR). When signals interrupt a program, the state is
 * saved into the signal frame, where the handler's return restores it.
 *
 * The initial state: x87 as after FNINIT (control word 0x37f, all registers
 * empty), MXCSR = 0x1f80 (round to nearest, every exception masked), and
 * every XMM, YMM, ZMM and opmask register zero.
 */
#include <asm/cpu.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include <trapdoor/kernel.h>
#include <trapdoor/string.h>

#define XFEATURE_X87		(1UL << 0)
#define XFEATURE_SSE		(1UL << 1)
#define XFEATURE_YMM		(1UL << 2)	/* AVX: the upper halves of ymm0-15 */
#define XFEATURE_AVX512		(7UL << 5)	/* opmask k0-7, upper zmm0-15, zmm16-31 */
#define XFEATURES_USER		(XFEATURE_X87 | XFEATURE_SSE | XFEATURE_YMM | XFEATURE_AVX512)

#define MXCSR_DEFAULT		0x1f80
#define FCW_DEFAULT		0x037f
#define XSAVE_AREA_MAX		4096

/*
 * The image fpu_reset_user() loads. Its legacy part is an FXSAVE image:
 * control word 0x37f, MXCSR 0x1f80, everything else zero (the abridged tag
 * word 0 says every x87 register is empty). With XSAVE, its header's
 * XSTATE_BV is zero, which tells XRSTOR to put every component in its initial
 * state (and zero its registers); MXCSR is loaded from the image regardless.
 */
static uint8_t init_state[XSAVE_AREA_MAX] __aligned(64);
static uint64_t xfeatures;		/* XCR0: the components XRSTOR handles; 0 without XSAVE */

static inline void xsetbv(uint32_t reg, uint64_t val)
{
	asm volatile("xsetbv" : : "c"(reg), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)));
}

void fpu_init(void)
{
	uint32_t a, b, c, d;
	unsigned long cr0, cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;

	/*
	 * CR0: MP and not EM, so x87 and SSE instructions run; NE, so an unmasked
	 * x87 error is reported as #MF, not through the legacy FERR# pin.
	 */
	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 & ~X86_CR0_EM) | X86_CR0_MP | X86_CR0_NE;
	asm volatile("mov %0, %%cr0" : : "r"(cr0));

	cpuid(1, 0, &a, &b, &c, &d);
	if (c & (1u << 26)) {			/* XSAVE */
		cpuid(0xd, 0, &a, &b, &c, &d);	/* eax: the components this CPU has */
		xfeatures = a & XFEATURES_USER;
		if ((xfeatures & XFEATURE_AVX512) != XFEATURE_AVX512)
			xfeatures &= ~XFEATURE_AVX512;	/* all three or none (SDM 13.3) */
		cr4 |= X86_CR4_OSXSAVE;
	}
	write_cr4(cr4);
	if (xfeatures) {
		xsetbv(0, xfeatures);
		cpuid(0xd, 0, &a, &b, &c, &d);	/* ebx: the area's size for XCR0 */
		if (b > sizeof(init_state))
			panic("XSAVE area of %u bytes is larger than %lu", b, sizeof(init_state));
	}

	memset(init_state, 0, sizeof(init_state));
	*(uint16_t *)&init_state[0] = FCW_DEFAULT;	/* FXSAVE image: FCW at 0 */
	*(uint32_t *)&init_state[24] = MXCSR_DEFAULT;	/* MXCSR at 24 */
	printk("FPU   x87, SSE%s%s; programs start with FCW %04x, MXCSR %04x, vector registers zero\n",
	       xfeatures & XFEATURE_YMM ? ", AVX (XSAVE)" : xfeatures ? " (XSAVE)" : " (FXSAVE)",
	       xfeatures & XFEATURE_AVX512 ? ", AVX-512" : "", FCW_DEFAULT, MXCSR_DEFAULT);
}

void fpu_reset_user(void)
{
	if (xfeatures)
		asm volatile("xrstor64 %0" : : "m"(init_state), "a"((uint32_t)xfeatures),
			     "d"((uint32_t)(xfeatures >> 32)));
	else
		asm volatile("fxrstor64 %0" : : "m"(init_state));
}
