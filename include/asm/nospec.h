/* SPDX-License-Identifier: MIT */
#ifndef _ASM_NOSPEC_H
#define _ASM_NOSPEC_H

/*
 * array_index_nospec(index, size): index if index < size, else 0, computed
 * without a branch. A bounds check is a branch the CPU may predict wrongly
 * and run ahead past; a mask from cmp/sbb is data, which it cannot guess, so
 * even a mispredicted path cannot index the table with a user's huge number
 * (Spectre variant 1).
 */
static inline unsigned long array_index_mask_nospec(unsigned long index, unsigned long size)
{
	unsigned long mask;

	/* CF = (index < size); sbb x,x = -CF: all ones when in range, else 0. */
	asm("cmp %1, %2; sbb %0, %0" : "=r"(mask) : "g"(size), "r"(index) : "cc");
	return mask;
}

#define array_index_nospec(index, size) ((index) & array_index_mask_nospec((index), (size)))

#endif
