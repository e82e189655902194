// SPDX-License-Identifier: MIT
/*
 * tls: __thread variables, initialised (.tdata, including one bigger than a
 * page and one aligned to 64) and zero (.tbss, 16 KiB of it), and errno, which
 * is thread-local too. The C library finds the thread pointer with
 * arch_prctl(ARCH_SET_FS); x86-64 TLS lies below it, and %fs:0 points to itself.
 * Built for i386 (tests/lib/realprogs32_harness.py) it checks the same of %gs,
 * which the C library sets up with set_thread_area, and prints the same lines.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__thread int tls_init = 42;
__thread long tls_zero;
__thread char tls_str[16] = "thread-local";
__thread double tls_dbl = 2.5;
__thread int tls_big_zero[4096];
__thread char tls_page[5000] = { 1, 2, 3, [4096] = 4, [4999] = 5 };
__thread char tls_aligned[8] __attribute__((aligned(64))) = "al64";
static __thread int counter;

static int bump(void)
{
	return ++counter;
}

int main(void)
{
	uintptr_t tp;

	printf("tls_init = %d, tls_zero = %ld, tls_str = \"%s\", tls_dbl = %g\n",
	       tls_init, tls_zero, tls_str, tls_dbl);
	long nonzero = 0, sum = 0;
	for (int i = 0; i < 4096; i++)
		nonzero += tls_big_zero[i] != 0;
	for (int i = 0; i < 5000; i++)
		sum += tls_page[i] * (i + 1);
	printf("tls_big_zero: %ld nonzero of 4096; tls_page: weighted sum %ld\n", nonzero, sum);
	printf("tls_aligned = \"%s\", 64-byte aligned: %s\n", tls_aligned,
	       (uintptr_t)tls_aligned % 64 == 0 ? "yes" : "no");

	tls_init += 1;
	tls_zero = -7;
	strcpy(tls_str, "changed");
	tls_big_zero[4095] = 99;
	bump();
	bump();
	printf("after writes: %d %ld \"%s\" %d counter %d\n", tls_init, tls_zero, tls_str,
	       tls_big_zero[4095], bump());

	/*
	 * The thread pointer, as the ABI promises it: %fs:0 holds the %fs base
	 * itself. On i386 it is %gs, whose base a GDT entry holds (set_thread_area).
	 * The line printed is the same for both, so that the output does not
	 * depend on the ABI.
	 */
#ifdef __i386__
	__asm__("mov %%gs:0, %0" : "=r"(tp));
#else
	__asm__("mov %%fs:0, %0" : "=r"(tp));
#endif
	printf("%%fs:0 points to itself: %s\n", *(uintptr_t *)tp == tp ? "yes" : "no");
	printf("TLS lies below the thread pointer: %s\n",
	       (uintptr_t)&tls_init < tp && (uintptr_t)&tls_big_zero[4095] < tp ? "yes" : "no");

	errno = 0;
	long v = strtol("99999999999999999999999", NULL, 10);
	printf("strtol overflow: %s, errno is ERANGE: %s\n", v == __LONG_MAX__ ? "LONG_MAX" : "?",
	       errno == ERANGE ? "yes" : "no");
	return 0;
}
