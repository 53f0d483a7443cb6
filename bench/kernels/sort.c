/* sort - memory-heavy sorting: introsort-style quicksort of 32-bit keys,
 * bottom-up merge sort of 64-bit records, and binary searches. */
#include "bench.h"

#define N32 BENCH_SIZE(4500000u, 7000u)
#define N64 BENCH_SIZE(2000000u, 3000u)
#define SEARCHES BENCH_SIZE(2600000u, 4000u)

static void insertion(uint32_t *a, int32_t n) {
  for (int32_t i = 1; i < n; i++) {
    uint32_t x = a[i];
    int32_t j = i - 1;
    while (j >= 0 && a[j] > x) a[j + 1] = a[j], j--;
    a[j + 1] = x;
  }
}

static void quicksort(uint32_t *a, int32_t n) {
  while (n > 16) {
    uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
    uint32_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    int32_t i = 0, j = n - 1;
    for (;;) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i >= j) break;
      uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
      i++, j--;
    }
    /* recurse into the smaller half, loop on the larger */
    if (j + 1 < n - j - 1) { quicksort(a, j + 1); a += j + 1; n -= j + 1; }
    else { quicksort(a + j + 1, n - j - 1); n = j + 1; }
  }
  insertion(a, n);
}

static void mergesort64(uint64_t *a, uint64_t *tmp, uint32_t n) {
  for (uint32_t w = 1; w < n; w *= 2) {
    for (uint32_t lo = 0; lo < n; lo += 2 * w) {
      uint32_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
      uint32_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = (a[j] >> 20) < (a[i] >> 20) ? a[j++] : a[i++];
      while (i < mid) tmp[k++] = a[i++];
      while (j < hi) tmp[k++] = a[j++];
    }
    uint64_t *t = a; a = tmp; tmp = t;
  }
}

static int32_t lower_bound(const uint32_t *a, int32_t n, uint32_t x) {
  int32_t lo = 0, hi = n;
  while (lo < hi) {
    int32_t m = lo + (hi - lo) / 2;
    if (a[m] < x) lo = m + 1; else hi = m;
  }
  return lo;
}

static uint64_t kernel(void) {
  uint64_t s = 2024, h = 0;
  uint32_t *a = xmalloc(4u * N32);
  for (uint32_t i = 0; i < N32; i++) a[i] = (uint32_t)rng_next(&s);
  quicksort(a, (int32_t)N32);
  for (uint32_t i = 1; i < N32; i++)
    if (a[i - 1] > a[i]) return 1;
  for (uint32_t i = 0; i < N32; i += 1001) h = mix(h, a[i]);
  uint64_t found = 0;
  for (uint32_t i = 0; i < SEARCHES; i++)
    found += (uint32_t)lower_bound(a, (int32_t)N32, (uint32_t)rng_next(&s));
  h = mix(h, found);
  free(a);
  uint64_t *b = xmalloc(8u * N64), *tmp = xmalloc(8u * N64);
  for (uint32_t i = 0; i < N64; i++) b[i] = rng_next(&s);
  mergesort64(b, tmp, N64);
  /* after an odd number of passes the sorted data sits in tmp */
  uint32_t passes = 0;
  for (uint32_t w = 1; w < N64; w *= 2) passes++;
  uint64_t *r = passes & 1 ? tmp : b;
  for (uint32_t i = 1; i < N64; i++)
    if ((r[i - 1] >> 20) > (r[i] >> 20)) return 2;
  for (uint32_t i = 0; i < N64; i += 777) h = mix(h, r[i]); /* stable: exact */
  free(b), free(tmp);
  return h;
}

BENCH_MAIN("sort", 0xd12653624ba6f458ULL, 0x5c6c46caf3edef67ULL)
