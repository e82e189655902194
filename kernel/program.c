// SPDX-License-Identifier: MIT
/*
 * Running programs. Each multiboot2 module is a static ELF program; they run
 * one after another, each in a fresh address space, as pid 1, 2, 3, ... A
 * program ends by exit()/exit_group() or by a fault that kills it; either way
 * control comes back here, which reports it and goes on to the next.
 */
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <trapdoor/boot.h>
#include <trapdoor/elf.h>
#include <trapdoor/kernel.h>
#include <trapdoor/mm.h>
#include <trapdoor/printf.h>
#include <trapdoor/program.h>
#include <trapdoor/string.h>
#include <trapdoor/trace.h>
#include <asm/traps.h>

#define MAX_ARGS	32

struct program *current;
static struct program the_program;
static char label[64];

extern char task_stack_top[];			/* boot/boot.asm */
int run_user(struct pt_regs *regs);		/* arch/x86/entry/entry_64.asm */
__noreturn void resume_kernel(int wstatus);

/* Wait-status encoding, as Linux's wait(): exit status in bits 8..15, or a signal. */
#define WSTATUS_EXITED(status)	(((status) & 0xff) << 8)
#define WSTATUS_KILLED(sig)	(sig)

const char *program_label(void)
{
	snprintf(label, sizeof(label), "pid %d (%s)", current->pid, current->name);
	return label;
}

void program_exit(int status)
{
	resume_kernel(WSTATUS_EXITED(status));
}

void program_kill(int sig)
{
	resume_kernel(WSTATUS_KILLED(sig));
}

/* A few bytes of entropy for AT_RANDOM: the time stamp counter, mixed. */
static uint64_t random_u64(void)
{
	static uint64_t state = 0x9e3779b97f4a7c15UL;

	state ^= rdtsc() + 0x9e3779b97f4a7c15UL;
	state ^= state >> 30; state *= 0xbf58476d1ce4e5b9UL;
	state ^= state >> 27; state *= 0x94d049bb133111ebUL;
	return state ^ (state >> 31);
}

/*
 * The System V start-up stack, built in the top stack page through the direct
 * map. From the stack pointer upwards:
 *
 *   argc | argv[0..argc-1] NULL | envp: NULL | auxv pairs ... AT_NULL | ... 16
 *   random bytes | argument strings | USER_STACK_TOP
 */
static const char *setup_stack(uint64_t pml4, const char *cmd, const struct elf_image *img, uint64_t *sp)
{
	for (uint64_t va = USER_STACK_TOP - USER_STACK_SIZE; va < USER_STACK_TOP; va += PAGE_SIZE)
		if (!user_page(pml4, va, PTE_WRITE | PTE_NX))
			return "out of memory";

	const uint64_t page_va = USER_STACK_TOP - PAGE_SIZE;
	uint8_t *page = __va(user_page(pml4, page_va, PTE_WRITE | PTE_NX));
	size_t top = PAGE_SIZE;
#define USER_ADDR(off) (page_va + (off))

	/* The strings: the module's words, e.g. "fault null-store". */
	uint64_t argv[MAX_ARGS];
	int argc = 0;
	size_t len = strlen(cmd);
	top -= len + 1;
	memcpy(page + top, cmd, len + 1);
	for (size_t i = top; page[i] && argc < MAX_ARGS; ) {
		while (page[i] == ' ')
			page[i++] = '\0';
		if (!page[i])
			break;
		argv[argc++] = USER_ADDR(i);
		while (page[i] && page[i] != ' ')
			i++;
	}

	top = (top - 16) & ~15UL;		/* AT_RANDOM's 16 bytes */
	uint64_t rnd[2] = { random_u64(), random_u64() };
	memcpy(page + top, rnd, 16);
	uint64_t random_at = USER_ADDR(top);

	uint64_t auxv[] = {
		AT_PHDR, img->phdr, AT_PHENT, img->phent, AT_PHNUM, img->phnum,
		AT_PAGESZ, PAGE_SIZE, AT_ENTRY, img->entry, AT_RANDOM, random_at, AT_NULL, 0,
	};
	size_t words = 1 + argc + 1 + 1 + ARRAY_SIZE(auxv);	/* argc, argv+NULL, envp NULL, auxv */
	top = (top - words * 8) & ~15UL;	/* rsp is 16-byte aligned at _start */
	uint64_t *w = (uint64_t *)(page + top);
	*w++ = argc;
	for (int i = 0; i < argc; i++)
		*w++ = argv[i];
	*w++ = 0;				/* argv's NULL */
	*w++ = 0;				/* envp: empty */
	memcpy(w, auxv, sizeof(auxv));
	*sp = USER_ADDR(top);
#undef USER_ADDR
	return NULL;
}

/* Run one module; returns its wait status, or -1 if it could not start. */
static int run_one(const struct boot_module *m, int pid)
{
	struct program *p = &the_program;
	struct elf_image img;
	uint64_t sp;

	*p = (struct program){ .pid = pid };
	const char *space = strchr(m->string, ' ');	/* the name: the string's first word */
	size_t n = space ? (size_t)(space - m->string) : strlen(m->string);
	strlcpy(p->name, n ? m->string : "program", n ? min(n + 1, sizeof(p->name)) : sizeof(p->name));

	p->pml4 = create_user_space();
	if (!p->pml4) {
		printk("trapdoor: cannot run %s: out of memory\n", p->name);
		return -1;
	}
	const char *why = elf_load(p->pml4, __va(m->start), m->end - m->start, &img);
	if (!why)
		why = setup_stack(p->pml4, m->string[0] ? m->string : p->name, &img, &sp);
	if (why) {
		printk("trapdoor: cannot run %s: %s\n", p->name, why);
		destroy_user_space(p->pml4);
		return -1;
	}

	/* The first pt_regs: every register zero but the stack pointer (DESIGN.md). */
	struct pt_regs *regs = current_pt_regs();
	*regs = (struct pt_regs){
		.orig_ax = -1UL, .ip = img.entry, .cs = __USER_CS,
		.flags = X86_EFLAGS_IF | X86_EFLAGS_FIXED, .sp = sp, .ss = __USER_DS,
	};
	current = p;
	tss_set_rsp0((unsigned long)task_stack_top);
	wrmsr(MSR_KERNEL_GS_BASE, 0);		/* the user's GS base starts at 0 */
	write_cr3(p->pml4);

	int wstatus = run_user(regs);

	trace_program_end();
	write_cr3(kernel_cr3());
	destroy_user_space(p->pml4);
	current = NULL;
	return wstatus;
}

bool run_programs(void)
{
	int failed = 0, n = boot_info.nmodules;

	if (n == 0)
		printk("trapdoor: no programs to run (grub.cfg has no module2 lines)\n");
	for (int i = 0, pid = 1; i < n; i++) {
		int ws = run_one(&boot_info.modules[i], pid);

		if (ws < 0) {
			failed++;
			continue;
		}
		if ((ws & 0x7f) == 0)
			printk("trapdoor: pid %d (%s) exited with status %d\n", pid, the_program.name, (ws >> 8) & 0xff);
		else
			printk("trapdoor: pid %d (%s) killed by %s\n", pid, the_program.name, signal_name(ws & 0x7f));
		if (ws != 0)
			failed++;
		pid++;
	}
	if (failed)
		printk("trapdoor: %d of %d programs failed; powering off\n", failed, n);
	else
		printk("trapdoor: all %d programs exited with status 0; powering off\n", n);
	return failed == 0;
}
