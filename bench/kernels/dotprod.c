/* dotprod - single-precision dot products and saxpy over arrays that fit
 * in cache.  Built with -msimd128 the Wasm code is written with
 * wasm_simd128.h intrinsics (f32x4 lanes); anywhere else it is the same
 * arithmetic in plain C with four accumulators, so every build adds in
 * the same order and gives the same bits. */
#include "bench.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

#define N BENCH_SIZE(4096, 256)
#define ITERS BENCH_SIZE(800000, 50)

static float a[N], b[N], c[N];

static NOINLINE float dot(const float *x, const float *y, int n) {
#if defined(__wasm_simd128__)
  v128_t acc = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < n; i += 4)
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(x + i), wasm_v128_load(y + i)));
  return ((wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
          wasm_f32x4_extract_lane(acc, 2)) + wasm_f32x4_extract_lane(acc, 3);
#else
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (int i = 0; i < n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  return ((s0 + s1) + s2) + s3;
#endif
}

/* z = alpha * x + z, damped so values stay in range */
static NOINLINE void saxpy(float alpha, const float *x, float *z, int n) {
#if defined(__wasm_simd128__)
  v128_t va = wasm_f32x4_splat(alpha), damp = wasm_f32x4_splat(0.5f);
  for (int i = 0; i < n; i += 4) {
    v128_t v = wasm_f32x4_add(wasm_f32x4_mul(va, wasm_v128_load(x + i)),
                              wasm_v128_load(z + i));
    wasm_v128_store(z + i, wasm_f32x4_mul(v, damp));
  }
#else
  for (int i = 0; i < n; i++) z[i] = (alpha * x[i] + z[i]) * 0.5f;
#endif
}

static uint64_t kernel(void) {
  uint64_t s = 5, h = 0;
  for (int i = 0; i < N; i++) {
    a[i] = (float)(rng_next(&s) % 2000) / 1000.0f - 1.0f;
    b[i] = (float)(rng_next(&s) % 2000) / 1000.0f - 1.0f;
    c[i] = 0;
  }
  float total = 0;
  for (int it = 0; it < ITERS; it++) {
    float d = dot(a, b, N);
    saxpy(d * 0.001f, b, c, N);
    total += dot(c, a, N);
  }
  h = mix(h, f64_bits(total));
  for (int i = 0; i < N; i += 97) h = mix(h, f64_bits(c[i]));
  return h;
}

BENCH_MAIN("dotprod", 0x189461874bf17a96ULL, 0x40153a42f66ee2aeULL)
