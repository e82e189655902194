// SPDX-License-Identifier: MIT
/*
 * fault KIND: do something ring 3 must not do. The kernel must kill this
 * program (and only it) with the right signal and run the next one.
 */
#include <user.h>

static void null_store(void)	{ *(volatile int *)0 = 1; }
#define KERNEL_ADDR 0xffff800000100000UL	/* the direct map: RAM, mapped, supervisor only */
static void kernel_read(void)	{ (void)*(volatile long *)KERNEL_ADDR; }
static void kernel_jump(void)	{ ((void (*)(void))KERNEL_ADDR)(); }
static void nc_read(void)	{ (void)*(volatile long *)0x8000000000000000UL; }
static void do_hlt(void)	{ asm volatile("hlt"); }
static void do_cli(void)	{ asm volatile("cli"); }
static void do_out(void)	{ asm volatile("outb %%al, $0x80" : : "a"(0)); }
static void do_wrmsr(void)	{ asm volatile("wrmsr" : : "c"(0xc0000082), "a"(0), "d"(0)); }
static void do_ud2(void)	{ asm volatile("ud2"); }
static void do_int3(void)	{ asm volatile("int $3"); }
static void do_int_df(void)	{ asm volatile("int $8"); }
/* A selector in the LDT (TI=1): there is no LDT, so it is a #GP, not a read at address 0. */
static void ldt_sel(void)	{ asm volatile("mov %0, %%ds" : : "r"(0x7)); }
static void do_div0(void)	{ asm volatile("divl %%ecx" : : "a"(1), "d"(0), "c"(0)); }

/* Put "ret" on the stack and call it: the stack is no-execute. */
static void exec_stack(void)
{
	volatile unsigned char code[16] = { 0xc3 };
	((void (*)(void))code)();
}

static const struct {
	const char *kind;
	void (*fn)(void);
} faults[] = {
	{ "null-store", null_store },	{ "kernel-read", kernel_read },
	{ "kernel-jump", kernel_jump },	{ "noncanonical-read", nc_read },
	{ "hlt", do_hlt },		{ "cli", do_cli },
	{ "out", do_out },		{ "wrmsr", do_wrmsr },
	{ "ud2", do_ud2 },		{ "int3", do_int3 },
	{ "int-df", do_int_df },	{ "div0", do_div0 },
	{ "exec-stack", exec_stack },	{ "ldt-selector", ldt_sel },
};

int main(int argc, char **argv)
{
	for (size_t i = 0; argc > 1 && i < sizeof(faults) / sizeof(faults[0]); i++)
		if (strcmp(argv[1], faults[i].kind) == 0) {
			printf("fault: %s\n", argv[1]);
			faults[i].fn();
			printf("fault: %s did not fault\n", argv[1]);
			return 1;
		}
	printf("usage: fault KIND (null-store, kernel-read, ...)\n");
	return 2;
}
