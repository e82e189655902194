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
		/*
		 * XSAVE writes only XSTATE_BV of the header: clear the rest first, as
		 * Linux does, or a refused image's XCOMP_BV or reserved bytes, left in
		 * frame_state by fpu_restore_from_user, would spoil the next frame.
		 */
		memset(frame_state + 512, 0, 64);
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

/*
 * Check what the CPU would refuse, as Linux does (and as an emulator may
 * not): reserved MXCSR bits; an XSAVE header naming components XCR0 lacks,
 * in the compacted format, or with its reserved bytes set. Then load
 * frame_state; a refused image leaves the initial state.
 */
static int check_and_load(bool extended)
{
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
	return check_and_load(extended);
}

/*
 * ---- The 32-bit frames' FPU image (struct _fpstate_32) --------------------
 *
 * A 32-bit handler's frame holds the same FXSAVE or XSAVE image, 64-byte
 * aligned, but preceded by 112 bytes in FSAVE's format, which old i386 code
 * reads: the x87 environment and registers, converted from the image (Linux's
 * convert_from_fxsr), then the status word and magic 0 (an FXSAVE image
 * follows). fpstate points at that header. The software bytes count it in
 * extended_size. On sigreturn the x87 part comes from the header, folded into
 * the image (convert_to_fxsr): a handler that changes the old layout's
 * registers changes what comes back, as on Linux.
 */
#define FXSR_FOP	6
#define FXSR_FIP	8	/* FXSAVE64: the 64-bit last-instruction pointer */
#define FXSR_FDP	16	/* and data pointer */
#define FXSR_ST		32	/* st0-7, 16 bytes apart */

size_t fpu_sigframe_size_ia32(void)
{
	return fpu_sigframe_size() + FPSTATE_32_HEADER_SIZE;
}

/* The full tag word (2 bits a register) from FXSAVE's abridged one and the registers. */
static uint32_t twd_fxsr_to_i387(const uint8_t *fx)
{
	unsigned int top = (*(const uint16_t *)(fx + 2) >> 11) & 7;
	unsigned int abridged = fx[4];
	uint32_t twd = 0xffff0000u;

	for (int i = 0; i < 8; i++) {
		unsigned int tag = 3;			/* empty */

		if (abridged & (1u << i)) {
			const uint16_t *st = (const uint16_t *)(fx + FXSR_ST + ((i - top) & 7) * 16);
			unsigned int exp = st[4] & 0x7fff;

			if (exp == 0x7fff)
				tag = 2;			/* special: NaN, infinity */
			else if (exp == 0)
				tag = (st[0] | st[1] | st[2] | st[3]) ? 2 : 1;	/* denormal, or zero */
			else
				tag = (st[3] & 0x8000) ? 0 : 2;	/* valid, or unnormal */
		}
		twd |= tag << (2 * i);
	}
	return twd;
}

/* And back: a register is in use (1) unless its two bits say empty (11). */
static uint8_t twd_i387_to_fxsr(uint32_t twd)
{
	uint8_t abridged = 0;

	for (int i = 0; i < 8; i++)
		if (((twd >> (2 * i)) & 3) != 3)
			abridged |= 1u << i;
	return abridged;
}

/*
 * Write the FPU state at buf, an ia32 frame's struct _fpstate_32: the header,
 * then the image at buf + 112, which the caller has 64-byte aligned. cs and
 * ds fill the header's selectors as Linux's do (the CPU's FXSAVE64 keeps none).
 */
int fpu_save_to_user_ia32(void __user *buf, unsigned int cs, unsigned int ds)
{
	struct _fpstate_32 env;
	size_t image = fpu_sigframe_size();

	if (xfeatures) {
		memset(frame_state + 512, 0, 64);	/* the XSAVE header, as above */
		asm volatile("xsave64 %0" : "+m"(frame_state) : "a"((uint32_t)xfeatures),
			     "d"((uint32_t)(xfeatures >> 32)));
		*(uint64_t *)(frame_state + 512) |= XFEATURE_X87 | XFEATURE_SSE;	/* as Linux: FP and SSE always */
		*(uint32_t *)(frame_state + xstate_size) = FP_XSTATE_MAGIC2;
	} else {
		asm volatile("fxsave64 %0" : "+m"(frame_state));
	}
	/*
	 * As Linux, the software bytes even without XSAVE (MAGIC2 only with it):
	 * then xfeatures 0 and an extended size that counts MAGIC2 all the same.
	 */
	struct _fpx_sw_bytes sw = { FP_XSTATE_MAGIC1, xstate_size + FP_XSTATE_MAGIC2_SIZE + FPSTATE_32_HEADER_SIZE,
				    xfeatures, xstate_size, { 0 } };
	memcpy(frame_state + SW_BYTES_OFFSET, &sw, sizeof(sw));

	memset(&env, 0, FPSTATE_32_HEADER_SIZE);
	env.cw = *(uint16_t *)(frame_state + 0) | 0xffff0000u;
	env.sw = *(uint16_t *)(frame_state + 2) | 0xffff0000u;
	env.tag = twd_fxsr_to_i387(frame_state);
	env.ipoff = *(uint32_t *)(frame_state + FXSR_FIP);
	env.cssel = cs;				/* Linux: the task's cs, no opcode */
	env.dataoff = *(uint32_t *)(frame_state + FXSR_FDP);
	env.datasel = ds | 0xffff0000u;
	for (int i = 0; i < 8; i++)
		memcpy(&env._st[i], frame_state + FXSR_ST + i * 16, sizeof(env._st[i]));
	env.status = *(uint16_t *)(frame_state + 2);
	env.magic = X86_FXSR_MAGIC;
	if (copy_to_user(buf, &env, FPSTATE_32_HEADER_SIZE) ||
	    copy_to_user((char __user *)buf + FPSTATE_32_HEADER_SIZE, frame_state, image))
		return -EFAULT;
	return 0;
}

/*
 * Load an ia32 frame's FPU image back (Linux's __fpu_restore_sig with
 * ia32_fxstate): the header at buf, the image at buf + 112. The image is
 * extended if its software bytes say MAGIC1 with a sane size and MAGIC2 sits
 * after it; else it is a plain FXSAVE image, x87 and SSE only. Then the
 * header's x87 state replaces the image's, and the checks and the load are
 * the 64-bit frame's.
 */
int fpu_restore_from_user_ia32(const void __user *buf)
{
	struct _fpstate_32 env;
	const char __user *fx = (const char __user *)buf + FPSTATE_32_HEADER_SIZE;
	bool extended = false;
	uint64_t user_features = XFEATURE_X87 | XFEATURE_SSE;

	if (!buf) {
		fpu_reset_user();
		return 0;
	}
	if (copy_from_user(&env, buf, FPSTATE_32_HEADER_SIZE) || copy_from_user(frame_state, fx, 512))
		return -EFAULT;
	if (xfeatures) {
		struct _fpx_sw_bytes sw;

		memcpy(&sw, frame_state + SW_BYTES_OFFSET, sizeof(sw));
		if (sw.magic1 == FP_XSTATE_MAGIC1 && sw.xstate_size >= 512 + 64 &&
		    sw.xstate_size <= xstate_size && sw.xstate_size <= sw.extended_size) {
			uint32_t magic2;

			if (copy_from_user(&magic2, fx + sw.xstate_size, sizeof(magic2)))
				return -EFAULT;
			extended = magic2 == FP_XSTATE_MAGIC2;
			if (extended) {
				memset(frame_state + 512, 0, xstate_size - 512);
				if (copy_from_user(frame_state + 512, fx + 512, sw.xstate_size - 512))
					return -EFAULT;
				user_features = sw.xfeatures;
			}
		}
		if (!extended) {		/* FXSAVE only: x87 and SSE, the rest initial */
			memset(frame_state + 512, 0, 64);
			*(uint64_t *)(frame_state + 512) = XFEATURE_X87 | XFEATURE_SSE;
		}
	}
	/* The old layout's x87 state wins over the image's (Linux's convert_to_fxsr). */
	*(uint16_t *)(frame_state + 0) = env.cw;
	*(uint16_t *)(frame_state + 2) = env.sw;
	frame_state[4] = twd_i387_to_fxsr(env.tag);
	*(uint16_t *)(frame_state + FXSR_FOP) = env.cssel >> 16;
	*(uint64_t *)(frame_state + FXSR_FIP) = env.ipoff;
	*(uint64_t *)(frame_state + FXSR_FDP) = env.dataoff;
	for (int i = 0; i < 8; i++)
		memcpy(frame_state + FXSR_ST + i * 16, &env._st[i], sizeof(env._st[i]));
	if (!xfeatures)
		return check_and_load(false);
	/* Validate the header as given, then drop what the software bytes did not name. */
	const uint64_t *header = (const uint64_t *)(frame_state + 512);
	bool bad = (header[0] & ~xfeatures) || header[1];
	for (int i = 2; i < 8; i++)
		bad |= header[i] != 0;
	if (bad || (*(uint32_t *)(frame_state + MXCSR_OFFSET) & ~mxcsr_mask)) {
		fpu_reset_user();
		return -EFAULT;
	}
	*(uint64_t *)(frame_state + 512) &= user_features;
	return check_and_load(true);
}
