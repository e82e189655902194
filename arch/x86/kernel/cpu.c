// SPDX-License-Identifier: MIT
/*
 * CPU set-up for ring 3: the FPU for user programs (fpu.c), the protections that keep the
 * kernel from touching or running user memory by accident (SMEP, SMAP) and
 * user space from reading descriptor-table addresses (UMIP), and the MSRs
 * that make the SYSCALL instruction land in entry_SYSCALL_64.
 */
#include <asm/cpu.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>

void entry_SYSCALL_64(void);
void entry_SYSCALL_compat(void);
void entry_SYSENTER_compat(void);

bool smap_enabled;
uint32_t elf_hwcap;

/*
 * RFLAGS bits SYSCALL clears on entry (MSR_SYSCALL_MASK). IF: no interrupts
 * until the stack is ours; TF: no single-step trap on kernel code; DF: C
 * expects string operations to go upwards; AC: with SMAP, AC=1 would let the
 * kernel touch user memory; NT and IOPL: nothing of the user's. Like Linux we
 * clear the arithmetic flags, RF and ID as well, so C starts from a fixed state.
 */
#define SYSCALL_MASK (X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | X86_EFLAGS_ZF |	\
		      X86_EFLAGS_SF | X86_EFLAGS_TF | X86_EFLAGS_IF | X86_EFLAGS_DF |	\
		      X86_EFLAGS_OF | X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_RF |	\
		      X86_EFLAGS_AC | X86_EFLAGS_ID)

void cpu_init(void)
{
	uint32_t a, b, c, d, max_leaf;
	unsigned long cr4;

	fpu_init();				/* x87, SSE, AVX: for ring 3 only */
	cr4 = read_cr4();
	cpuid(1, 0, &a, &b, &c, &d);
	elf_hwcap = d;
	cpuid(0, 0, &max_leaf, &b, &c, &d);
	if (max_leaf >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		if (b & (1u << 7))
			cr4 |= X86_CR4_SMEP;
		if (b & (1u << 20))
			cr4 |= X86_CR4_SMAP;
		if (c & (1u << 2))
			cr4 |= X86_CR4_UMIP;
	}
	write_cr4(cr4);
	smap_enabled = cr4 & X86_CR4_SMAP;
	printk("CPU   SMEP %s, SMAP %s, UMIP %s\n", cr4 & X86_CR4_SMEP ? "on" : "off (not on this CPU)",
	       cr4 & X86_CR4_SMAP ? "on" : "off (not on this CPU)",
	       cr4 & X86_CR4_UMIP ? "on" : "off (not on this CPU)");
}

/*
 * STAR[47:32] is the SYSCALL base: CS = base, SS = base + 8. STAR[63:48] is
 * the SYSRET base: CS = base + 16, SS = base + 8. SYSRET forces RPL 3 on CS,
 * but AMD CPUs load SS as base + 8 exactly, so the base must carry RPL 3
 * itself: __USER32_CS (0x23), not 0x20, or SS would be 0x28 (RPL 0) and the
 * next IRET to user space would fault.
 */
void syscall_init(void)
{
	wrmsr(MSR_STAR, ((uint64_t)__USER32_CS << 48) | ((uint64_t)__KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)entry_SYSCALL_64);
	wrmsr(MSR_CSTAR, (uint64_t)entry_SYSCALL_compat);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_MASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);

	/*
	 * SYSENTER (Intel's fast way in from 32-bit code): CS = SYSENTER_CS,
	 * SS = that + 8; SYSEXIT goes back with CS = SYSENTER_CS + 16 | 3
	 * (__USER32_CS) and SS = + 24 | 3 (__USER_DS): the same GDT order
	 * SYSCALL needs. The stack, MSR_IA32_SYSENTER_ESP, is set with the TSS's
	 * (tss_set_rsp0). AMD CPUs accept the MSRs but refuse SYSENTER in long mode.
	 */
	wrmsr(MSR_IA32_SYSENTER_CS, __KERNEL_CS);
	wrmsr(MSR_IA32_SYSENTER_EIP, (uint64_t)entry_SYSENTER_compat);
}

/* What the CPU will do on SYSCALL and SYSRET, read back from the MSRs. */
void syscall_print(void)
{
	uint64_t star = rdmsr(MSR_STAR);
	unsigned int sc = (star >> 32) & 0xffff, sr = (star >> 48) & 0xffff;

	/* SS as AMD loads it, without forcing RPL 3: a wrong base shows here. */
	printk("STAR   %016lx  SYSCALL: CS=0x%02x SS=0x%02x   SYSRET: CS=0x%02x SS=0x%02x (32-bit CS=0x%02x)\n",
	       star, sc, sc + 8, (sr + 16) | 3, sr + 8, sr | 3);
	printk("LSTAR  %016lx  entry_SYSCALL_64\n", rdmsr(MSR_LSTAR));
	printk("CSTAR  %016lx  entry_SYSCALL_compat\n", rdmsr(MSR_CSTAR));
	printk("SYSENTER_EIP %016lx  entry_SYSENTER_compat (SYSENTER_CS 0x%02lx: SYSEXIT to CS=0x%02lx SS=0x%02lx)\n",
	       rdmsr(MSR_IA32_SYSENTER_EIP), rdmsr(MSR_IA32_SYSENTER_CS), (rdmsr(MSR_IA32_SYSENTER_CS) + 16) | 3,
	       (rdmsr(MSR_IA32_SYSENTER_CS) + 24) | 3);
	printk("SFMASK %016lx  SYSCALL clears TF IF DF IOPL NT AC (and CF PF AF ZF SF OF RF ID)\n",
	       rdmsr(MSR_SYSCALL_MASK));
}
