// SPDX-License-Identifier: MIT
/*
 * setjmp: longjmp out of nested calls, longjmp(env, 0) arriving as 1, a
 * volatile local that keeps its value, and a loop made of longjmps. glibc
 * mangles the saved stack and instruction pointers with a guard kept in the
 * thread control block (%fs:0x30), seeded from AT_RANDOM.
 */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth_reached;

static int dive(int depth, int max)
{
	volatile char pad[256];		/* each level takes some stack */

	pad[0] = (char)depth;
	pad[1] = 0;
	depth_reached = pad[0];
	if (depth == max)
		longjmp(env, depth * 10);
	if (depth > max)
		return -1;
	return dive(depth + 1, max) + pad[1];	/* not a tail call: the frames stay */
}

static void jump_zero(void)
{
	longjmp(env, 0);
}

int main(void)
{
	volatile int kept = 1;
	int r;

	r = setjmp(env);
	if (r == 0) {
		kept = 2;
		printf("dive returned %d: wrong\n", dive(1, 20));
	} else {
		printf("longjmp out of %d nested calls: setjmp returned %d, volatile local is %d\n",
		       depth_reached, r, kept);
	}

	r = setjmp(env);
	if (r == 0)
		jump_zero();
	printf("longjmp(env, 0): setjmp returned %d\n", r);

	volatile int loops = 0;
	r = setjmp(env);
	if (loops < 5) {
		loops++;
		longjmp(env, loops);
	}
	printf("a loop of longjmps ran %d times; last value %d\n", loops, r);
	return 0;
}
