/* bitops - bit manipulation: N-queens on bitboards, popcount/clz/ctz,
 * rotates, bit reversal, Gray codes and a bitset sieve of Eratosthenes. */
#include "bench.h"

#define QUEENS BENCH_SIZE(13, 8)
#define TWIDDLE BENCH_SIZE(180000000u, 60000u)
#define SIEVE_N BENCH_SIZE(320000000u, 100000u)

static uint32_t queens(uint32_t n, uint32_t cols, uint32_t d1, uint32_t d2) {
  uint32_t all = (1u << n) - 1;
  if (cols == all) return 1;
  uint32_t c = 0, avail = all & ~(cols | d1 | d2);
  while (avail) {
    uint32_t b = avail & -avail;
    avail ^= b;
    c += queens(n, cols | b, (d1 | b) << 1, (d2 | b) >> 1);
  }
  return c;
}

static inline uint32_t rev32(uint32_t x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
  x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
  return (x >> 16) | (x << 16);
}

static inline uint64_t rotl64(uint64_t x, unsigned r) { return (x << (r & 63)) | (x >> (-r & 63)); }

static uint64_t sieve(uint32_t n) {
  uint32_t words = n / 128 + 1;
  uint64_t *bits = calloc(words, 8); /* bit set = composite; odd numbers only */
  if (!bits) exit(2);
  for (uint32_t i = 3; (uint64_t)i * i <= n; i += 2)
    if (!(bits[i / 128] >> (i / 2 % 64) & 1))
      for (uint32_t j = i * i; j <= n; j += 2 * i) bits[j / 128] |= 1ULL << (j / 2 % 64);
  uint64_t count = 1; /* 2 */
  for (uint32_t w = 0; w < words; w++) count += (uint64_t)__builtin_popcountll(~bits[w]);
  /* remove bits past n and the number 1 */
  for (uint32_t i = n + 1; i < words * 128u; i += 2)
    if (!(bits[i / 128] >> (i / 2 % 64) & 1)) count--;
  free(bits);
  return count - 1;
}

static uint64_t kernel(void) {
  uint64_t h = queens(QUEENS, 0, 0, 0);
  uint64_t s = 3, acc = 0;
  uint32_t x = 0x12345678u;
  for (uint32_t i = 0; i < TWIDDLE; i++) {
    uint64_t r = (i & 7) ? rotl64(acc, i) ^ i : rng_next(&s);
    acc += (uint64_t)__builtin_popcountll(r) + (uint64_t)__builtin_clzll(r | 1) * 3 +
           (uint64_t)__builtin_ctzll(r | (1ULL << 63)) * 5;
    x = rev32(x ^ (uint32_t)r) ^ (i ^ (i >> 1)); /* Gray code */
    acc ^= (uint64_t)x << (i & 31);
  }
  h = mix(mix(h, acc), x);
  return mix(h, sieve(SIEVE_N));
}

BENCH_MAIN("bitops", 0xd292f73c9d996b54ULL, 0x28144374988f23b9ULL)
