/* matmul - dense matrix multiply: double i-k-j product, and a 32-bit
 * integer product over a transposed operand (dot-product inner loop). */
#include "bench.h"

#define N BENCH_SIZE(1200, 40)
#define NI BENCH_SIZE(1400, 40)

static void dmatmul(int n, const double *a, const double *b, double *c) {
  for (int i = 0; i < n * n; i++) c[i] = 0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < n; k++) {
      double aik = a[i * n + k];
      for (int j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
}

static void imatmul_t(int n, const uint32_t *a, const uint32_t *bt, uint32_t *c) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      uint32_t s = 0;
      for (int k = 0; k < n; k++) s += a[i * n + k] * bt[j * n + k];
      c[i * n + j] = s;
    }
}

static uint64_t kernel(void) {
  int n = N;
  double *a = xmalloc(sizeof(double) * n * n), *b = xmalloc(sizeof(double) * n * n),
         *c = xmalloc(sizeof(double) * n * n);
  uint64_t s = 99, h = 0;
  for (int i = 0; i < n * n; i++) {
    a[i] = (double)(rng_next(&s) % 2001) / 1000.0 - 1.0;
    b[i] = (double)(rng_next(&s) % 2001) / 1000.0 - 1.0;
  }
  for (int rep = 0; rep < 2; rep++) {
    dmatmul(n, a, b, c);
    double tr = 0;
    for (int i = 0; i < n; i++) tr += c[i * n + i];
    h = mix(h, f64_bits(tr));
    double *t = a; a = c; c = t; /* next round multiplies the product */
    for (int i = 0; i < n * n; i++) a[i] *= 0.01;
  }
  free(a), free(b), free(c);
  int m = NI;
  uint32_t *x = xmalloc(4u * m * m), *y = xmalloc(4u * m * m), *z = xmalloc(4u * m * m);
  for (int i = 0; i < m * m; i++) x[i] = (uint32_t)rng_next(&s), y[i] = (uint32_t)rng_next(&s);
  imatmul_t(m, x, y, z);
  for (int i = 0; i < m * m; i++) h = mix(h, z[i]);
  free(x), free(y), free(z);
  return h;
}

BENCH_MAIN("matmul", 0xa8059d433d7c774cULL, 0xc2a1aa51c26a8f73ULL)
