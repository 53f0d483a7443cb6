/* bench.h - what every benchmark kernel shares.
 *
 * A kernel defines `static uint64_t kernel(void)` and ends with
 * BENCH_MAIN("name", full_checksum, check_checksum).  The program times
 * kernel() with the monotonic clock (so process start-up and, for node,
 * module compilation before main are not counted), prints one line
 *     NAME: checksum XXXXXXXXXXXXXXXX ok
 * on stdout (identical on every platform), and
 *     BENCH_TIME SECONDS
 * on stderr, and exits 1 when the checksum is not the expected one.
 *
 * Built with -DBENCH_CHECK the kernel runs at a tiny size (bench/run.py
 * --check) and is checked against the second checksum.
 *
 * Everything here is portable between gcc on x86-64 and clang for
 * wasm32-wasi: fixed-width integers only (long is 32-bit on wasm32), our
 * own PRNG, no libm beyond sqrt (correctly rounded everywhere). */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef BENCH_CHECK
#define BENCH_SIZE(full, check) (check)
#else
#define BENCH_SIZE(full, check) (full)
#endif

#define NOINLINE __attribute__((noinline))

static double bench_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* splitmix64: a small, good, portable PRNG. */
static inline uint64_t rng_next(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Order-sensitive checksum step. */
static inline uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0x100000001b3ULL;
}

static inline uint64_t f64_bits(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return u;
}

static __attribute__((unused)) void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p) {
    fprintf(stderr, "out of memory (%zu bytes)\n", n);
    exit(2);
  }
  return p;
}

static int bench_done(const char *name, uint64_t got, uint64_t want, double t0) {
  double t = bench_now() - t0;
  printf("%s: checksum %016llx %s\n", name, (unsigned long long)got,
         got == want ? "ok" : "MISMATCH");
  fflush(stdout);
  fprintf(stderr, "BENCH_TIME %.6f\n", t);
  if (got != want) {
    fprintf(stderr, "%s: expected checksum %016llx\n", name,
            (unsigned long long)want);
    return 1;
  }
  return 0;
}

#define BENCH_MAIN(name, want_full, want_check)                    \
  int main(void) {                                                 \
    double t0 = bench_now();                                       \
    uint64_t got = kernel();                                       \
    return bench_done(name, got, BENCH_SIZE(want_full, want_check), t0); \
  }

#endif
