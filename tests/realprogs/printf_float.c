// SPDX-License-Identifier: MIT
/*
 * printf_float: floating point through printf (%f, %g, %e), strtod and a
 * little arithmetic, in double (SSE) and long double (the x87 FPU). Every
 * line is deterministic: the same binary prints the same bytes on Linux and
 * under trapdoor, whatever the CPU, or the kernel set up the FPU and SSE wrong.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const double values[] = {
	0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3, 2.0 / 3, 3.14159265358979, 2.718281828459045,
	1e-5, 123456.789, 1e10, 1e100, -1e-300, 5e-324, DBL_MAX, DBL_MIN, 0.5, 2.5,
	1234.5, 9.9999999, 0.000123456789, 1e21, 4503599627370497.0,
};

int main(void)
{
	for (unsigned i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		double v = values[i];
		printf("%2u: %f | %g | %e | %.3f | %.10g | %12.4e | %-10.2f| %+.0f | %#g | %.17g\n",
		       i, v, v, v, v, v, v, v, v, v, v);
	}
	printf("inf: %f %g %e %F\n", INFINITY, -INFINITY, INFINITY, -INFINITY);
	printf("nan: %f %g %e %F\n", NAN, NAN, NAN, NAN);
	printf("widths: [%8.3f] [%-8.3f] [%08.3f] [% .2e] [%.0e] [%.0f] [%.0f]\n",
	       3.14159, 3.14159, -3.14159, 12345.678, 15.0, 0.5, 1.5);

	/* Arithmetic in SSE registers: the sum must round the same way everywhere. */
	double h = 0, tenth = 0;
	for (int k = 1; k <= 1000; k++)
		h += 1.0 / k;
	for (int k = 0; k < 10; k++)
		tenth += 0.1;
	printf("harmonic(1000) = %.17g\n", h);
	printf("0.1 added ten times = %.17g (== 1.0: %s)\n", tenth, tenth == 1.0 ? "yes" : "no");
	printf("sqrt(2) = %.17g, sqrt(1e-300) = %.17g\n", sqrt(2.0), sqrt(1e-300));
	printf("float: %f %g %e\n", (double)(1.0f / 3.0f), (double)1.17549435e-38f, (double)FLT_MAX);

	/* strtod: decimal to binary and back. */
	const char *strs[] = { "0.1", "1e-310", "123.456e7", "-0", "0x1.8p1", "inf", "2.2250738585072011e-308" };
	for (unsigned i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		printf("strtod(\"%s\") = %.17g\n", strs[i], strtod(strs[i], NULL));

	/* long double: x87 arithmetic and printf's %L. */
	long double third = 1.0L / 3, big = 1e4000L;
	printf("long double: %Lf | %.20Lg | %Le | %Lg\n", third, third, big, (long double)LDBL_EPSILON);
	long double fact = 1;
	for (int k = 2; k <= 25; k++)
		fact *= k;
	printf("25! = %.0Lf\n", fact);
	return 0;
}
