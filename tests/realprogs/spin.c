// SPDX-License-Identifier: MIT
/*
 * spin KIND: programs that keep the CPU without a system call, for the timer
 * interrupt and the CPU-time limit.
 *
 *   rlimit   setrlimit(RLIMIT_CPU, {1 s soft, 2 s hard}), then a loop with no
 *            system call: at 1 s of CPU time Linux sends SIGXCPU, whose default
 *            action kills it. (It takes a second of CPU each run.)
 *   regs     every general-purpose register but rcx and rsp, xmm0-xmm15, MXCSR
 *            and the direction flag hold known values through 10^8 turns of a
 *            loop that counts down rcx: the interrupts that arrive meanwhile
 *            must hand them all back.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/resource.h>
#include "sigcommon.h"

#define TURNS 100000000UL

struct regs {
	uint64_t gpr[14];		/* rax rbx rdx rsi rdi rbp r8-r15 */
	uint8_t xmm[16][16];
	uint32_t mxcsr;
	uint64_t flags;
};

struct regs spin_in HIDDEN, spin_out HIDDEN;
const uint32_t mxcsr_default HIDDEN = 0x1f80;

static void spin_regs(void)
{
	struct regs *const in_ = &spin_in, *const out_ = &spin_out;
#define in (*in_)
#define out (*out_)
	int same;

	for (int i = 0; i < 14; i++)
		in.gpr[i] = 0x0101010101010101ULL * (uint64_t)(i + 1) ^ 0x8000000000000000ULL;
	for (int r = 0; r < 16; r++)
		for (int i = 0; i < 16; i++)
			in.xmm[r][i] = (uint8_t)(0xa0 + r * 3 + i);
	in.mxcsr = 0x7f80;
	memset(&out, 0, sizeof(out));
	__asm__ volatile(
		"sub $128, %%rsp\n\t"			/* past the red zone */
		"push %%rbp\n\t"
		"lea spin_in(%%rip), %%rax\n\t"
		"push %%rax\n\t"
		"lea spin_out(%%rip), %%rax\n\t"
		"push %%rax\n\t"
		"lea spin_in(%%rip), %%rax\n\t"
		"ldmxcsr 0x170(%%rax)\n\t"
		"movdqu 0x70(%%rax), %%xmm0\n\tmovdqu 0x80(%%rax), %%xmm1\n\tmovdqu 0x90(%%rax), %%xmm2\n\t"
		"movdqu 0xa0(%%rax), %%xmm3\n\tmovdqu 0xb0(%%rax), %%xmm4\n\tmovdqu 0xc0(%%rax), %%xmm5\n\t"
		"movdqu 0xd0(%%rax), %%xmm6\n\tmovdqu 0xe0(%%rax), %%xmm7\n\tmovdqu 0xf0(%%rax), %%xmm8\n\t"
		"movdqu 0x100(%%rax), %%xmm9\n\tmovdqu 0x110(%%rax), %%xmm10\n\tmovdqu 0x120(%%rax), %%xmm11\n\t"
		"movdqu 0x130(%%rax), %%xmm12\n\tmovdqu 0x140(%%rax), %%xmm13\n\tmovdqu 0x150(%%rax), %%xmm14\n\t"
		"movdqu 0x160(%%rax), %%xmm15\n\t"
		"mov 0x08(%%rax), %%rbx\n\tmov 0x10(%%rax), %%rdx\n\tmov 0x18(%%rax), %%rsi\n\t"
		"mov 0x20(%%rax), %%rdi\n\tmov 0x28(%%rax), %%rbp\n\tmov 0x30(%%rax), %%r8\n\t"
		"mov 0x38(%%rax), %%r9\n\tmov 0x40(%%rax), %%r10\n\tmov 0x48(%%rax), %%r11\n\t"
		"mov 0x50(%%rax), %%r12\n\tmov 0x58(%%rax), %%r13\n\tmov 0x60(%%rax), %%r14\n\t"
		"mov 0x68(%%rax), %%r15\n\t"
		"mov 0x00(%%rax), %%rax\n\t"
		"mov %[turns], %%rcx\n\t"
		"std\n"
		"1:\tdec %%rcx\n\t"
		"jnz 1b\n\t"
		"pushfq\n\t"
		"cld\n\t"
		"xchg 8(%%rsp), %%rax\n\t"		/* rax <-> out; the flags stay on top */
		"mov %%rbx, 0x08(%%rax)\n\tmov %%rdx, 0x10(%%rax)\n\tmov %%rsi, 0x18(%%rax)\n\t"
		"mov %%rdi, 0x20(%%rax)\n\tmov %%rbp, 0x28(%%rax)\n\tmov %%r8, 0x30(%%rax)\n\t"
		"mov %%r9, 0x38(%%rax)\n\tmov %%r10, 0x40(%%rax)\n\tmov %%r11, 0x48(%%rax)\n\t"
		"mov %%r12, 0x50(%%rax)\n\tmov %%r13, 0x58(%%rax)\n\tmov %%r14, 0x60(%%rax)\n\t"
		"mov %%r15, 0x68(%%rax)\n\t"
		"movdqu %%xmm0, 0x70(%%rax)\n\tmovdqu %%xmm1, 0x80(%%rax)\n\tmovdqu %%xmm2, 0x90(%%rax)\n\t"
		"movdqu %%xmm3, 0xa0(%%rax)\n\tmovdqu %%xmm4, 0xb0(%%rax)\n\tmovdqu %%xmm5, 0xc0(%%rax)\n\t"
		"movdqu %%xmm6, 0xd0(%%rax)\n\tmovdqu %%xmm7, 0xe0(%%rax)\n\tmovdqu %%xmm8, 0xf0(%%rax)\n\t"
		"movdqu %%xmm9, 0x100(%%rax)\n\tmovdqu %%xmm10, 0x110(%%rax)\n\tmovdqu %%xmm11, 0x120(%%rax)\n\t"
		"movdqu %%xmm12, 0x130(%%rax)\n\tmovdqu %%xmm13, 0x140(%%rax)\n\tmovdqu %%xmm14, 0x150(%%rax)\n\t"
		"movdqu %%xmm15, 0x160(%%rax)\n\t"
		"stmxcsr 0x170(%%rax)\n\t"
		"pop %%rbx\n\t"				/* the flags */
		"mov %%rbx, 0x178(%%rax)\n\t"
		"pop %%rbx\n\t"				/* the loop's rax */
		"mov %%rbx, 0x00(%%rax)\n\t"
		"pop %%rbx\n\t"				/* in: dropped */
		"pop %%rbp\n\t"
		"add $128, %%rsp\n\t"
		"ldmxcsr mxcsr_default(%%rip)"
		:
		: [turns] "i"(TURNS)
		: "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
		  "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
		  "xmm12", "xmm13", "xmm14", "xmm15", "memory", "cc");
	same = 1;
	for (int i = 0; i < 14; i++) {
		if (out.gpr[i] != in.gpr[i]) {
			printf("general-purpose register %d changed\n", i);
			same = 0;
		}
	}
	printf("after %lu turns: the 14 general-purpose registers survive: %s; xmm0-xmm15 survive: %s; "
	       "MXCSR %#x; the direction flag is still set: %s\n", TURNS, yes(same),
	       yes(!memcmp(out.xmm, in.xmm, sizeof(in.xmm))), out.mxcsr, yes(out.flags & 0x400));
#undef in
#undef out
}

int main(int argc, char **argv)
{
	const char *kind = argc == 2 ? argv[1] : "";

	line_buffered();
	if (strcmp(kind, "rlimit") == 0) {
		struct rlimit lim = { 1, 2 };

		if (setrlimit(RLIMIT_CPU, &lim) != 0) {
			printf("setrlimit(RLIMIT_CPU, {1, 2}) failed: %s\n", errno_name(errno));
			return 1;
		}
		getrlimit(RLIMIT_CPU, &lim);
		printf("RLIMIT_CPU is now %lu s soft, %lu s hard; spinning\n", (unsigned long)lim.rlim_cur,
		       (unsigned long)lim.rlim_max);
		for (volatile unsigned long i = 0;; i++)
			;
	} else if (strcmp(kind, "regs") == 0) {
		spin_regs();
		return 0;
	}
	fprintf(stderr, "usage: spin rlimit|regs\n");
	return 2;
}
