// SPDX-License-Identifier: MIT
/*
 * The system call tracer: "strace" on the kernel command line prints each
 * system call as the program made it, decoded from the SYSCALL_DEFINE
 * metadata (include/trapdoor/syscalls.h):
 *
 *   [1 init] write(fd=1, buf=0x402010 "ok 1 - getpid\n", count=14) = 14
 *   [1 init] getpid() = 1 <int80>
 *   [1 init] syscall_9999(0x1, 0x2, 0, 0, 0, 0) = -38 ENOSYS
 *
 * "strace=write,getpid" traces only those calls; "strace=summary" prints a
 * table of calls, errors and cycles per call when each program ends (add
 * names to trace some calls too). The arguments are decoded on entry, before
 * the call can change the memory they point to; the line is printed on exit,
 * with the result, so the call's own output never lands in its middle.
 */
#include <asm/special_insns.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/printf.h>
#include <trapdoor/program.h>
#include <trapdoor/string.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/trace.h>
#include <uapi/asm/errno.h>

#define MAX_FILTER	16
#define STRING_SHOWN	32	/* bytes of a string argument printed */
#define LINE_MAX	512
#define MAX_CALLS	64	/* distinct calls the summary counts; more go to "other" */

bool syscall_trace_enabled;

static bool want_summary, want_lines;
static char filter_buf[128];
static const char *filter[MAX_FILTER];
static int nfilter;

static struct {
	char line[LINE_MAX];
	size_t len;
	bool pending, printing;
	enum trace_abi abi;
	const struct syscall_metadata *meta;
	uint64_t start;
} call;

static struct summary {
	const char *name;
	unsigned long calls, errors, cycles;
} stats[MAX_CALLS + 1];

static bool syscall_named(const char *name)
{
	for (const struct syscall_metadata *m = __start_syscalls_metadata; m < __stop_syscalls_metadata; m++)
		if (strcmp(m->name, name) == 0)
			return true;
	return false;
}

/* "strace=wirte" would trace nothing and say nothing: say it, with the names there are. */
static void warn_unknown_name(const char *name)
{
	printk("trapdoor: warning: strace: no system call is named \"%s\"; the names are:", name);
	for (const struct syscall_metadata *m = __start_syscalls_metadata; m < __stop_syscalls_metadata; m++)
		printk(" %s", m->name);
	printk(" summary\n");
}

void trace_init(void)
{
	const char *opt = cmdline_get("strace");

	if (!opt)
		return;
	strlcpy(filter_buf, opt, sizeof(filter_buf));
	for (char *p = filter_buf; *p; ) {
		char *word = p;
		while (*p && *p != ',')
			p++;
		if (*p)
			*p++ = '\0';
		if (!*word)
			continue;
		if (strcmp(word, "summary") == 0) {
			want_summary = true;
			continue;
		}
		if (nfilter == MAX_FILTER) {
			printk("trapdoor: warning: strace: only the first %d names are used; "
			       "\"%s\" and what follows are not\n", MAX_FILTER, word);
			break;
		}
		if (!syscall_named(word))
			warn_unknown_name(word);
		filter[nfilter++] = word;
	}
	want_lines = nfilter > 0 || !want_summary;
	syscall_trace_enabled = true;
}

static bool filtered_in(const char *name)
{
	if (!want_lines)
		return false;
	if (nfilter == 0)
		return true;
	for (int i = 0; i < nfilter; i++)
		if (name && strcmp(filter[i], name) == 0)
			return true;
	return false;
}

/* The metadata of the wrapper in slot nr of the ABI's table, or NULL. */
static const struct syscall_metadata *find_meta(enum trace_abi abi, unsigned int nr)
{
	sys_call_ptr_t fn;

	if (abi == TRACE_ABI_64 && nr < NR_syscalls)
		fn = sys_call_table[nr];
	else if (abi == TRACE_ABI_IA32 && nr < IA32_NR_syscalls)
		fn = ia32_sys_call_table[nr];
	else
		return NULL;
	for (const struct syscall_metadata *m = __start_syscalls_metadata; m < __stop_syscalls_metadata; m++)
		if ((abi == TRACE_ABI_64 ? m->x64 : m->ia32) == fn)
			return m;
	return NULL;
}

/* Argument i as the ABI passed it: SYSCALL registers, or 32-bit int $0x80 ones. */
static unsigned long arg(const struct pt_regs *regs, enum trace_abi abi, int i)
{
	const unsigned long x64[6] = { regs->di, regs->si, regs->dx, regs->r10, regs->r8, regs->r9 };
	const unsigned long ia32[6] = { regs->bx, regs->cx, regs->dx, regs->si, regs->di, regs->bp };

	return abi == TRACE_ABI_64 ? x64[i] : (unsigned int)ia32[i];
}

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(call.line + call.len, sizeof(call.line) - call.len, fmt, ap);
	va_end(ap);
	call.len = min(call.len + (size_t)n, sizeof(call.line) - 1);
}

/* A user string, read through uaccess, escaped C-style; just the address if unreadable. */
static void emit_user_string(unsigned long addr, long len)
{
	char buf[STRING_SHOWN];
	long n;

	if (len < 0) {			/* NUL-terminated */
		n = strncpy_from_user(buf, (const char __user *)addr, sizeof(buf));
	} else {
		n = min((unsigned long)len, sizeof(buf));
		if (copy_from_user(buf, (const void __user *)addr, n))
			n = -1;
	}
	emit("%#lx", addr);
	if (n < 0)
		return;
	emit(" \"");
	for (long i = 0; i < n; i++) {
		unsigned char c = buf[i];
		if (c == '\n')
			emit("\\n");
		else if (c == '\t')
			emit("\\t");
		else if (c == '"' || c == '\\')
			emit("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			emit("\\x%02x", c);
		else
			emit("%c", c);
	}
	emit("\"%s", len > n || (len < 0 && n == (long)sizeof(buf)) ? "..." : "");
}

/* One argument, formatted by its declared type. */
static void emit_arg(const struct syscall_metadata *m, int i, const struct pt_regs *regs)
{
	const char *type = m->types[i];
	unsigned long v = arg(regs, call.abi, i);

	emit("%s%s=", i ? ", " : "", m->args[i]);
	if (strcmp(type, "const char *") == 0) {	/* __user is expanded away in the metadata */
		bool counted = i + 1 < m->nb_args && strcmp(m->types[i + 1], "size_t") == 0;
		emit_user_string(v, counted ? (long)arg(regs, call.abi, i + 1) : -1);
	} else if (strchr(type, '*')) {
		emit("%#lx", v);
	} else if (strcmp(type, "int") == 0) {
		emit("%d", (int)v);
	} else if (strcmp(type, "unsigned int") == 0) {
		emit("%u", (unsigned int)v);
	} else if (strcmp(type, "long") == 0) {
		emit("%ld", (long)v);
	} else if (strcmp(type, "size_t") == 0 || strcmp(type, "unsigned long") == 0) {
		emit("%lu", v);
	} else {
		emit("%#lx", v);
	}
}

void trace_syscall_enter(const struct pt_regs *regs, enum trace_abi abi, unsigned int nr)
{
	const struct syscall_metadata *m = find_meta(abi, nr);

	call.abi = abi;
	call.meta = m;
	call.len = 0;
	call.printing = filtered_in(m ? m->name : NULL);
	if (call.printing) {
		emit("[%d %s] ", current->pid, current->comm);
		if (m) {
			emit("%s(", m->name);
			for (int i = 0; i < m->nb_args; i++)
				emit_arg(m, i, regs);
		} else {
			emit("syscall_%u(", nr);
			for (int i = 0; i < 6; i++)
				emit("%s%#lx", i ? ", " : "", arg(regs, abi, i));
		}
		emit(")");
	}
	call.pending = true;
	call.start = rdtsc();
}

static const char *errno_name(long err)
{
#define E(name) [name] = #name	/* values from include/uapi/asm/errno.h */
	static const char *const names[] = {
		E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
		E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
		E(EFAULT), E(EBUSY), E(EEXIST), E(ENODEV), E(EINVAL), E(EMFILE), E(ENOTTY),
		E(ENOSPC), E(ESPIPE), E(ERANGE), E(ENAMETOOLONG), E(ENOSYS), E(ELOOP),
		E(EOPNOTSUPP),
	};
#undef E

	return err > 0 && err < (long)ARRAY_SIZE(names) && names[err] ? names[err] : "E?";
}

static void count(const struct syscall_metadata *m, bool error, uint64_t cycles)
{
	const char *name = m ? m->name : "(unknown)";
	int i;

	for (i = 0; i < MAX_CALLS && stats[i].name && strcmp(stats[i].name, name); i++)
		;
	if (i == MAX_CALLS)
		name = "(other)";
	stats[i].name = name;
	stats[i].calls++;
	stats[i].errors += error;
	stats[i].cycles += cycles;
}

void trace_syscall_exit(const struct pt_regs *regs)
{
	uint64_t cycles = rdtsc() - call.start;
	long ret = regs->ax;

	call.pending = false;
	if (want_summary)
		count(call.meta, ret < 0 && ret >= -4095, cycles);
	if (!call.printing)
		return;
	if (ret < 0 && ret >= -4095)
		emit(" = %ld %s", ret, errno_name(-ret));
	else
		emit(" = %ld", ret);
	if (call.abi == TRACE_ABI_IA32)
		emit(" <int80>");
	printk("%s\n", call.line);
}

/* The program ended: finish a call that never returned, print the summary. */
void trace_program_end(void)
{
	if (!syscall_trace_enabled)
		return;
	if (call.pending) {
		if (want_summary)
			count(call.meta, false, 0);
		if (call.printing)
			printk("%s = ?%s\n", call.line, call.abi == TRACE_ABI_IA32 ? " <int80>" : "");
		call.pending = false;
	}
	if (!want_summary)
		return;

	unsigned long calls = 0, errors = 0, cycles = 0;
	printk("[%d %s] system call summary:\n", current->pid, current->comm);
	printk("     calls    errors      cycles  syscall\n");
	for (int i = 0; i <= MAX_CALLS && stats[i].name; i++) {
		printk("%10lu %9lu %11lu  %s\n", stats[i].calls, stats[i].errors, stats[i].cycles, stats[i].name);
		calls += stats[i].calls;
		errors += stats[i].errors;
		cycles += stats[i].cycles;
	}
	printk("%10lu %9lu %11lu  total\n", calls, errors, cycles);
	memset(stats, 0, sizeof(stats));
}
