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
#include <asm/uaccess.h>
#include <uapi/asm/errno.h>
#include <uapi/asm/sigcontext.h>

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
static uint8_t frame_state[XSAVE_AREA_MAX] __aligned(64);	/* a signal frame's image, in passing */
static uint64_t xfeatures;		/* XCR0: the components XRSTOR handles; 0 without XSAVE */
static uint32_t xstate_size = 512;	/* the XSAVE area's size for XCR0 (FXSAVE's without XSAVE) */
static uint32_t mxcsr_mask;		/* the MXCSR bits this CPU has: the others must be 0 */

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
	 * x87 error is reported as #MF, not through the legacy FERR# pin; AM, so
	 * that a program which sets RFLAGS.AC gets #AC (SIGBUS) for an unaligned
	 * access, as on Linux. (AM has no effect in ring 0.)
	 */
	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 & ~X86_CR0_EM) | X86_CR0_MP | X86_CR0_NE | X86_CR0_AM;
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
		xstate_size = b;
	}

	memset(init_state, 0, sizeof(init_state));
	asm volatile("fxsave64 %0" : "=m"(init_state));
	mxcsr_mask = *(uint32_t *)&init_state[28];	/* FXSAVE's MXCSR_MASK; 0 means 0xffbf */
	if (!mxcsr_mask)
		mxcsr_mask = 0xffbf;
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

/*
 * The FPU image in a signal frame, as Linux lays it out. With XSAVE: the
 * XSAVE area, whose FXSAVE part's software bytes (offset 464) say
 * FP_XSTATE_MAGIC1 and the size, and FP_XSTATE_MAGIC2 right after the area,
 * so that sigreturn can tell an extended image from a plain FXSAVE one.
 */
#define SW_BYTES_OFFSET	464
#define MXCSR_OFFSET	24

bool fpu_uses_xsave(void)
{
	return xfeatures;
}

size_t fpu_sigframe_size(void)
{
	return xfeatures ? xstate_size + FP_XSTATE_MAGIC2_SIZE : 512;
}

/*
 * A new program: the initial state, and no trace of the last program's signal
 * frames in frame_state, where XSAVE does not write the components in their
 * initial state: those bytes must be this program's own, or zero.
 */
void fpu_start_program(void)
{
	memset(frame_state, 0, sizeof(frame_state));
	fpu_reset_user();
}

int fpu_save_to_user(void __user *buf)
{
	if (xfeatures) {
		asm volatile("xsave64 %0" : "+m"(frame_state) : "a"((uint32_t)xfeatures),
			     "d"((uint32_t)(xfeatures >> 32)));
		struct _fpx_sw_bytes sw = { FP_XSTATE_MAGIC1, xstate_size + FP_XSTATE_MAGIC2_SIZE, xfeatures,
					    xstate_size, { 0 } };
		memcpy(frame_state + SW_BYTES_OFFSET, &sw, sizeof(sw));
		*(uint32_t *)(frame_state + xstate_size) = FP_XSTATE_MAGIC2;
	} else {
		asm volatile("fxsave64 %0" : "+m"(frame_state));
	}
	return copy_to_user(buf, frame_state, fpu_sigframe_size()) ? -EFAULT : 0;
}

/*
 * Load an image the user handed back. The CPU checks it as it loads (a
 * reserved MXCSR bit, a bad XSAVE header: #GP), so the load instruction has
 * an exception-table entry: a fault there skips the "ok" and reports it. A
 * refused image leaves the FPU in its initial state.
 */
static int load_checked(bool extended)
{
	int err = -EFAULT;

	if (extended)
		asm volatile("1: xrstor64 %1\n"
			     "   xor %0, %0\n"
			     "2:\n" _ASM_EXTABLE(1b, 2b)
			     : "+r"(err) : "m"(frame_state), "a"((uint32_t)xfeatures),
			       "d"((uint32_t)(xfeatures >> 32)) : "memory");
	else
		asm volatile("1: fxrstor64 %1\n"
			     "   xor %0, %0\n"
			     "2:\n" _ASM_EXTABLE(1b, 2b)
			     : "+r"(err) : "m"(frame_state) : "memory");
	return err;
}

int fpu_restore_from_user(const void __user *buf)
{
	bool extended = false;

	if (!buf) {				/* no FPU image: the initial state, as Linux */
		fpu_reset_user();
		return 0;
	}
	if (copy_from_user(frame_state, buf, 512))
		return -EFAULT;
	if (xfeatures) {
		struct _fpx_sw_bytes sw;

		memcpy(&sw, frame_state + SW_BYTES_OFFSET, sizeof(sw));
		extended = sw.magic1 == FP_XSTATE_MAGIC1 && sw.xstate_size == xstate_size &&
			   sw.extended_size == xstate_size + FP_XSTATE_MAGIC2_SIZE;
		if (extended) {
			uint32_t magic2;

			if (copy_from_user(frame_state + 512, (const char __user *)buf + 512, xstate_size - 512) ||
			    copy_from_user(&magic2, (const char __user *)buf + xstate_size, sizeof(magic2)))
				return -EFAULT;
			extended = magic2 == FP_XSTATE_MAGIC2;
		}
		if (!extended) {		/* a plain FXSAVE image: x87 and SSE only */
			fpu_reset_user();
			memset(frame_state + 512, 0, 64);
			*(uint64_t *)(frame_state + 512) = XFEATURE_X87 | XFEATURE_SSE;	/* XSTATE_BV */
			extended = true;
		}
	}
	/*
	 * Check what the CPU would refuse, as Linux does (and as an emulator may
	 * not): reserved MXCSR bits; an XSAVE header naming components XCR0 lacks,
	 * in the compacted format, or with its reserved bytes set.
	 */
	bool bad = *(uint32_t *)(frame_state + MXCSR_OFFSET) & ~mxcsr_mask;
	if (xfeatures) {
		const uint64_t *header = (const uint64_t *)(frame_state + 512);

		bad |= (header[0] & ~xfeatures) || header[1];
		for (int i = 2; i < 8; i++)
			bad |= header[i] != 0;
	}
	if (bad || load_checked(extended)) {
		fpu_reset_user();
		return -EFAULT;
	}
	return 0;
}
