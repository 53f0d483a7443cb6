/* int_arith - integer loops: Collatz chain lengths (64-bit shifts, adds,
 * data-dependent branches) and gcd/modular exponentiation (32- and 64-bit
 * division and remainder). */
#include "bench.h"

#define COLLATZ_N BENCH_SIZE(4000000u, 20000u)
#define GCD_N BENCH_SIZE(7000000u, 20000u)

static uint32_t collatz_len(uint64_t n) {
  uint32_t steps = 0;
  while (n != 1) {
    n = (n & 1) ? 3 * n + 1 : n >> 1;
    steps++;
  }
  return steps;
}

static uint32_t gcd32(uint32_t a, uint32_t b) {
  while (b) {
    uint32_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

static uint64_t powmod(uint64_t b, uint64_t e, uint32_t m) {
  uint64_t r = 1;
  b %= m;
  while (e) {
    if (e & 1) r = r * b % m;
    b = b * b % m;
    e >>= 1;
  }
  return r;
}

static uint64_t kernel(void) {
  uint64_t h = 0, best = 0, best_n = 0;
  for (uint32_t n = 1; n <= COLLATZ_N; n++) {
    uint32_t l = collatz_len(n);
    if (l > best) best = l, best_n = n;
    h += l;
  }
  h = mix(mix(h, best), best_n);
  uint64_t s = 12345;
  uint64_t g = 0, p = 0;
  for (uint32_t i = 0; i < GCD_N; i++) {
    uint64_t r = rng_next(&s);
    uint32_t a = (uint32_t)r | 1, b = (uint32_t)(r >> 32) | 1;
    g += gcd32(a, b);
    if ((i & 15) == 0) p ^= powmod(r >> 7, a, 1000000007u);
  }
  return mix(mix(h, g), p);
}

BENCH_MAIN("int_arith", 0xc02d6b642af4bac0ULL, 0x0a39be6e45eeacffULL)
