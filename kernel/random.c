// SPDX-License-Identifier: MIT
/*
 * Randomness for AT_RANDOM and getrandom(): the time stamp counter, mixed by
 * splitmix64's finalizer. Unpredictable enough for hash seeds and stack
 * canaries in a teaching kernel; not for keys.
 */
#include <asm/special_insns.h>
#include <trapdoor/kernel.h>

uint64_t random_u64(void)
{
	static uint64_t state = 0x9e3779b97f4a7c15UL;

	state ^= rdtsc() + 0x9e3779b97f4a7c15UL;
	state ^= state >> 30; state *= 0xbf58476d1ce4e5b9UL;
	state ^= state >> 27; state *= 0x94d049bb133111ebUL;
	return state ^ (state >> 31);
}
