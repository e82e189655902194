// SPDX-License-Identifier: MIT
/*
 * qsort: sort integers, strings and records, and bsearch them. No two
 * elements compare equal, so the result does not depend on which algorithm
 * the C library picks (glibc's depends on the machine's memory, which it asks
 * the kernel about: sysinfo).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 20000

static unsigned int seed = 12345;

static unsigned int rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 1;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct rec {
	int key;
	char name[12];
};

static int cmp_rec(const void *a, const void *b)	/* key descending, then name */
{
	const struct rec *x = a, *y = b;
	if (x->key != y->key)
		return y->key - x->key;
	return strcmp(x->name, y->name);
}

static int ints[N];

int main(void)
{
	int n = 0;

	/* Distinct integers: a permutation of 0..N-1, scaled and offset. */
	for (int i = 0; i < N; i++)
		ints[i] = i * 7 - 50000;
	for (int i = N - 1; i > 0; i--) {
		int j = rnd() % (i + 1), t = ints[i];
		ints[i] = ints[j];
		ints[j] = t;
	}
	qsort(ints, N, sizeof(ints[0]), cmp_int);
	for (int i = 1; i < N; i++)
		n += ints[i - 1] >= ints[i];
	unsigned long long sum = 0;	/* 64 bits for i386 builds too: the same hash */
	for (int i = 0; i < N; i++)
		sum = sum * 31 + (unsigned)ints[i];
	printf("%d integers sorted, %d out of order, hash %llx\n", N, n, sum);
	printf("first %d %d %d, last %d %d %d\n", ints[0], ints[1], ints[2], ints[N - 3], ints[N - 2], ints[N - 1]);
	int probes[] = { -50000, 7, 77777, 12, 89993, -1 };
	for (unsigned i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		int *p = bsearch(&probes[i], ints, N, sizeof(ints[0]), cmp_int);
		printf("bsearch %d: %s\n", probes[i], p ? "found" : "absent");
	}

	const char *words[] = {
		"system", "call", "kernel", "trap", "door", "entry", "sysret", "iret", "ring",
		"stack", "page", "table", "segment", "gate", "interrupt", "exception", "fault",
		"signal", "process", "thread", "program", "loader", "elf", "auxv", "argv", "envp",
		"brk", "mmap", "munmap", "mprotect", "arch_prctl", "fs", "gs", "swapgs", "msr",
		"star", "lstar", "sfmask", "tss", "gdt", "idt", "cr3", "pml4", "pte", "tlb", "apic",
		"serial", "uart", "console", "write", "read", "exit", "exit_group", "getpid",
		"uname", "clone", "execve", "wait4", "futex", "rseq", "prlimit64", "readlink",
	};
	size_t nw = sizeof(words) / sizeof(words[0]);
	qsort(words, nw, sizeof(words[0]), cmp_str);
	for (size_t i = 0; i < nw; i++)
		printf("%s%s", words[i], i + 1 < nw ? " " : "\n");

	struct rec recs[40];
	for (int i = 0; i < 40; i++) {
		recs[i].key = rnd() % 10;
		snprintf(recs[i].name, sizeof(recs[i].name), "r%02d-%u", i, rnd() % 1000);
	}
	qsort(recs, 40, sizeof(recs[0]), cmp_rec);
	for (int i = 0; i < 40; i++)
		printf("%d:%s%s", recs[i].key, recs[i].name, i % 8 == 7 ? "\n" : " ");
	return n != 0;
}
