// SPDX-License-Identifier: MIT
/*
 * Running programs. Each multiboot2 module is a static ELF program; they run
 * one after another, each in a fresh address space, as pid 1, 2, 3, ... A
 * program ends by exit()/exit_group() or by a fault that kills it; either way
 * control comes back here, which reports it and goes on to the next.
 */
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/sysret_flag.h>
#include <trapdoor/boot.h>
#include <trapdoor/elf.h>
#include <trapdoor/kernel.h>
#include <trapdoor/mm.h>
#include <trapdoor/printf.h>
#include <trapdoor/program.h>
#include <trapdoor/signal.h>
#include <trapdoor/string.h>
#include <trapdoor/time.h>
#include <trapdoor/trace.h>
#include <trapdoor/vma.h>
#include <trapdoor/vdso.h>
#include <asm/traps.h>

struct task *current;
static struct task the_task;
static char label[64];

extern char task_stack_top[];			/* boot/boot.asm */
int run_user(struct pt_regs *regs);		/* arch/x86/entry/entry_64.asm */
__noreturn void resume_kernel(int wstatus);

/* Wait-status encoding, as Linux's wait(): exit status in bits 8..15, or a signal. */
#define WSTATUS_EXITED(status)	(((status) & 0xff) << 8)
#define WSTATUS_KILLED(sig)	(sig)
#define WSTATUS_STOPPED(sig)	(((sig) << 8) | 0x7f)

const char *program_label(void)
{
	snprintf(label, sizeof(label), "pid %d (%s)", current->pid, current->comm);
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

/* A stop signal: with no other process to send SIGCONT, the program can never go on. */
void program_stop(int sig)
{
	resume_kernel(WSTATUS_STOPPED(sig));
}

/*
 * Writing the start-up stack: byte by byte at user addresses of the new
 * address space, through the direct map (that space is not loaded in CR3 yet),
 * giving each stack page its memory as the writing reaches it.
 */
struct stack_writer {
	uint64_t pml4;
	uint64_t va;			/* where the next byte goes */
	unsigned int word;		/* bytes in a pointer: 8, or 4 for a 32-bit program */
	bool out_of_memory;
};

static void put_byte(struct stack_writer *w, char c)
{
	uint64_t pa = user_page(w->pml4, w->va & PAGE_MASK, PTE_WRITE | PTE_NX);

	if (pa)
		((uint8_t *)__va(pa))[w->va & ~PAGE_MASK] = c;
	else
		w->out_of_memory = true;
	w->va++;
}

static void put_bytes(struct stack_writer *w, const void *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_byte(w, ((const char *)src)[i]);
}

/* A pointer-sized word: 8 bytes, or its low 4 for a 32-bit program (little-endian). */
static void put_word(struct stack_writer *w, uint64_t v)
{
	put_bytes(w, &v, w->word);
}

/*
 * The next argument of a module string, as GRUB wrote it: arguments are
 * separated by spaces; one that holds a space is inside double quotes; and
 * GRUB put a backslash before every backslash and quote (scripts/mkiso.sh
 * hands each argument over intact, whatever its characters). Writes the
 * decoded argument and its NUL to w, or only counts them if w is NULL.
 * Returns where the argument ends, or NULL if no argument is left.
 */
static const char *next_arg(const char *s, struct stack_writer *w, size_t *bytes)
{
	bool quoted = false;

	while (*s == ' ')
		s++;
	if (!*s)
		return NULL;
	for (; *s && (quoted || *s != ' '); s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (*s == '\\' && s[1])
			s++;
		if (w)
			put_byte(w, *s);
		++*bytes;
	}
	if (w)
		put_byte(w, '\0');
	++*bytes;
	return s;
}

/* Linux gives its first program this environment (init/main.c); so do we, to every program. */
static const char *const envp_init[] = { "HOME=/", "TERM=linux" };

/* What arguments and environment may take of the stack (Linux: a quarter of 8 MiB). */
#define ARG_MAX_BYTES	(128UL << 10)

/*
 * The System V start-up stack for the module string cmd. From the stack
 * pointer upwards:
 *
 *   argc | argv[0..argc-1] NULL | envp[..] NULL | auxv pairs ... AT_NULL |
 *   16 random bytes | argument strings | environment strings | the file name
 *   (AT_EXECFN) | 8 zero bytes | the stack's top
 *
 * argv[0] is the program's path as given: what a shell passes to execve().
 * For a 32-bit program every word (argc, the pointers, the auxv pairs) is 4
 * bytes, and the top is USER32_STACK_TOP; its auxv begins with where its vDSO
 * is (AT_SYSINFO_EHDR) and its __kernel_vsyscall (AT_SYSINFO), as Linux's
 * does. The layout is otherwise the same.
 */
static const char *setup_stack(struct mm *mm, const char *cmd, const struct elf_image *img, unsigned long vdso,
			       uint64_t *sp)
{
	uint64_t pml4 = mm->pml4, top = img->compat ? USER32_STACK_TOP : USER_STACK_TOP;
	unsigned int word = img->compat ? 4 : 8;

	if (vma_map(mm, top - USER_STACK_SIZE, top, VM_STACK | VM_READ | VM_WRITE))
		return "out of memory";

	/* Measure first: how many arguments, how many bytes of strings. */
	size_t argc = 0, arg_bytes = 0, path_bytes = 0, env_bytes = 0;
	for (const char *s = cmd; (s = next_arg(s, NULL, &arg_bytes)); argc++)
		if (argc == 0)
			path_bytes = arg_bytes;
	if (argc == 0)
		return "no program path";
	for (size_t i = 0; i < ARRAY_SIZE(envp_init); i++)
		env_bytes += strlen(envp_init[i]) + 1;
	if (arg_bytes + env_bytes + path_bytes > ARG_MAX_BYTES)
		return "argument list too long";

	/* Then write the strings, from the lowest address up. */
	uint64_t execfn = top - 8 - path_bytes;
	uint64_t envs = execfn - env_bytes, args = envs - arg_bytes;
	uint64_t random_at = (args - 16) & ~15UL;
	struct stack_writer w = { .pml4 = pml4, .va = args, .word = word };
	size_t n = 0;
	for (const char *s = cmd; (s = next_arg(s, &w, &n)); )
		;
	for (size_t i = 0; i < ARRAY_SIZE(envp_init); i++)
		put_bytes(&w, envp_init[i], strlen(envp_init[i]) + 1);
	w.va = execfn;				/* the path once more, for AT_EXECFN */
	next_arg(cmd, &w, &n);
	uint64_t rnd[2] = { random_u64(), random_u64() };
	w.va = random_at;
	put_bytes(&w, rnd, sizeof(rnd));

	uint64_t auxv[] = {
		AT_SYSINFO, vdso32_entry(vdso), AT_SYSINFO_EHDR, vdso,	/* 32-bit programs only */
		AT_PHDR, img->phdr, AT_PHENT, img->phent, AT_PHNUM, img->phnum,
		AT_PAGESZ, PAGE_SIZE, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, img->entry,
		AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0, AT_SECURE, 0,
		AT_HWCAP, elf_hwcap, AT_CLKTCK, USER_HZ,
		AT_RANDOM, random_at, AT_EXECFN, execfn, AT_NULL, 0,
	};
	size_t skip = img->compat ? 0 : 4;	/* a 64-bit program has no vDSO: no AT_SYSINFO* */
	size_t words = 1 + argc + 1 + ARRAY_SIZE(envp_init) + 1 + ARRAY_SIZE(auxv) - skip;
	*sp = (random_at - words * word) & ~15UL;	/* rsp (esp) is 16-byte aligned at _start */

	/* The vectors: argc, then pointers into the strings just written. */
	w.va = *sp;
	put_word(&w, argc);
	uint64_t str = args;
	for (const char *s = cmd; (n = 0, s = next_arg(s, NULL, &n)); str += n)
		put_word(&w, str);
	put_word(&w, 0);			/* argv's NULL */
	for (size_t i = 0; i < ARRAY_SIZE(envp_init); i++) {
		put_word(&w, str);
		str += strlen(envp_init[i]) + 1;
	}
	put_word(&w, 0);			/* envp's NULL */
	for (size_t i = skip; i < ARRAY_SIZE(auxv); i++)
		put_word(&w, auxv[i]);
	return w.out_of_memory ? "out of memory" : NULL;
}
/*
 * The task's path (its first argument, GRUB's quoting undone, made absolute
 * since every program works in the root) and its name for messages: the
 * path's last part, without ".elf", at most 15 characters as on Linux.
 */
static void set_names(struct task *t, const char *cmd)
{
	size_t n = 0;

	while (*cmd == ' ')
		cmd++;
	if (*cmd != '/')
		t->exe[n++] = '/';
	for (bool quoted = false; *cmd && (quoted || *cmd != ' ') && n < sizeof(t->exe) - 1; cmd++) {
		if (*cmd == '"') {
			quoted = !quoted;
			continue;
		}
		if (*cmd == '\\' && cmd[1])
			cmd++;
		t->exe[n++] = *cmd;
	}
	t->exe[n] = '\0';
	const char *base = strrchr(t->exe, '/') ? strrchr(t->exe, '/') + 1 : t->exe;
	size_t len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".elf") == 0)
		len -= 4;
	strlcpy(t->comm, len ? base : "program", len ? min(len + 1, sizeof(t->comm)) : sizeof(t->comm));
}

/*
 * Run one module; returns its wait status, or -1 if it could not start. Never
 * inlined: scripts/progwalk.py (make bench) stops at its first instruction and
 * at its return, which bound a program's start-up and its end.
 */
static __noinline int run_one(const struct boot_module *m, int pid)
{
	struct task *t = &the_task;
	struct elf_image img;
	uint64_t sp;

	*t = (struct task){ .pid = pid };
	set_names(t, m->string);
	rlimits_init(t->rlim);
	fds_init(t->fds);
	t->start_ns = ktime_ns();
	timer_task_start(t);
	signals_init();

	t->mm = mm_create();
	if (!t->mm) {
		printk("trapdoor: cannot run %s: out of memory\n", t->comm);
		return -1;
	}
	t->compat = elf_is_32bit(__va(m->start), m->end - m->start);
	t->mm->mmap_base = t->compat ? MMAP32_BASE : MMAP_BASE;
	t->mm->task_size = t->compat ? TASK_SIZE_32 : TASK_SIZE_MAX;
	const char *why = elf_load(t->mm, __va(m->start), m->end - m->start, &img);
	if (!why && t->compat && !(t->vdso32 = vdso32_map(t->mm)))
		why = "out of memory";
	if (!why)
		why = setup_stack(t->mm, m->string, &img, t->vdso32, &sp);
	if (why) {
		printk("trapdoor: cannot run %s: %s\n", t->comm, why);
		mm_destroy(t->mm);
		return -1;
	}
	t->mm->start_brk = t->mm->brk = img.end;	/* the heap starts empty, after the image */

	/*
	 * The first pt_regs: every register zero but the stack pointer, and
	 * RFLAGS = IF (the entry contract). Nothing of the previous program
	 * survives: not its FPU, SSE and AVX registers, not its segment
	 * registers or FS/GS bases (Linux's start_thread() does the same).
	 */
	struct pt_regs *regs = current_pt_regs();
	*regs = (struct pt_regs){
		.orig_ax = -1UL, .ip = img.entry, .cs = t->compat ? __USER32_CS : __USER_CS,
		.flags = X86_EFLAGS_IF | X86_EFLAGS_FIXED, .sp = sp, .ss = __USER_DS,
	};
	regs_changed(regs);
	fpu_start_program();
	reset_user_segments(t->compat);
	load_tls(t->tls);			/* all three empty */
	current = t;
	timer_rearm();				/* the CPU-time limit's deadline, from the first instruction */
	tss_set_rsp0((unsigned long)task_stack_top);
	write_cr3(t->mm->pml4);

	int wstatus = run_user(regs);

	timer_task_end();
	trace_program_end();
	write_cr3(kernel_cr3());
	mm_destroy(t->mm);
	current = NULL;
	return wstatus;
}

/*
 * Run every module in order. A program that could not start counts as
 * failed and takes no pid: the run succeeds only if every module ran and
 * exited with status 0.
 */
bool run_programs(void)
{
	int failed = 0, n = boot_info.nmodules, pid = 1;

	if (n == 0)
		printk("trapdoor: no programs to run (grub.cfg has no module2 lines)\n");
	for_each_module(m) {
		int ws = run_one(m, pid);

		if (ws < 0) {
			failed++;
			continue;
		}
		if ((ws & 0x7f) == 0)
			printk("trapdoor: pid %d (%s) exited with status %d\n", pid, the_task.comm, (ws >> 8) & 0xff);
		else if ((ws & 0xff) == 0x7f)
			printk("trapdoor: pid %d (%s) stopped by %s; nothing can continue it\n", pid,
			       the_task.comm, signal_name(ws >> 8));
		else
			printk("trapdoor: pid %d (%s) killed by %s\n", pid, the_task.comm, signal_name(ws & 0x7f));
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
