// SPDX-License-Identifier: MIT
/*
 * The GDT, the TSS and the per-CPU data. In long mode segments are nearly
 * gone: base and limit are ignored for code and data; what still matters is
 * the L bit (64-bit code), the DPL (ring) and the order SYSCALL/SYSRET impose
 * (include/asm/segment.h).
 */
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/percpu.h>
#include <asm/segment.h>
#include <trapdoor/kernel.h>

/* Descriptor access bytes and flags. */
#define DESC_P		(1UL << 47)	/* present */
#define DESC_DPL3	(3UL << 45)	/* usable from ring 3 */
#define DESC_S		(1UL << 44)	/* code or data (not a system descriptor) */
#define DESC_CODE	(1UL << 43)	/* executable */
#define DESC_RW		(1UL << 41)	/* code: readable; data: writable */
#define DESC_L		(1UL << 53)	/* 64-bit code */
#define DESC_DB		(1UL << 54)	/* 32-bit default operand size */
#define DESC_G		(1UL << 55)	/* limit in pages */
#define DESC_FLAT	(0xffffUL | (0xfUL << 48))	/* limit 0xfffff pages: 4 GiB */
#define DESC_TSS_AVAIL	(0x9UL << 40)	/* system descriptor type: 64-bit TSS */

static uint64_t gdt[GDT_ENTRIES] __aligned(16) = {
	[GDT_ENTRY_KERNEL_CS]  = DESC_P | DESC_S | DESC_CODE | DESC_RW | DESC_L | DESC_G | DESC_FLAT,
	[GDT_ENTRY_KERNEL_DS]  = DESC_P | DESC_S | DESC_RW | DESC_DB | DESC_G | DESC_FLAT,
	[GDT_ENTRY_USER32_CS]  = DESC_P | DESC_DPL3 | DESC_S | DESC_CODE | DESC_RW | DESC_DB | DESC_G | DESC_FLAT,
	[GDT_ENTRY_USER_DS]    = DESC_P | DESC_DPL3 | DESC_S | DESC_RW | DESC_DB | DESC_G | DESC_FLAT,
	[GDT_ENTRY_USER_CS]    = DESC_P | DESC_DPL3 | DESC_S | DESC_CODE | DESC_RW | DESC_L | DESC_G | DESC_FLAT,
	/* GDT_ENTRY_TSS is filled in by gdt_init(): it needs the TSS's address. */
};

struct tss tss __aligned(16) = { .iomap_base = sizeof(struct tss) };
struct percpu cpu0;

static uint8_t ist_stacks[3][4096] __aligned(16);

/* A 16-byte TSS descriptor takes two GDT slots. */
static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;

	gdt[GDT_ENTRY_TSS] = (limit & 0xffff) | ((base & 0xffffff) << 16) | DESC_TSS_AVAIL |
			     DESC_P | (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[GDT_ENTRY_TSS + 1] = base >> 32;
}

void gdt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed gdtr = { sizeof(gdt) - 1, (uint64_t)gdt };

	for (int i = 0; i < 3; i++)
		tss.ist[i] = (uint64_t)&ist_stacks[i][sizeof(ist_stacks[i])];
	set_tss_descriptor();

	asm volatile("lgdt %0" : : "m"(gdtr));
	/* Reload the data segments and CS with the new table's selectors. */
	asm volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss; xor %%eax, %%eax; mov %%eax, %%fs; mov %%eax, %%gs"
		     : : "r"(__KERNEL_DS) : "eax");
	asm volatile("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
		     : : "i"(__KERNEL_CS) : "rax", "memory");
	asm volatile("ltr %w0" : : "r"(__TSS_SEL));
	/*
	 * No LDT: a null LDTR makes any selector with TI=1 a #GP. Left as the
	 * loader left it, the CPU would read descriptors from wherever LDTR
	 * points (address 0 for GRUB): a kernel-mode page fault from ring 3.
	 */
	asm volatile("lldt %w0" : : "r"(0));

	/* The kernel runs with GS base = &cpu0; user space starts with 0 in the MSR. */
	wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

/* The stack the CPU switches to on int $0x80 or an exception from ring 3. */
void tss_set_rsp0(unsigned long rsp0)
{
	tss.rsp0 = rsp0;
	cpu0.top_of_stack = rsp0;	/* and the one the SYSCALL entries switch to */
	wrmsr(MSR_IA32_SYSENTER_ESP, rsp0);	/* and the one SYSENTER loads */
}

/*
 * A new program's segment registers, as Linux's start_thread() sets them:
 * DS, ES (but see below), FS and GS hold the null selector and the FS and GS bases are 0,
 * whatever the previous program loaded. Loading GS would also overwrite the
 * kernel's GS base (&cpu0), so it is loaded between two swapgs, with the
 * user's base in place; the bases are written after the selectors, since a
 * selector load may change its base.
 */
void reset_user_segments(bool compat)
{
	/*
	 * Compatibility mode still uses DS and ES: a null selector there would
	 * make every data access #GP. A 32-bit program starts with __USER_DS in
	 * both (Linux's __USER32_DS is the same selector), FS and GS null.
	 */
	unsigned int data = compat ? __USER_DS : 0;

	asm volatile("mov %0, %%ds; mov %0, %%es" : : "r"(data));
	asm volatile("mov %0, %%fs" : : "r"(0));
	asm volatile("swapgs; mov %0, %%gs; swapgs" : : "r"(0) : "memory");
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);		/* the user's GS base, swapped in on exit */
}

/*
 * Put a program's three TLS descriptors (set_thread_area) into the GDT: on
 * each program's start, so none inherits another's, and after each change.
 */
void load_tls(const uint64_t tls[GDT_ENTRY_TLS_ENTRIES])
{
	for (int i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++)
		gdt[GDT_ENTRY_TLS_MIN + i] = tls[i];
}

/* Print the GDT as the CPU will read it. Learners get this wrong most. */
void gdt_print(void)
{
	static const char *const names[GDT_ENTRIES] = {
		[GDT_ENTRY_KERNEL_CS] = "kernel code", [GDT_ENTRY_KERNEL_DS] = "kernel data",
		[GDT_ENTRY_USER32_CS] = "user code, 32-bit", [GDT_ENTRY_USER_DS] = "user data",
		[GDT_ENTRY_USER_CS] = "user code, 64-bit", [GDT_ENTRY_TSS] = "TSS (2 slots)",
	};

	printk("GDT   slot  selector  descriptor          DPL  what\n");
	for (int i = 0; i < GDT_ENTRIES; i++) {
		if (!names[i])
			continue;
		unsigned int dpl = (gdt[i] >> 45) & 3;
		printk("      %2d    0x%02x      %016lx    %u   %s%s\n", i, i * 8 + dpl, gdt[i], dpl, names[i],
		       (gdt[i] & DESC_CODE) && (gdt[i] & DESC_S) ? ((gdt[i] & DESC_L) ? " (L=1)" : " (L=0, D=1)") : "");
	}
}
