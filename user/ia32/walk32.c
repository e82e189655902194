// SPDX-License-Identifier: MIT
/*
 * walk32: the 32-bit (i386) counterpart of user/walk.c, for scripts/walk.py.
 * One getpid through int $0x80, then one through the vDSO's __kernel_vsyscall
 * (AT_SYSINFO), each from its own labelled function in walk32_asm.S. The
 * vDSO enters by whatever the kernel patched into it for this CPU: SYSENTER
 * on an Intel model, SYSCALL on an AMD one, int $0x80 with vdso32=int80.
 *
 * It first prints where __kernel_vsyscall is and its first 32 bytes (the
 * walk disassembles them: the kernel patched them at boot, so the vDSO's ELF
 * file does not hold them), then "walk: ready", and waits in read(0). The
 * walk then turns QEMU's instruction log on and sends a byte. With the
 * argument "tf" or "badsp" its second call enters as the vDSO would (by
 * SYSENTER or SYSCALL, whichever the vDSO uses) but with the trap flag set,
 * or with an esp the kernel cannot read argument 6 from (walk32_asm.S): the
 * kernel must then leave by IRET, and the program dies (SIGTRAP, SIGSEGV).
 * With "gdb" it does not wait, and first writes a line through the vDSO
 * (tests/suites/gdb.py stops it there). With "far" it makes a far call, a
 * far return and an IRET in ring 3, and exits (tests/suites/far32.py). With
 * "sig" its vDSO call is a kill(getpid(), SIGUSR1) with a handler installed:
 * the handler's frame must be left by IRET (it needs the ia32 rt_sigaction
 * and 32-bit signal frames; without them it says so and exits with 3).
 *
 * No C library: int $0x80's read, write, getpid and exit are all it needs.
 * Build: gcc -m32 -static -nostdlib -fno-pie -no-pie -ffreestanding -O2
 *        walk32.c walk32_asm.S
 */
#define AT_NULL 0
#define AT_SYSINFO 32
#define NR_exit 1
#define NR_read 3
#define NR_write 4
#define NR_getpid 20
#define NR_kill 37
#define NR_rt_sigaction 174
#define SIGUSR1 10
#define SA_SIGINFO 0x00000004		/* an rt frame, which rt_sigreturn reads (without it: sigreturn's) */
#define SA_RESTORER 0x04000000

/* The ia32 struct sigaction of rt_sigaction: handler, flags, restorer, an 8-byte mask. */
struct ia32_sigaction {
	unsigned long handler, flags, restorer, mask[2];
};

long walk32_int80(long nr, long a, long b, long c);
long walk32_getpid_int80(long nr);
long walk32_vsyscall3(long nr, long a, long b, long c, unsigned long vsyscall);
void walk32_far_call(void);
long walk32_int80_4(long nr, long a, long b, long c, long d);
void walk32_on_usr1(int sig);
void walk32_restorer(void);
extern volatile int walk32_handled;
void walk32_user_iret(void);
long walk32_getpid_vdso(long nr, unsigned long vsyscall);
long walk32_getpid_tf_sysenter(long nr);
long walk32_getpid_tf_syscall(long nr);
long walk32_getpid_badsp_sysenter(long nr);
long walk32_getpid_badsp_syscall(long nr);

static int is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void put(const char *s)
{
	unsigned n = 0;

	while (s[n])
		n++;
	walk32_int80(NR_write, 1, (long)s, n);
}

static char *hex(char *p, unsigned long v, int digits)
{
	for (int i = digits - 1; i >= 0; i--)
		*p++ = "0123456789abcdef"[(v >> (4 * i)) & 15];
	return p;
}

void walk32_main(unsigned long *sp)
{
	unsigned long argc = sp[0], *p = sp + 1 + argc + 1, vsyscall = 0;
	const char *arg = argc > 1 ? (const char *)sp[2] : "";
	int sysenter;
	char buf[160], *q = buf, go;
	long a, b;

	while (*p)			/* the environment */
		p++;
	for (p++; p[0] != AT_NULL; p += 2)
		if (p[0] == AT_SYSINFO)
			vsyscall = p[1];
	if (!vsyscall) {
		put("walk32: no AT_SYSINFO\n");
		walk32_int80(NR_exit, 1, 0, 0);
	}
	/* __kernel_vsyscall: push ecx, edx, ebp (3 bytes), then mov (2 bytes), then 0f 34 or 0f 05 */
	sysenter = ((const unsigned char *)vsyscall)[6] == 0x34;
	for (const char *s = "walk32: vsyscall 0x"; *s;)
		*q++ = *s++;
	q = hex(q, vsyscall, 8);
	for (const char *s = " bytes"; *s;)
		*q++ = *s++;
	for (int i = 0; i < 32; i++) {
		*q++ = ' ';
		q = hex(q, ((const unsigned char *)vsyscall)[i], 2);
	}
	*q++ = '\n';
	*q = 0;
	put(buf);
	if (is(arg, "far")) {		/* far transfers in ring 3, then exit */
		put("walk32: far call and far return\n");
		walk32_far_call();
		put("walk32: iret in ring 3\n");
		walk32_user_iret();
		put("walk32: far transfers done\n");
		walk32_int80(NR_exit, 0, 0, 0);
	}
	if (is(arg, "sig")) {		/* a handler for SIGUSR1, before the walk starts */
		struct ia32_sigaction sa = { (unsigned long)walk32_on_usr1, SA_SIGINFO | SA_RESTORER,
					     (unsigned long)walk32_restorer, { 0, 0 } };
		long r = walk32_int80_4(NR_rt_sigaction, SIGUSR1, (long)&sa, 0, 8);

		if (r) {
			put("walk32: the ia32 rt_sigaction failed: this kernel has no 32-bit signal frames yet\n");
			walk32_int80(NR_exit, 3, 0, 0);
		}
	}
	if (is(arg, "gdb")) {
		static const char msg[] = "walk32: write through the vDSO\n";

		if (walk32_vsyscall3(NR_write, 1, (long)msg, sizeof(msg) - 1, vsyscall) != sizeof(msg) - 1)
			walk32_int80(NR_exit, 1, 0, 0);
	} else {
		put("walk: ready\n");
		if (walk32_int80(NR_read, 0, (long)&go, 1) != 1)
			walk32_int80(NR_exit, 1, 0, 0);
	}
	a = walk32_getpid_int80(NR_getpid);
	if (is(arg, "tf"))
		b = sysenter ? walk32_getpid_tf_sysenter(NR_getpid) : walk32_getpid_tf_syscall(NR_getpid);
	else if (is(arg, "sig")) {	/* SIGUSR1 to itself, through the vDSO: delivered on its way out */
		walk32_vsyscall3(NR_kill, a, SIGUSR1, 0, vsyscall);
		b = walk32_handled == 1 ? a : -1;
	} else if (is(arg, "badsp"))
		b = sysenter ? walk32_getpid_badsp_sysenter(NR_getpid) : walk32_getpid_badsp_syscall(NR_getpid);
	else
		b = walk32_getpid_vdso(NR_getpid, vsyscall);
	walk32_int80(NR_exit, a == b && a > 0 ? 0 : 1, 0, 0);
}
