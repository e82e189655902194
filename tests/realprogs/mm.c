// SPDX-License-Identifier: MIT
/*
 * mm: what the memory calls do to memory, checked byte by byte: a mapping
 * reads as zeroes; MAP_FIXED over a mapping replaces it with zeroes; mremap
 * keeps the contents when it grows, shrinks or moves a mapping; mprotect
 * keeps them; MADV_DONTNEED gives zeroes back; brk grows and shrinks the heap
 * and the regrown part is zero; a mapping may take the last user page.
 * brk is called directly: musl's sbrk() refuses to move the break.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096UL

static void fill(unsigned char *p, size_t n, unsigned char tag)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + tag);
}

static int same(const unsigned char *p, size_t n, unsigned char tag)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 7 + tag))
			return 0;
	return 1;
}

static int zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "yes" : "NO", what);
}

static unsigned char *brk_to(unsigned char *end)
{
	return (unsigned char *)syscall(SYS_brk, end);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);	/* every line out at once, whatever stdout is */

	unsigned char *a = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(a != MAP_FAILED && zero(a, 4 * PAGE), "a new anonymous mapping reads as zeroes");
	fill(a, 4 * PAGE, 1);

	unsigned char *b = mmap(a + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(b == a + PAGE && zero(b, PAGE) && same(a, PAGE, 1) &&
	      same(a + 2 * PAGE, 2 * PAGE, (unsigned char)(1 + 2 * PAGE * 7)),
	      "MAP_FIXED over the second page zeroes it and nothing else");

	check(mprotect(a, 4 * PAGE, PROT_READ) == 0 && same(a, PAGE, 1), "mprotect to read-only keeps the contents");
	check(mprotect(a, 4 * PAGE, PROT_NONE) == 0 && mprotect(a, 4 * PAGE, PROT_READ | PROT_WRITE) == 0 &&
	      same(a, PAGE, 1), "PROT_NONE and back keeps the contents");

	unsigned char *c = mremap(a, 4 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
	check(c != MAP_FAILED && same(c, PAGE, 1) && zero(c + PAGE, PAGE) && zero(c + 4 * PAGE, 60 * PAGE),
	      "mremap growing 4 pages to 64 keeps the contents, and the new pages are zero");
	fill(c, 64 * PAGE, 3);
	unsigned char *d = mremap(c, 64 * PAGE, 2 * PAGE, 0);
	check(d == c && same(d, 2 * PAGE, 3), "mremap shrinking stays in place and keeps the contents");
	unsigned char *target = mmap(NULL, 16 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *e = mremap(d, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target + 8 * PAGE);
	check(e == target + 8 * PAGE && same(e, 2 * PAGE, 3), "mremap with MREMAP_FIXED moves the pages where it is told");
	check(mmap(d, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == d,
	      "the old place is free again after a move");

	check(madvise(e, 2 * PAGE, MADV_DONTNEED) == 0 && zero(e, 2 * PAGE), "MADV_DONTNEED gives zeroes back");

	unsigned char *top = mmap((void *)0x7fffffffe000UL, PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	check(top == (void *)0x7fffffffe000UL, "the last user page, 0x7fffffffe000, can be mapped");
	if (top != MAP_FAILED) {
		fill(top, PAGE, 9);
		check(same(top, PAGE, 9), "and used");
	}

	unsigned char *brk0 = brk_to(0);
	brk0 += (PAGE - (unsigned long)brk0 % PAGE) % PAGE;	/* the next page boundary */
	check(brk_to(brk0 + 3 * PAGE) == brk0 + 3 * PAGE, "brk grows the heap");
	fill(brk0, 3 * PAGE, 5);
	check(brk_to(brk0 + PAGE) == brk0 + PAGE && same(brk0, PAGE, 5), "brk shrinks it, keeping the rest");
	check(brk_to(brk0 + 3 * PAGE) == brk0 + 3 * PAGE && zero(brk0 + PAGE, 2 * PAGE),
	      "grown again, the pages it gave back come back zero");
	check(brk_to((unsigned char *)PAGE) == brk0 + 3 * PAGE, "brk far below its start changes nothing");
	return 0;
}
