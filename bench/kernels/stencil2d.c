/* stencil2d - 2-D array stencil: Jacobi relaxation (5-point) and a 3x3
 * blur on row-major double grids, indexing computed per element. */
#include "bench.h"

#define N BENCH_SIZE(1024, 64)
#define ITERS BENCH_SIZE(1000, 10)

static void jacobi(const double *restrict a, double *restrict b, int n) {
  for (int i = 1; i < n - 1; i++)
    for (int j = 1; j < n - 1; j++)
      b[i * n + j] = 0.25 * (a[(i - 1) * n + j] + a[(i + 1) * n + j] +
                             a[i * n + j - 1] + a[i * n + j + 1]);
}

static void blur(const double *restrict a, double *restrict b, int n) {
  for (int i = 1; i < n - 1; i++)
    for (int j = 1; j < n - 1; j++) {
      double s = 0;
      for (int di = -1; di <= 1; di++)
        for (int dj = -1; dj <= 1; dj++)
          s += a[(i + di) * n + j + dj] * (di == 0 && dj == 0 ? 0.5 : 0.0625);
      b[i * n + j] = s;
    }
}

static uint64_t kernel(void) {
  int n = N;
  double *a = xmalloc(sizeof(double) * n * n), *b = xmalloc(sizeof(double) * n * n);
  uint64_t s = 7;
  for (int i = 0; i < n * n; i++) a[i] = b[i] = (double)(rng_next(&s) % 1000) / 10.0;
  for (int i = 0; i < n; i++) a[i] = b[i] = 100.0; /* hot top edge */
  for (int it = 0; it < ITERS; it++) {
    if (it % 4 == 3) blur(a, b, n); else jacobi(a, b, n);
    double *t = a; a = b; b = t;
  }
  uint64_t h = 0;
  double sum = 0;
  for (int i = 0; i < n * n; i++) sum += a[i];
  h = mix(h, f64_bits(sum));
  for (int i = 0; i < n; i += 7) h = mix(h, f64_bits(a[i * n + (i * 13) % n]));
  free(a), free(b);
  return h;
}

BENCH_MAIN("stencil2d", 0xe905931ef7cbcdb0ULL, 0x2aface01182a05d0ULL)
