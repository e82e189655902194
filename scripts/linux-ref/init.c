// SPDX-License-Identifier: MIT
/*
 * /init of the Linux reference initramfs (scripts/linux-ref/measure.py): the
 * measurement trapdoor's user/bench.c makes, on Linux. Under QEMU's
 * -icount shift=0 the TSC counts guest instructions, so for each entry
 * ticks(2n) - ticks(n) = n * (4 user + kernel instructions per getpid).
 * Linux's timer tick lands in some runs; the smallest of several runs is the
 * one without it. Prints "linux-ref: ..." lines, then powers off.
 *
 * Booted with "-- walk" at the end of the command line, it instead says
 * "linux-ref: ready", waits for a line on the console (walk_linux.py turns
 * QEMU's instruction log on meanwhile) and makes three getpid calls each way
 * from the labelled functions in loop.S. Then it copies the kernel's text
 * symbols from /proc/kallsyms to the second serial port, which names the
 * addresses in the log (Debian's package ships no real System.map).
 */
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

unsigned long ref_syscall_loop(unsigned long n, long nr);
unsigned long ref_int80_loop(unsigned long n, long nr);
long ref_walk_syscall(long nr);
long ref_walk_int80(long nr);

#define N 200
#define RUNS 15
#define IA32_NR_getpid 20

static unsigned long best(unsigned long (*loop)(unsigned long, long), unsigned long n, long nr)
{
	unsigned long min = ~0ul;

	for (int i = 0; i < RUNS; i++) {
		unsigned long t = loop(n, nr);
		if (t < min)
			min = t;
	}
	return min;
}

static void walk(void)
{
	char line[16];

	printf("linux-ref: ready\n");
	if (read(0, line, sizeof(line)) <= 0)
		return;
	for (int i = 0; i < 3; i++)	/* a timer tick may land in one of them */
		ref_walk_syscall(SYS_getpid);
	for (int i = 0; i < 3; i++)
		ref_walk_int80(IA32_NR_getpid);
	printf("linux-ref: walked\n");
}

/* The text symbols of /proc/kallsyms ("address t name") to /dev/ttyS1. */
static void dump_kallsyms(void)
{
	char line[512], kind;
	FILE *in, *out;

	if (mount("proc", "/proc", "proc", 0, NULL) != 0 || !(in = fopen("/proc/kallsyms", "r")) ||
	    !(out = fopen("/dev/ttyS1", "w"))) {
		perror("linux-ref: kallsyms");
		return;
	}
	while (fgets(line, sizeof(line), in))
		if (sscanf(line, "%*s %c", &kind) == 1 && (kind == 't' || kind == 'T'))
			fputs(line, out);
	fclose(out);
	printf("linux-ref: kallsyms copied\n");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 1; i < argc; i++) {	/* Linux hands init unknown options too (nokaslr) */
		if (strcmp(argv[i], "walk") == 0) {
			walk();
			dump_kallsyms();
			reboot(RB_POWER_OFF);
		}
	}
	ref_syscall_loop(N, SYS_getpid);	/* warm up: page in, translate */
	ref_int80_loop(N, IA32_NR_getpid);
	for (unsigned long n = N; n <= 2 * N; n += N) {
		printf("linux-ref: syscall rdtsc %lu calls %lu ticks\n", n, best(ref_syscall_loop, n, SYS_getpid));
		printf("linux-ref: int80 rdtsc %lu calls %lu ticks\n", n, best(ref_int80_loop, n, IA32_NR_getpid));
	}
	printf("linux-ref: getpid() = %ld\n", (long)syscall(SYS_getpid));
	printf("linux-ref: done\n");
	reboot(RB_POWER_OFF);
	return 0;
}
