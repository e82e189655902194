// SPDX-License-Identifier: MIT
/*
 * The system call tracer: "strace" on the kernel command line prints each
 * system call as the program made it:
 *
 *   [1 init] write(fd=1, buf=0x402010 "ok 1 - getpid\n", count=14) = 14
 *   [1 init] getpid() = 1 <int80>          (or <sysenter>, <syscall32>: the 32-bit entry taken)
 *   [1 hello] mmap(addr=0, len=8192, prot=PROT_READ|PROT_WRITE, flags=MAP_PRIVATE|MAP_ANONYMOUS, fd=-1, off=0) = 0x7ffff77dc000
 *   [1 hello] rseq(rseq=0x4acca0, rseq_len=32, flags=0, sig=0x53053053) = -38 ENOSYS (not implemented)
 *   [1 init] syscall_9999(0x1, 0x2, 0, 0, 0, 0) = -38 ENOSYS
 *
 * A call trapdoor implements is decoded from its SYSCALL_DEFINE metadata
 * (include/trapdoor/syscalls.h): its arguments' names and types. Any other
 * call Linux has is decoded from Linux's signature for it, from the tables
 * linux_syscalls[] and ia32_linux_syscalls[] (include/asm/syscall.h), and
 * marked "(not implemented)". Either way the call is named as Linux's
 * table for its ABI names it, and flags and constants are printed by name,
 * as strace prints them, by kernel/trace_decode.c. A number Linux does not
 * use is named by trapdoor's .tbl, where trapdoor's own calls are (1000 and
 * up: indirect, dup_ext, whose structures are printed below); a number
 * neither uses prints as syscall_N with six raw arguments.
 *
 * "strace=write,getpid" traces only those calls (any Linux name will do);
 * "strace=summary" prints a table of calls, errors and cycles per call when
 * each program ends (add names to trace some calls too). The arguments are
 * decoded on entry, before the call can change the memory they point to; the
 * line is printed on exit, with the result, so the call's own output never
 * lands in its middle.
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
#include <uapi/asm/signal.h>
#include <uapi/trapdoor/extend.h>
#include <trapdoor/signal.h>
#include <asm/traps.h>
#include "trace_decode.h"

#define MAX_FILTER	16
#define STRING_SHOWN	32	/* bytes of a string argument printed */
#define LINE_MAX	512
#define MAX_CALLS	64	/* distinct calls the summary counts; more go to "other" */
#define MAX_ARGS	6

bool syscall_trace_enabled;

static bool want_summary, want_lines;
static char filter_buf[128];
static const char *filter[MAX_FILTER];
static int nfilter;

static struct {
	char line[LINE_MAX];
	size_t len;
	bool pending, printing;
	bool unimplemented;		/* a call Linux has and trapdoor lacks */
	enum trace_abi abi;
	const char *how;		/* the 32-bit entry: "int80", "sysenter", "syscall32"; or NULL */
	struct span name;		/* for the summary; len 0 for a number Linux lacks */
	uint64_t start;
} call;

static struct summary {
	struct span name;		/* s NULL: a free row */
	unsigned long calls, errors, cycles;
} stats[MAX_CALLS + 1];

/*
 * A call as the tracer prints it. Names and types point into the metadata or
 * into Linux's signature string, so they are spans, not C strings.
 */
struct call_desc {
	struct span name;		/* Linux's name for the number, else the metadata's */
	struct span linux_name;		/* for the decoders; len 0 if Linux lacks the number */
	int nargs;			/* -1: not known, print six raw values */
	struct span type[MAX_ARGS], arg[MAX_ARGS];	/* as printed */
	struct span key[MAX_ARGS];	/* Linux's names for the arguments, for the decoders */
	const struct syscall_metadata *meta;	/* NULL: trapdoor does not implement it */
};

static struct span span_of(const char *s)
{
	return (struct span){ s, strlen(s) };
}

static bool span_is(struct span s, const char *str)
{
	return strlen(str) == s.len && memcmp(s.s, str, s.len) == 0;
}

static bool is_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Linux's signature for number nr of the ABI's table, or NULL. */
static const char *linux_signature(enum trace_abi abi, unsigned int nr)
{
	unsigned int at = 0;

	if (abi == TRACE_ABI_64 && nr < linux_syscalls_len)
		at = linux_syscalls[nr];
	else if (abi == TRACE_ABI_IA32 && nr < ia32_linux_syscalls_len)
		at = ia32_linux_syscalls[nr];
	return at ? linux_syscall_sigs + at - 1 : NULL;
}

/* trapdoor's name for number nr of the ABI's table (its .tbl line), or NULL. */
static const char *tbl_name(enum trace_abi abi, unsigned int nr)
{
	if (abi == TRACE_ABI_64)
		return nr < NR_syscalls ? syscall_names[nr] : NULL;
	return nr < IA32_NR_syscalls ? ia32_syscall_names[nr] : NULL;
}

/*
 * Split a signature, "name(type a, type b)", "name()" or just "name", into
 * the name and each argument's type and name (scripts/syscallsigs.sh writes
 * them so). Returns the number of arguments, -1 if they are not known.
 */
static int parse_signature(const char *sig, struct span *name, struct span *type, struct span *arg)
{
	const char *p = strchr(sig, '(');
	int n = 0;

	if (!p) {
		*name = span_of(sig);
		return -1;
	}
	*name = (struct span){ sig, (size_t)(p - sig) };
	for (p++; *p && *p != ')' && n < MAX_ARGS; n++) {
		const char *end = p, *a, *t;

		while (*end && *end != ',' && *end != ')')
			end++;
		for (a = end; a > p && is_ident_char(a[-1]); a--)
			;
		for (t = a; t > p && t[-1] == ' '; t--)
			;
		type[n] = (struct span){ p, (size_t)(t - p) };
		arg[n] = (struct span){ a, (size_t)(end - a) };
		p = *end == ',' ? end + 2 : end;	/* ", " between arguments */
	}
	return n;
}

/* A name strace= may use: a SYSCALL_DEFINE's, or any call's in Linux's tables. */
static bool syscall_named(const char *name)
{
	struct span n, t[MAX_ARGS], a[MAX_ARGS];

	for (const struct syscall_metadata *m = __start_syscalls_metadata; m < __stop_syscalls_metadata; m++)
		if (strcmp(m->name, name) == 0)
			return true;
	for (unsigned int nr = 0; nr < max(NR_syscalls, IA32_NR_syscalls); nr++)
		for (enum trace_abi abi = TRACE_ABI_64; abi <= TRACE_ABI_IA32; abi++)
			if (tbl_name(abi, nr) && strcmp(tbl_name(abi, nr), name) == 0)
				return true;
	for (unsigned int nr = 0; nr < max(linux_syscalls_len, ia32_linux_syscalls_len); nr++)
		for (enum trace_abi abi = TRACE_ABI_64; abi <= TRACE_ABI_IA32; abi++) {
			const char *sig = linux_signature(abi, nr);

			if (sig && (parse_signature(sig, &n, t, a), span_is(n, name)))
				return true;
		}
	return false;
}

/*
 * "strace=wirte" would trace nothing and say nothing: say it, with the names
 * of the calls trapdoor implements (any other Linux name is accepted too).
 */
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

/* Is the call asked for? By its name, or by its SYSCALL_DEFINE's (getuid for getuid32). */
static bool filtered_in(const struct call_desc *d)
{
	if (!want_lines)
		return false;
	if (nfilter == 0)
		return true;
	for (int i = 0; i < nfilter; i++)
		if ((d->name.len && span_is(d->name, filter[i])) || (d->meta && strcmp(d->meta->name, filter[i]) == 0))
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

static void vemit(const char *fmt, va_list ap)
{
	int n = vsnprintf(call.line + call.len, sizeof(call.line) - call.len, fmt, ap);

	call.len = min(call.len + (size_t)n, sizeof(call.line) - 1);
}

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemit(fmt, ap);
	va_end(ap);
}

void trace_emit(const char *fmt, ...)	/* emit(), for kernel/trace_decode.c */
{
	va_list ap;

	va_start(ap, fmt);
	vemit(fmt, ap);
	va_end(ap);
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

/* How a type prints: C's types, the kernel's typedefs of them, compat_* for ia32. */
enum kind { K_HEX, K_STRING, K_POINTER, K_INT, K_UINT, K_LONG, K_ULONG, K_MODE };

static enum kind type_kind(struct span t)
{
	static const char *const ints[] = { "int", "pid_t", "clockid_t", "key_t", "mqd_t", "timer_t",
		"rwf_t", "s32", "__s32", "compat_int_t", "compat_pid_t", "compat_long_t", "compat_off_t" };
	static const char *const uints[] = { "unsigned int", "unsigned", "u32", "__u32", "uint32_t",
		"uid_t", "gid_t", "qid_t", "old_uid_t", "old_gid_t", "unsigned short",
		"compat_uint_t", "compat_size_t", "compat_ulong_t" };
	static const char *const longs[] = { "long", "off_t", "loff_t", "ssize_t" };
	static const char *const ulongs[] = { "size_t", "unsigned long", "u64", "__u64", "uint64_t",
		"unsigned long long" };

	if (span_is(t, "const char *"))		/* __user is expanded away in the metadata */
		return K_STRING;
	if ((t.len && t.s[t.len - 1] == '*') || span_is(t, "compat_uptr_t"))
		return K_POINTER;
	if (span_is(t, "umode_t") || span_is(t, "mode_t"))
		return K_MODE;
	for (size_t i = 0; i < ARRAY_SIZE(ints); i++)
		if (span_is(t, ints[i]))
			return K_INT;
	for (size_t i = 0; i < ARRAY_SIZE(uints); i++)
		if (span_is(t, uints[i]))
			return K_UINT;
	for (size_t i = 0; i < ARRAY_SIZE(longs); i++)
		if (span_is(t, longs[i]))
			return K_LONG;
	for (size_t i = 0; i < ARRAY_SIZE(ulongs); i++)
		if (span_is(t, ulongs[i]))
			return K_ULONG;
	return K_HEX;
}

/* Argument i: by its decoder, if Linux's names for the call and the argument have one; else by its type. */
static bool emit_own_arg(const struct call_desc *d, int i, const unsigned long *v);

static void emit_arg(const struct call_desc *d, int i, const unsigned long *v)
{
	enum kind k = type_kind(d->type[i]);
	unsigned long x = v[i];

	if (call.abi == TRACE_ABI_IA32 && k == K_LONG)
		k = K_INT;			/* a long is 32 bits there */
	if (k == K_INT || k == K_UINT)
		x = (unsigned int)x;
	if (span_is(d->type[i], "unsigned short") || span_is(d->type[i], "umode_t"))
		x = (unsigned short)x;		/* a mode: what the call sees of it */
	emit("%s%.*s=", i ? ", " : "", (int)d->arg[i].len, d->arg[i].s);
	if (d->key[i].len && trace_decode(d->linux_name, d->key[i], x, v))
		return;
	if (!d->linux_name.len && d->meta && emit_own_arg(d, i, v))
		return;
	switch (k) {
	case K_STRING: {	/* a string with a count after it is that long; else up to its NUL */
		bool counted = i + 1 < d->nargs &&
			(span_is(d->type[i + 1], "size_t") || span_is(d->type[i + 1], "compat_size_t"));

		emit_user_string(x, counted ? (long)v[i + 1] : -1);
		break;
	}
	case K_INT:	emit("%d", (int)x); break;
	case K_UINT:	emit("%u", (unsigned int)x); break;
	case K_LONG:	emit("%ld", (long)x); break;
	case K_ULONG:	emit("%lu", x); break;
	case K_MODE:	trace_emit_mode(x); break;
	case K_POINTER:
	case K_HEX:	emit("%#lx", x); break;
	}
}

/*
 * What to print call nr of the ABI with: the metadata of the wrapper in the
 * ABI's table if trapdoor implements it, else Linux's signature; and Linux's
 * names for the decoders either way.
 */
static void describe(enum trace_abi abi, unsigned int nr, struct call_desc *d)
{
	const char *sig = linux_signature(abi, nr);
	struct span ltype[MAX_ARGS];
	int lnargs = -1;

	memset(d, 0, sizeof(*d));		/* key[i].len 0: no Linux name, no decoder */
	d->meta = find_meta(abi, nr);
	if (sig)
		lnargs = parse_signature(sig, &d->linux_name, ltype, d->key);
	else if (tbl_name(abi, nr))
		d->name = span_of(tbl_name(abi, nr));	/* a number only trapdoor uses */
	if (d->meta) {
		d->name = sig ? d->linux_name : d->name.len ? d->name : span_of(d->meta->name);
		d->nargs = d->meta->nb_args;
		for (int i = 0; i < d->nargs; i++) {
			d->type[i] = span_of(d->meta->types[i]);
			d->arg[i] = span_of(d->meta->args[i]);
		}
	} else {
		d->name = sig ? d->linux_name : d->name;
		d->nargs = lnargs;
		for (int i = 0; i < lnargs; i++) {
			d->type[i] = ltype[i];
			d->arg[i] = d->key[i];
		}
	}
}

/*
 * trapdoor's own calls take structures; print what they hold, as strace
 * prints openat2's: dup_ext(args=0x405010 {oldfd=1, newfd=10,
 * flags=O_CLOEXEC}, size=16), and for indirect the call it wraps, named and
 * decoded as if it had been made: call=0x405040 {nr=32, dup(fildes=1)}.
 * Only the bytes size covers are read, so a version-0 dup_args shows no
 * flags. An unreadable structure prints as its address alone.
 */
static void emit_flags_as_dup3(uint64_t flags)
{
	unsigned long v[MAX_ARGS] = { 0 };

	trace_decode(span_of("dup3"), span_of("flags"), flags, v);	/* O_CLOEXEC, as dup3's */
}

static void emit_dup_args(unsigned long addr, unsigned long size)
{
	struct dup_args a;

	emit("%#lx", addr);
	if (size < DUP_ARGS_SIZE_VER0 || copy_from_user(&a, (const void __user *)addr, min(size, sizeof(a))))
		return;
	emit(" {oldfd=%u, newfd=%u", a.oldfd, a.newfd);
	if (size >= DUP_ARGS_SIZE_VER1) {
		emit(", flags=");
		emit_flags_as_dup3(a.flags);
	}
	if (size > sizeof(a))
		emit(", /* %lu bytes this kernel does not know */", size - sizeof(a));
	emit("}");
}

static void emit_indirect_params(unsigned long addr, unsigned long size)
{
	struct indirect_params p;

	emit("%#lx", addr);
	if (size < INDIRECT_PARAMS_SIZE_VER0 || copy_from_user(&p, (const void __user *)addr, sizeof(p)))
		return;
	emit(" {file_flags=");
	emit_flags_as_dup3(p.file_flags);
	if (size > sizeof(p))
		emit(", /* %lu bytes this kernel does not know */", size - sizeof(p));
	emit("}");
}

static void emit_indirect_call(unsigned long addr)
{
	static bool inside;		/* an indirect call wrapping indirect prints one level */
	struct indirect_call c;
	struct call_desc d;
	unsigned long v[MAX_ARGS];

	emit("%#lx", addr);
	if (inside || copy_from_user(&c, (const void __user *)addr, sizeof(c)))
		return;
	emit(" {nr=%lu", (unsigned long)c.nr);
	if (c.nr <= UINT32_MAX) {
		describe(call.abi, c.nr, &d);
		for (int i = 0; i < MAX_ARGS; i++)
			v[i] = call.abi == TRACE_ABI_IA32 ? (uint32_t)c.args[i] : c.args[i];
		inside = true;
		if (d.name.len)
			emit(", %.*s(", (int)d.name.len, d.name.s);
		for (int i = 0; d.name.len && i < d.nargs; i++)
			emit_arg(&d, i, v);
		for (int i = 0; d.name.len && d.nargs < 0 && i < MAX_ARGS; i++)
			emit("%s%#lx", i ? ", " : "", v[i]);
		emit("%s", d.name.len ? ")" : "");
		inside = false;
	}
	emit("}");
}

/* Argument i of one of trapdoor's own calls, if it is a structure; false to print it by type. */
static bool emit_own_arg(const struct call_desc *d, int i, const unsigned long *v)
{
	if (strcmp(d->meta->name, "dup_ext") == 0 && i == 0)
		emit_dup_args(v[0], v[1]);
	else if (strcmp(d->meta->name, "indirect") == 0 && i == 0)
		emit_indirect_call(v[0]);
	else if (strcmp(d->meta->name, "indirect") == 0 && i == 1)
		emit_indirect_params(v[1], v[2]);
	else
		return false;
	return true;
}

void trace_syscall_enter(const struct pt_regs *regs, enum trace_abi abi, unsigned int nr, const char *how)
{
	struct call_desc d;

	describe(abi, nr, &d);
	call.abi = abi;
	call.how = how;
	call.name = d.name;
	call.unimplemented = !d.meta && d.name.len;
	call.len = 0;
	call.printing = filtered_in(&d);
	if (call.printing) {
		unsigned long v[MAX_ARGS];

		for (int i = 0; i < MAX_ARGS; i++)
			v[i] = arg(regs, abi, i);
		emit("[%d %s] ", current->pid, current->comm);
		if (d.name.len)
			emit("%.*s(", (int)d.name.len, d.name.s);
		else
			emit("syscall_%u(", nr);
		for (int i = 0; i < d.nargs; i++)
			emit_arg(&d, i, v);
		for (int i = 0; d.nargs < 0 && i < MAX_ARGS; i++)
			emit("%s%#lx", i ? ", " : "", v[i]);
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
		E(EOVERFLOW), E(EOPNOTSUPP),
	};
#undef E

	return err > 0 && err < (long)ARRAY_SIZE(names) && names[err] ? names[err] : "E?";
}

/* An interrupted call's result, which user space never sees, in strace's words. */
static const char *restart_name(long err)
{
	switch (err) {
	case ERESTARTSYS:		return "ERESTARTSYS (To be restarted if SA_RESTART is set)";
	case ERESTARTNOINTR:		return "ERESTARTNOINTR (To be restarted)";
	case ERESTARTNOHAND:		return "ERESTARTNOHAND (To be restarted if no handler)";
	case ERESTART_RESTARTBLOCK:	return "ERESTART_RESTARTBLOCK (Interrupted by signal)";
	default:			return NULL;
	}
}

static const char *si_code_name(int sig, int code)
{
	static const char *const fault[][4] = {
		[SIGILL] = { NULL, "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR" },
		[SIGFPE] = { NULL, "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV" },
		[SIGSEGV] = { NULL, "SEGV_MAPERR", "SEGV_ACCERR", NULL },
		[SIGBUS] = { NULL, "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR" },
		[SIGTRAP] = { NULL, "TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH" },
	};
	static const char *const fpe[] = { "FPE_FLTOVF", "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV" };

	switch (code) {
	case SI_USER:	return "SI_USER";
	case SI_KERNEL:	return "SI_KERNEL";
	case SI_TKILL:	return "SI_TKILL";
	}
	if (sig == SIGFPE && code >= FPE_FLTOVF && code <= FPE_FLTINV)
		return fpe[code - FPE_FLTOVF];
	if (sig < (int)ARRAY_SIZE(fault) && code > 0 && code < 4 && fault[sig][code])
		return fault[sig][code];
	return NULL;
}

/* A signal the program is about to take, as strace shows it: --- SIGALRM {...} --- */
void trace_signal(int sig, const siginfo_t *info)
{
	const char *code = si_code_name(sig, info->si_code);

	if (!want_lines)
		return;
	call.len = 0;
	emit("[%d %s] --- %s {si_signo=%s, si_code=", current->pid, current->comm, signal_name(sig),
	     signal_name(sig));
	if (code)
		emit("%s", code);
	else
		emit("%d", info->si_code);
	if (info->si_code == SI_USER || info->si_code == SI_TKILL)
		emit(", si_pid=%d, si_uid=%u", info->kill.si_pid, info->kill.si_uid);
	else if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP) {
		if (info->fault.si_addr)
			emit(", si_addr=%p", info->fault.si_addr);
		else
			emit(", si_addr=NULL");
	}
	printk("%s} ---\n", call.line);
}

static void count(struct span name, bool error, uint64_t cycles)
{
	int i;

	if (!name.len)
		name = span_of("(unknown)");
	for (i = 0; i < MAX_CALLS && stats[i].name.s &&
		    !(stats[i].name.len == name.len && memcmp(stats[i].name.s, name.s, name.len) == 0); i++)
		;
	if (i == MAX_CALLS)
		name = span_of("(other)");
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
		count(call.name, ret < 0 && ret >= -4095, cycles);
	if (!call.printing)
		return;
	if (ret <= -ERESTARTSYS && ret >= -ERESTART_RESTARTBLOCK && restart_name(-ret))
		emit(" = ? %s", restart_name(-ret));	/* the way out decides: as strace shows it */
	else if (ret < 0 && ret >= -4095)
		emit(" = %ld %s", ret, errno_name(-ret));
	else if (call.name.len && trace_returns_address(call.name))
		emit(" = %#lx", ret);
	else
		emit(" = %ld", ret);
	if (call.unimplemented)
		emit(" (not implemented)");
	if (call.how)
		emit(" <%s>", call.how);
	printk("%s\n", call.line);
}

/* The program ended: finish a call that never returned, print the summary. */
void trace_program_end(void)
{
	if (!syscall_trace_enabled)
		return;
	if (call.pending) {
		if (want_summary)
			count(call.name, false, 0);
		if (call.printing)
			printk("%s = ?%s%s%s\n", call.line, call.how ? " <" : "", call.how ? call.how : "", call.how ? ">" : "");
		call.pending = false;
	}
	if (!want_summary)
		return;

	unsigned long calls = 0, errors = 0, cycles = 0;
	printk("[%d %s] system call summary:\n", current->pid, current->comm);
	printk("     calls    errors      cycles  syscall\n");
	for (int i = 0; i <= MAX_CALLS && stats[i].name.s; i++) {
		printk("%10lu %9lu %11lu  %.*s\n", stats[i].calls, stats[i].errors, stats[i].cycles,
		       (int)stats[i].name.len, stats[i].name.s);
		calls += stats[i].calls;
		errors += stats[i].errors;
		cycles += stats[i].cycles;
	}
	printk("%10lu %9lu %11lu  total\n", calls, errors, cycles);
	memset(stats, 0, sizeof(stats));
}
