// SPDX-License-Identifier: MIT
/*
 * malloc: many small blocks (the heap: brk, or mmap in musl), one block grown
 * by realloc from 16 bytes to 8 MiB (large blocks are mmap'd; glibc grows them
 * with mremap), big blocks alive at once, calloc's zeroes, and freeing it all.
 * Every byte written is checked; the program prints what it found.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SMALL 10000
#define BIG (8u << 20)

static unsigned int seed = 1;

static unsigned int rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 1;
}

static unsigned char pattern(size_t i, unsigned tag)
{
	return (unsigned char)(i * 131 + tag * 7 + (i >> 12));
}

static void fill(unsigned char *p, size_t from, size_t to, unsigned tag)
{
	for (size_t i = from; i < to; i++)
		p[i] = pattern(i, tag);
}

static size_t check(const unsigned char *p, size_t n, unsigned tag)	/* bad bytes */
{
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += p[i] != pattern(i, tag);
	return bad;
}

static unsigned char *small[SMALL];
static size_t small_len[SMALL];

int main(void)
{
	size_t bad = 0, total = 0;

	/* Small blocks, freed in a shuffled order, then again. */
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < SMALL; i++) {
			small_len[i] = 1 + rnd() % 512;
			small[i] = malloc(small_len[i]);
			if (!small[i]) {
				printf("malloc(%zu) failed\n", small_len[i]);
				return 1;
			}
			fill(small[i], 0, small_len[i], i);
			total += small_len[i];
		}
		for (int i = 0; i < SMALL; i++)
			bad += check(small[i], small_len[i], i);
		for (int i = SMALL - 1; i > 0; i--) {
			int j = rnd() % (i + 1);
			unsigned char *t = small[i];
			size_t tl = small_len[i];
			small[i] = small[j], small_len[i] = small_len[j];
			small[j] = t, small_len[j] = tl;
		}
		for (int i = 0; i < SMALL; i++)
			free(small[i]);
	}
	printf("small blocks: %d allocated, %zu bytes, %zu bad bytes\n", 2 * SMALL, total, bad);

	/* One block grown by realloc; the old contents must move with it. */
	unsigned char *p = NULL;
	size_t size = 0, steps = 0;
	bad = 0;
	for (size_t n = 16; n <= BIG; n *= 2, steps++) {
		unsigned char *q = realloc(p, n);
		if (!q) {
			printf("realloc(%zu) failed\n", n);
			return 1;
		}
		p = q;
		bad += check(p, size, 1);
		fill(p, size, n, 1);
		size = n;
	}
	bad += check(p, size, 1);
	printf("realloc: %zu steps from 16 bytes to %zu bytes, %zu bad bytes\n", steps, size, bad);
	p = realloc(p, 1000);				/* shrink: the first 1000 bytes stay */
	printf("realloc down to 1000 bytes: %zu bad bytes\n", p ? check(p, 1000, 1) : (size_t)-1);
	free(p);

	/* Three 4 MiB blocks alive at once, every page touched. */
	unsigned char *big[3];
	bad = 0;
	for (int i = 0; i < 3; i++) {
		big[i] = malloc(4u << 20);
		if (!big[i]) {
			printf("malloc(4 MiB) failed\n");
			return 1;
		}
		fill(big[i], 0, 4u << 20, 10 + i);
	}
	for (int i = 0; i < 3; i++) {
		bad += check(big[i], 4u << 20, 10 + i);
		free(big[i]);
	}
	printf("three 4 MiB blocks: %zu bad bytes\n", bad);

	/* calloc: zero, even where a freed block was reused. */
	unsigned char *z = calloc(1u << 20, 1), *z2;
	size_t nonzero = 0;
	for (size_t i = 0; z && i < (1u << 20); i++)
		nonzero += z[i] != 0;
	free(z);
	z = malloc(3000);
	memset(z, 0xaa, 3000);
	free(z);
	z2 = calloc(3000, 1);
	for (size_t i = 0; z2 && i < 3000; i++)
		nonzero += z2[i] != 0;
	free(z2);
	printf("calloc: %zu nonzero bytes\n", nonzero);

	/* Churn: allocate and free 1 MiB fifty times; memory must come back. */
	for (int i = 0; i < 50; i++) {
		unsigned char *c = malloc(1u << 20);
		if (!c) {
			printf("churn %d: malloc failed\n", i);
			return 1;
		}
		c[0] = c[(1u << 20) - 1] = (unsigned char)i;
		free(c);
	}
	printf("churn: 50 times 1 MiB allocated and freed\n");
	printf("malloc(0) %s\n", "returns without crashing");
	free(malloc(0));
	return 0;
}
