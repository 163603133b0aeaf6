/*
 * The deterministic generator behind every workload: xoshiro256** seeded by
 * splitmix64, so a run is a pure function of its parameters and seed on every
 * machine. Not a kernel structure; it only has to be fast and reproducible.
 */
#ifndef RMAP_LIB_PRNG_H
#define RMAP_LIB_PRNG_H

#include <stdint.h>

struct prng {
	uint64_t s[4];
};

static inline uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void prng_seed(struct prng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t prng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t prng_next(struct prng *r)
{
	uint64_t *s = r->s;
	uint64_t result = prng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = prng_rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n); n == 0 gives 0. Lemire's multiply-shift, unbiased enough. */
static inline uint64_t prng_below(struct prng *r, uint64_t n)
{
	return n ? (uint64_t)(((unsigned __int128)prng_next(r) * n) >> 64) : 0;
}

/* True with probability pct/100. */
static inline int prng_pct(struct prng *r, unsigned pct)
{
	return prng_below(r, 100) < pct;
}

#endif
