/*
 * weft_rt_simd.h - the fixed-width SIMD proposal for generated code
 * (included by weft_rt.h only), in GCC/Clang vector extensions: no
 * intrinsics, so the same C compiles on every target.
 *
 * A v128 is held in memory order: byte i of the vector is byte i of the
 * Wasm value, whose lanes are little-endian.  Loads and stores are plain
 * copies.  An operation on lanes of W bits views the vector as lanes with
 * wf_vN (and back with wf_Nv): a bit cast on little-endian hosts; on
 * big-endian ones the bytes of each lane are reversed first, so lane i is
 * element i either way.  Helpers are named after the instruction they
 * implement (i32x4.add_sat_s -> wf_i32x4_add_sat_s).
 *
 * C has no vector ?: (GCC allows it only in C++), so selections are masks:
 * vector comparisons give all-ones lanes where true.  Lane arithmetic that
 * may overflow is done on unsigned lanes, whose overflow is defined.
 * Float lanes follow the scalar rules of weft_rt_num.h: NaNs from rounding
 * and min/max are quiet, abs/neg/copysign work on the bits.
 */
#ifndef WEFT_RT_SIMD_H
#define WEFT_RT_SIMD_H

#define WF_VEC(T, N) __attribute__((vector_size(16), aligned(16))) T
typedef WF_VEC(s8, 16) wf_i8x16;
typedef WF_VEC(u8, 16) wf_u8x16;
typedef WF_VEC(s16, 8) wf_i16x8;
typedef WF_VEC(u16, 8) wf_u16x8;
typedef WF_VEC(s32, 4) wf_i32x4;
typedef WF_VEC(u32, 4) wf_u32x4;
typedef WF_VEC(s64, 2) wf_i64x2;
typedef WF_VEC(u64, 2) wf_u64x2;
typedef WF_VEC(f32, 4) wf_f32x4;
typedef WF_VEC(f64, 2) wf_f64x2;
/* Half-width vectors, for extending and narrowing. */
typedef __attribute__((vector_size(8))) s8 wf_i8x8;
typedef __attribute__((vector_size(8))) u8 wf_u8x8;
typedef __attribute__((vector_size(8))) s16 wf_i16x4;
typedef __attribute__((vector_size(8))) u16 wf_u16x4;
typedef __attribute__((vector_size(8))) s32 wf_i32x2;
typedef __attribute__((vector_size(8))) u32 wf_u32x2;
typedef __attribute__((vector_size(8))) f32 wf_f32x2;
typedef __attribute__((vector_size(32))) s16 wf_i16x16;
typedef __attribute__((vector_size(32))) u16 wf_u16x16;
typedef __attribute__((vector_size(32))) s32 wf_i32x8;
typedef __attribute__((vector_size(32))) s64 wf_i64x4;

/* ---- lane views ----------------------------------------------------- */

#define WF_SHUF(a, ...) __builtin_shufflevector(a, a, __VA_ARGS__)
#if WF_BIG_ENDIAN
#define WF_SWAP16(v) WF_SHUF((wf_u8x16)(v), 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14)
#define WF_SWAP32(v) WF_SHUF((wf_u8x16)(v), 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12)
#define WF_SWAP64(v) WF_SHUF((wf_u8x16)(v), 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8)
#else
#define WF_SWAP16(v) (v)
#define WF_SWAP32(v) (v)
#define WF_SWAP64(v) (v)
#endif

static inline wf_i8x16 wf_v8(v128 v) { return (wf_i8x16)v; }
static inline wf_i16x8 wf_v16(v128 v) { return (wf_i16x8)WF_SWAP16(v); }
static inline wf_i32x4 wf_v32(v128 v) { return (wf_i32x4)WF_SWAP32(v); }
static inline wf_i64x2 wf_v64(v128 v) { return (wf_i64x2)WF_SWAP64(v); }
static inline wf_f32x4 wf_vf32(v128 v) { return (wf_f32x4)WF_SWAP32(v); }
static inline wf_f64x2 wf_vf64(v128 v) { return (wf_f64x2)WF_SWAP64(v); }
static inline v128 wf_8v(wf_i8x16 x) { return (v128)x; }
static inline v128 wf_16v(wf_i16x8 x) { return (v128)WF_SWAP16(x); }
static inline v128 wf_32v(wf_i32x4 x) { return (v128)WF_SWAP32(x); }
static inline v128 wf_64v(wf_i64x2 x) { return (v128)WF_SWAP64(x); }
static inline v128 wf_f32v(wf_f32x4 x) { return (v128)WF_SWAP32(x); }
static inline v128 wf_f64v(wf_f64x2 x) { return (v128)WF_SWAP64(x); }

/* Masks select: a where m is all ones, b where it is zero. */
#define WF_SELECT(m, a, b) (((a) & (m)) | ((b) & ~(m)))

/* ---- constants, memory, lanes --------------------------------------- */

/* v128.const, from its two 64-bit halves as Wasm numbers them. */
static inline v128 wf_v128_const(u64 lo, u64 hi) { return wf_64v((wf_i64x2){(s64)lo, (s64)hi}); }

static inline v128 wf_v128_load(const u8 *p) { v128 v; memcpy(&v, p, 16); return v; }
static inline void wf_v128_store(u8 *p, v128 v) { memcpy(p, &v, 16); }
/* Shared memories: fenced as the scalar wf_rds/wf_sts. */
static inline WF_GUEST_RACY v128 wf_v128_loads(const u8 *p) {
  v128 v;
  WF_FENCE();
  memcpy(&v, p, 16);
  WF_FENCE();
  return v;
}
static inline WF_GUEST_RACY void wf_v128_stores(u8 *p, v128 v) {
  WF_FENCE();
  memcpy(p, &v, 16);
  WF_FENCE();
}

/* With guard pages a load must be made even if its value is not used. */
#if WF_BOUNDS_EXPLICIT
#define WF_FORCE_READ_V128(v) ((void)0)
#elif defined(__SSE2__)
#define WF_FORCE_READ_V128(v) __asm__ volatile("" : : "x"(v))
#elif defined(__aarch64__)
#define WF_FORCE_READ_V128(v) __asm__ volatile("" : : "w"(v))
#else
#define WF_FORCE_READ_V128(v) __asm__ volatile("" : : "m"(v))
#endif

#define WF_DEFINE_LOAD_EXTEND(NAME, HALF, WIDE, VIEW)                       \
  static inline v128 wf_v128_##NAME(const u8 *p) {                          \
    HALF h;                                                                 \
    memcpy(&h, p, 8);                                                       \
    return VIEW(__builtin_convertvector(h, WIDE));                          \
  }
WF_DEFINE_LOAD_EXTEND(load8x8_s, wf_i8x8, wf_i16x8, wf_16v)
WF_DEFINE_LOAD_EXTEND(load8x8_u, wf_u8x8, wf_i16x8, wf_16v)

static inline v128 wf_v128_load16x4_s(const u8 *p) {
  wf_i16x4 h = {(s16)wf_rd16(p), (s16)wf_rd16(p + 2), (s16)wf_rd16(p + 4), (s16)wf_rd16(p + 6)};
  return wf_32v(__builtin_convertvector(h, wf_i32x4));
}
static inline v128 wf_v128_load16x4_u(const u8 *p) {
  wf_u16x4 h = {wf_rd16(p), wf_rd16(p + 2), wf_rd16(p + 4), wf_rd16(p + 6)};
  return wf_32v(__builtin_convertvector(h, wf_i32x4));
}
static inline v128 wf_v128_load32x2_s(const u8 *p) {
  return wf_64v((wf_i64x2){(s32)wf_rd32(p), (s32)wf_rd32(p + 4)});
}
static inline v128 wf_v128_load32x2_u(const u8 *p) {
  return wf_64v((wf_i64x2){wf_rd32(p), wf_rd32(p + 4)});
}
static inline v128 wf_v128_load8_splat(const u8 *p) { return wf_8v((wf_i8x16){0} + (s8)p[0]); }
static inline v128 wf_v128_load16_splat(const u8 *p) { return wf_16v((wf_i16x8){0} + (s16)wf_rd16(p)); }
static inline v128 wf_v128_load32_splat(const u8 *p) { return wf_32v((wf_i32x4){0} + (s32)wf_rd32(p)); }
static inline v128 wf_v128_load64_splat(const u8 *p) { return wf_64v((wf_i64x2){0} + (s64)wf_rd64(p)); }
static inline v128 wf_v128_load32_zero(const u8 *p) { return wf_32v((wf_i32x4){(s32)wf_rd32(p), 0, 0, 0}); }
static inline v128 wf_v128_load64_zero(const u8 *p) { return wf_64v((wf_i64x2){(s64)wf_rd64(p), 0}); }

#define WF_DEFINE_LANE_MEM(W, T, VIEW, BACK)                                \
  static inline v128 wf_v128_load##W##_lane(const u8 *p, v128 v, int i) {   \
    __typeof__(VIEW(v)) x = VIEW(v);                                        \
    x[i] = (T)wf_rd##W(p);                                                  \
    return BACK(x);                                                         \
  }                                                                         \
  static inline void wf_v128_store##W##_lane(u8 *p, v128 v, int i) {        \
    wf_st##W(p, (u##W)VIEW(v)[i]);                                          \
  }
/* A byte lane is set by selecting it from a splat: writing one element of
 * a vector variable makes GCC go through memory, where the 16-byte reload
 * stalls on the 1-byte store. */
static inline v128 wf_v128_load8_lane(const u8 *p, v128 v, int i) {
  const wf_u8x16 iota = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  wf_u8x16 m = (wf_u8x16)(iota == (u8)i);
  return (v128)WF_SELECT(m, (wf_u8x16){0} + p[0], (wf_u8x16)v);
}
static inline void wf_v128_store8_lane(u8 *p, v128 v, int i) { p[0] = ((wf_u8x16)v)[i]; }
WF_DEFINE_LANE_MEM(16, s16, wf_v16, wf_16v)
WF_DEFINE_LANE_MEM(32, s32, wf_v32, wf_32v)
WF_DEFINE_LANE_MEM(64, s64, wf_v64, wf_64v)

/* Lanes as scalars; the lane index is a constant in generated code. */
#define wf_i8x16_extract_lane_s(v, i) ((u32)(s32)wf_v8(v)[i])
#define wf_i8x16_extract_lane_u(v, i) ((u32)(u8)wf_v8(v)[i])
#define wf_i16x8_extract_lane_s(v, i) ((u32)(s32)wf_v16(v)[i])
#define wf_i16x8_extract_lane_u(v, i) ((u32)(u16)wf_v16(v)[i])
#define wf_i32x4_extract_lane(v, i) ((u32)wf_v32(v)[i])
#define wf_i64x2_extract_lane(v, i) ((u64)wf_v64(v)[i])
#define wf_f32x4_extract_lane(v, i) (wf_vf32(v)[i])
#define wf_f64x2_extract_lane(v, i) (wf_vf64(v)[i])
#define WF_DEFINE_REPLACE(NAME, S, VIEW, BACK)                               \
  static inline v128 wf_##NAME##_replace_lane(v128 v, int i, S x) {         \
    __typeof__(VIEW(v)) l = VIEW(v);                                        \
    l[i] = (__typeof__(l[0]))x;                                             \
    return BACK(l);                                                         \
  }
static inline v128 wf_i8x16_replace_lane(v128 v, int i, u32 x) {
  const wf_u8x16 iota = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  wf_u8x16 m = (wf_u8x16)(iota == (u8)i);
  return (v128)WF_SELECT(m, (wf_u8x16){0} + (u8)x, (wf_u8x16)v);
}
WF_DEFINE_REPLACE(i16x8, u32, wf_v16, wf_16v)
WF_DEFINE_REPLACE(i32x4, u32, wf_v32, wf_32v)
WF_DEFINE_REPLACE(i64x2, u64, wf_v64, wf_64v)
WF_DEFINE_REPLACE(f32x4, f32, wf_vf32, wf_f32v)
WF_DEFINE_REPLACE(f64x2, f64, wf_vf64, wf_f64v)

static inline v128 wf_i8x16_splat(u32 x) { return wf_8v((wf_i8x16){0} + (s8)x); }
static inline v128 wf_i16x8_splat(u32 x) { return wf_16v((wf_i16x8){0} + (s16)x); }
static inline v128 wf_i32x4_splat(u32 x) { return wf_32v((wf_i32x4){0} + (s32)x); }
static inline v128 wf_i64x2_splat(u64 x) { return wf_64v((wf_i64x2){0} + (s64)x); }
/* Not 0 + x: that would turn -0 into +0. */
static inline v128 wf_f32x4_splat(f32 x) { return wf_f32v((wf_f32x4){x, x, x, x}); }
static inline v128 wf_f64x2_splat(f64 x) { return wf_f64v((wf_f64x2){x, x}); }

/* i8x16.shuffle: 16 constant byte indices into a ++ b. */
#define wf_i8x16_shuffle(a, b, ...) \
  ((v128)__builtin_shufflevector((wf_u8x16)(a), (wf_u8x16)(b), __VA_ARGS__))

static inline v128 wf_i8x16_swizzle(v128 a, v128 s) {
  wf_u8x16 x = (wf_u8x16)a, i = (wf_u8x16)s, r;
  for (int k = 0; k < 16; k++) r[k] = i[k] < 16 ? x[i[k] & 15] : 0;
  return (v128)r;
}

/* ---- bitwise -------------------------------------------------------- */

static inline v128 wf_v128_not(v128 a) { return ~a; }
static inline v128 wf_v128_and(v128 a, v128 b) { return a & b; }
static inline v128 wf_v128_andnot(v128 a, v128 b) { return a & ~b; }
static inline v128 wf_v128_or(v128 a, v128 b) { return a | b; }
static inline v128 wf_v128_xor(v128 a, v128 b) { return a ^ b; }
static inline v128 wf_v128_bitselect(v128 a, v128 b, v128 m) { return WF_SELECT(m, a, b); }
static inline u32 wf_v128_any_true(v128 a) { return (a[0] | a[1]) != 0; }

/* ---- integer lanes ---------------------------------------------------- */

/* Everything the four integer shapes share.  S/U: signed and unsigned
 * lane vectors, ST/UT their lane types, N the lane count, W the width,
 * V/B the views. */
#define WF_DEFINE_INT_SHAPE(SH, S, U, ST, UT, N, W, V, B)                    \
  static inline v128 wf_##SH##_add(v128 a, v128 b) { return B((S)((U)V(a) + (U)V(b))); } \
  static inline v128 wf_##SH##_sub(v128 a, v128 b) { return B((S)((U)V(a) - (U)V(b))); } \
  static inline v128 wf_##SH##_neg(v128 a) { return B((S)((U){0} - (U)V(a))); } \
  static inline v128 wf_##SH##_abs(v128 a) {                                \
    S x = V(a);                                                             \
    return B((S)WF_SELECT((U)(x < 0), (U){0} - (U)x, (U)x));                 \
  }                                                                         \
  static inline v128 wf_##SH##_eq(v128 a, v128 b) { return B((S)(V(a) == V(b))); } \
  static inline v128 wf_##SH##_ne(v128 a, v128 b) { return B((S)(V(a) != V(b))); } \
  static inline v128 wf_##SH##_lt_s(v128 a, v128 b) { return B((S)(V(a) < V(b))); } \
  static inline v128 wf_##SH##_gt_s(v128 a, v128 b) { return B((S)(V(a) > V(b))); } \
  static inline v128 wf_##SH##_le_s(v128 a, v128 b) { return B((S)(V(a) <= V(b))); } \
  static inline v128 wf_##SH##_ge_s(v128 a, v128 b) { return B((S)(V(a) >= V(b))); } \
  static inline v128 wf_##SH##_lt_u(v128 a, v128 b) { return B((S)((U)V(a) < (U)V(b))); } \
  static inline v128 wf_##SH##_gt_u(v128 a, v128 b) { return B((S)((U)V(a) > (U)V(b))); } \
  static inline v128 wf_##SH##_le_u(v128 a, v128 b) { return B((S)((U)V(a) <= (U)V(b))); } \
  static inline v128 wf_##SH##_ge_u(v128 a, v128 b) { return B((S)((U)V(a) >= (U)V(b))); } \
  static inline v128 wf_##SH##_shl(v128 a, u32 s) { return B((S)((U)V(a) << (UT)(s & (W - 1)))); } \
  static inline v128 wf_##SH##_shr_s(v128 a, u32 s) { return B(V(a) >> (ST)(s & (W - 1))); } \
  static inline v128 wf_##SH##_shr_u(v128 a, u32 s) { return B((S)((U)V(a) >> (UT)(s & (W - 1)))); } \
  static inline v128 wf_##SH##_min_s(v128 a, v128 b) {                      \
    S x = V(a), y = V(b);                                                   \
    return B(WF_SELECT((S)(x < y), x, y));                                  \
  }                                                                         \
  static inline v128 wf_##SH##_max_s(v128 a, v128 b) {                      \
    S x = V(a), y = V(b);                                                   \
    return B(WF_SELECT((S)(x > y), x, y));                                  \
  }                                                                         \
  static inline v128 wf_##SH##_min_u(v128 a, v128 b) {                      \
    S x = V(a), y = V(b);                                                   \
    return B(WF_SELECT((S)((U)x < (U)y), x, y));                            \
  }                                                                         \
  static inline v128 wf_##SH##_max_u(v128 a, v128 b) {                      \
    S x = V(a), y = V(b);                                                   \
    return B(WF_SELECT((S)((U)x > (U)y), x, y));                            \
  }                                                                         \
  static inline u32 wf_##SH##_all_true(v128 a) {                            \
    S x = V(a);                                                             \
    for (int i = 0; i < N; i++)                                             \
      if (!x[i]) return 0;                                                  \
    return 1;                                                               \
  }                                                                         \
  static inline u32 wf_##SH##_bitmask(v128 a) {                             \
    S x = V(a);                                                             \
    u32 m = 0;                                                              \
    for (int i = 0; i < N; i++) m |= (u32)(x[i] < 0) << i;                  \
    return m;                                                               \
  }

WF_DEFINE_INT_SHAPE(i8x16, wf_i8x16, wf_u8x16, s8, u8, 16, 8, wf_v8, wf_8v)
WF_DEFINE_INT_SHAPE(i16x8, wf_i16x8, wf_u16x8, s16, u16, 8, 16, wf_v16, wf_16v)
WF_DEFINE_INT_SHAPE(i32x4, wf_i32x4, wf_u32x4, s32, u32, 4, 32, wf_v32, wf_32v)
WF_DEFINE_INT_SHAPE(i64x2, wf_i64x2, wf_u64x2, s64, u64, 2, 64, wf_v64, wf_64v)

static inline v128 wf_i16x8_mul(v128 a, v128 b) { return wf_16v((wf_i16x8)((wf_u16x8)wf_v16(a) * (wf_u16x8)wf_v16(b))); }
static inline v128 wf_i32x4_mul(v128 a, v128 b) { return wf_32v((wf_i32x4)((wf_u32x4)wf_v32(a) * (wf_u32x4)wf_v32(b))); }
static inline v128 wf_i64x2_mul(v128 a, v128 b) { return wf_64v((wf_i64x2)((wf_u64x2)wf_v64(a) * (wf_u64x2)wf_v64(b))); }

/* Saturating add and sub, rounding average: in lanes twice as wide (as
 * locals only: a 32-byte vector crossing a call would change the ABI
 * without AVX).  WF_CLAMP limits x's lanes to [lo, hi] in place. */
#define WF_CLAMP(x, T, lo, hi)                                              \
  do {                                                                      \
    T lo_ = (T){0} + (lo), hi_ = (T){0} + (hi);                             \
    x = WF_SELECT((T)(x < lo_), lo_, x);                                    \
    x = WF_SELECT((T)(x > hi_), hi_, x);                                    \
  } while (0)
#define WF_DEFINE_SAT(SH, NARROW, UNARROW, WIDE, V, B, LO, HI, ULIM)        \
  static inline v128 wf_##SH##_add_sat_s(v128 a, v128 b) {                  \
    WIDE x = __builtin_convertvector(V(a), WIDE) + __builtin_convertvector(V(b), WIDE); \
    WF_CLAMP(x, WIDE, LO, HI);                                              \
    return B(__builtin_convertvector(x, NARROW));                           \
  }                                                                         \
  static inline v128 wf_##SH##_sub_sat_s(v128 a, v128 b) {                  \
    WIDE x = __builtin_convertvector(V(a), WIDE) - __builtin_convertvector(V(b), WIDE); \
    WF_CLAMP(x, WIDE, LO, HI);                                              \
    return B(__builtin_convertvector(x, NARROW));                           \
  }                                                                         \
  static inline v128 wf_##SH##_add_sat_u(v128 a, v128 b) {                  \
    WIDE x = __builtin_convertvector((UNARROW)V(a), WIDE) +                 \
             __builtin_convertvector((UNARROW)V(b), WIDE);                  \
    WF_CLAMP(x, WIDE, 0, ULIM);                                             \
    return B(__builtin_convertvector(x, NARROW));                           \
  }                                                                         \
  static inline v128 wf_##SH##_sub_sat_u(v128 a, v128 b) {                  \
    WIDE x = __builtin_convertvector((UNARROW)V(a), WIDE) -                 \
             __builtin_convertvector((UNARROW)V(b), WIDE);                  \
    WF_CLAMP(x, WIDE, 0, ULIM);                                             \
    return B(__builtin_convertvector(x, NARROW));                           \
  }                                                                         \
  static inline v128 wf_##SH##_avgr_u(v128 a, v128 b) {                     \
    WIDE x = (__builtin_convertvector((UNARROW)V(a), WIDE) +                \
              __builtin_convertvector((UNARROW)V(b), WIDE) + 1) >> 1;       \
    return B(__builtin_convertvector(x, NARROW));                           \
  }
WF_DEFINE_SAT(i8x16, wf_i8x16, wf_u8x16, wf_i16x16, wf_v8, wf_8v, -128, 127, 255)
WF_DEFINE_SAT(i16x8, wf_i16x8, wf_u16x8, wf_i32x8, wf_v16, wf_16v, -32768, 32767, 65535)

static inline v128 wf_i8x16_popcnt(v128 a) {
  wf_u8x16 x = (wf_u8x16)a;
  x = x - ((x >> 1) & 0x55);
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return (v128)((x + (x >> 4)) & 0x0f);
}

/* Narrowing: saturate to the narrow lane, a's lanes first. */
#define WF_DEFINE_NARROW(SH, FROM, WIDE, NARROW, V, B, S, LO, HI, ...)     \
  static inline v128 wf_##SH##_narrow_##FROM##_##S(v128 a, v128 b) {        \
    WIDE x = __builtin_shufflevector(V(a), V(b), __VA_ARGS__);              \
    WF_CLAMP(x, WIDE, LO, HI);                                              \
    return B(__builtin_convertvector(x, NARROW));                           \
  }
#define WF_LANES16 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
WF_DEFINE_NARROW(i8x16, i16x8, wf_i16x16, wf_i8x16, wf_v16, wf_8v, s, -128, 127, WF_LANES16)
WF_DEFINE_NARROW(i8x16, i16x8, wf_i16x16, wf_i8x16, wf_v16, wf_8v, u, 0, 255, WF_LANES16)
WF_DEFINE_NARROW(i16x8, i32x4, wf_i32x8, wf_i16x8, wf_v32, wf_16v, s, -32768, 32767, 0, 1, 2, 3, 4, 5, 6, 7)
WF_DEFINE_NARROW(i16x8, i32x4, wf_i32x8, wf_i16x8, wf_v32, wf_16v, u, 0, 65535, 0, 1, 2, 3, 4, 5, 6, 7)

/* Extending the low or high half of the lanes. */
#define WF_LOW8 0, 1, 2, 3, 4, 5, 6, 7
#define WF_HIGH8 8, 9, 10, 11, 12, 13, 14, 15
static inline v128 wf_i16x8_extend_low_i8x16_s(v128 a) { return wf_16v(__builtin_convertvector(WF_SHUF(wf_v8(a), WF_LOW8), wf_i16x8)); }
static inline v128 wf_i16x8_extend_high_i8x16_s(v128 a) { return wf_16v(__builtin_convertvector(WF_SHUF(wf_v8(a), WF_HIGH8), wf_i16x8)); }
static inline v128 wf_i16x8_extend_low_i8x16_u(v128 a) { return wf_16v(__builtin_convertvector(WF_SHUF((wf_u8x16)wf_v8(a), WF_LOW8), wf_i16x8)); }
static inline v128 wf_i16x8_extend_high_i8x16_u(v128 a) { return wf_16v(__builtin_convertvector(WF_SHUF((wf_u8x16)wf_v8(a), WF_HIGH8), wf_i16x8)); }
static inline v128 wf_i32x4_extend_low_i16x8_s(v128 a) { return wf_32v(__builtin_convertvector(WF_SHUF(wf_v16(a), 0, 1, 2, 3), wf_i32x4)); }
static inline v128 wf_i32x4_extend_high_i16x8_s(v128 a) { return wf_32v(__builtin_convertvector(WF_SHUF(wf_v16(a), 4, 5, 6, 7), wf_i32x4)); }
static inline v128 wf_i32x4_extend_low_i16x8_u(v128 a) { return wf_32v(__builtin_convertvector(WF_SHUF((wf_u16x8)wf_v16(a), 0, 1, 2, 3), wf_i32x4)); }
static inline v128 wf_i32x4_extend_high_i16x8_u(v128 a) { return wf_32v(__builtin_convertvector(WF_SHUF((wf_u16x8)wf_v16(a), 4, 5, 6, 7), wf_i32x4)); }
static inline v128 wf_i64x2_extend_low_i32x4_s(v128 a) { return wf_64v(__builtin_convertvector(WF_SHUF(wf_v32(a), 0, 1), wf_i64x2)); }
static inline v128 wf_i64x2_extend_high_i32x4_s(v128 a) { return wf_64v(__builtin_convertvector(WF_SHUF(wf_v32(a), 2, 3), wf_i64x2)); }
static inline v128 wf_i64x2_extend_low_i32x4_u(v128 a) { return wf_64v(__builtin_convertvector(WF_SHUF((wf_u32x4)wf_v32(a), 0, 1), wf_i64x2)); }
static inline v128 wf_i64x2_extend_high_i32x4_u(v128 a) { return wf_64v(__builtin_convertvector(WF_SHUF((wf_u32x4)wf_v32(a), 2, 3), wf_i64x2)); }

/* Extended multiplication: extend, then multiply in the wide lanes
 * (unsigned there, where the product may not fit the signed lane). */
#define WF_DEFINE_EXTMUL(SH, FROM, HALF, S)                                 \
  static inline v128 wf_##SH##_extmul_##HALF##_##FROM##_##S(v128 a, v128 b) { \
    return wf_##SH##_mul(wf_##SH##_extend_##HALF##_##FROM##_##S(a),         \
                         wf_##SH##_extend_##HALF##_##FROM##_##S(b));        \
  }
WF_DEFINE_EXTMUL(i16x8, i8x16, low, s) WF_DEFINE_EXTMUL(i16x8, i8x16, high, s)
WF_DEFINE_EXTMUL(i16x8, i8x16, low, u) WF_DEFINE_EXTMUL(i16x8, i8x16, high, u)
WF_DEFINE_EXTMUL(i32x4, i16x8, low, s) WF_DEFINE_EXTMUL(i32x4, i16x8, high, s)
WF_DEFINE_EXTMUL(i32x4, i16x8, low, u) WF_DEFINE_EXTMUL(i32x4, i16x8, high, u)
WF_DEFINE_EXTMUL(i64x2, i32x4, low, s) WF_DEFINE_EXTMUL(i64x2, i32x4, high, s)
WF_DEFINE_EXTMUL(i64x2, i32x4, low, u) WF_DEFINE_EXTMUL(i64x2, i32x4, high, u)

/* Pairwise sums of adjacent lanes, extended. */
static inline v128 wf_i16x8_extadd_pairwise_i8x16_s(v128 a) {
  wf_i8x16 x = wf_v8(a);
  return wf_16v(__builtin_convertvector(WF_SHUF(x, 0, 2, 4, 6, 8, 10, 12, 14), wf_i16x8) +
                __builtin_convertvector(WF_SHUF(x, 1, 3, 5, 7, 9, 11, 13, 15), wf_i16x8));
}
static inline v128 wf_i16x8_extadd_pairwise_i8x16_u(v128 a) {
  wf_u8x16 x = (wf_u8x16)wf_v8(a);
  return wf_16v(__builtin_convertvector(WF_SHUF(x, 0, 2, 4, 6, 8, 10, 12, 14), wf_i16x8) +
                __builtin_convertvector(WF_SHUF(x, 1, 3, 5, 7, 9, 11, 13, 15), wf_i16x8));
}
static inline v128 wf_i32x4_extadd_pairwise_i16x8_s(v128 a) {
  wf_i16x8 x = wf_v16(a);
  return wf_32v(__builtin_convertvector(WF_SHUF(x, 0, 2, 4, 6), wf_i32x4) +
                __builtin_convertvector(WF_SHUF(x, 1, 3, 5, 7), wf_i32x4));
}
static inline v128 wf_i32x4_extadd_pairwise_i16x8_u(v128 a) {
  wf_u16x8 x = (wf_u16x8)wf_v16(a);
  return wf_32v(__builtin_convertvector(WF_SHUF(x, 0, 2, 4, 6), wf_i32x4) +
                __builtin_convertvector(WF_SHUF(x, 1, 3, 5, 7), wf_i32x4));
}

/* i32x4.dot_i16x8_s: products of lane pairs, summed (wrapping only for
 * -32768 * -32768 twice, in unsigned lanes). */
static inline v128 wf_i32x4_dot_i16x8_s(v128 a, v128 b) {
  wf_i16x8 x = wf_v16(a), y = wf_v16(b);
  wf_u32x4 ev = (wf_u32x4)(__builtin_convertvector(WF_SHUF(x, 0, 2, 4, 6), wf_i32x4) *
                           __builtin_convertvector(WF_SHUF(y, 0, 2, 4, 6), wf_i32x4));
  wf_u32x4 od = (wf_u32x4)(__builtin_convertvector(WF_SHUF(x, 1, 3, 5, 7), wf_i32x4) *
                           __builtin_convertvector(WF_SHUF(y, 1, 3, 5, 7), wf_i32x4));
  return wf_32v((wf_i32x4)(ev + od));
}

/* i16x8.q15mulr_sat_s: (a * b + 0x4000) >> 15, saturated. */
static inline v128 wf_i16x8_q15mulr_sat_s(v128 a, v128 b) {
  wf_i32x8 x = __builtin_convertvector(wf_v16(a), wf_i32x8);
  wf_i32x8 y = __builtin_convertvector(wf_v16(b), wf_i32x8);
  x = (x * y + 0x4000) >> 15;
  WF_CLAMP(x, wf_i32x8, -32768, 32767);
  return wf_16v(__builtin_convertvector(x, wf_i16x8));
}

/* ---- float lanes -------------------------------------------------------- */

/* As for scalars (weft_rt_num.h), the compilers fold x*1, x/1, x+-0, x-0
 * and -0-x lane-wise once they know the constant vector, passing a
 * signalling NaN through; such an operand is hidden behind an empty asm.
 * __builtin_constant_p is asked of every lane (clang says no of a whole
 * vector) and decided after inlining, so nothing remains where the
 * operand is not a constant. */
#if defined(__SSE2__)
#define WF_VREG "+x"
#elif defined(__aarch64__) || defined(__ARM_NEON)
#define WF_VREG "+w"
#else
#define WF_VREG "+m"
#endif
#define WF_LANES_CONST2(y) (__builtin_constant_p((y)[0]) && __builtin_constant_p((y)[1]))
#define WF_LANES_CONST4(y) (WF_LANES_CONST2(y) && __builtin_constant_p((y)[2]) && \
                            __builtin_constant_p((y)[3]))
#define WF_ANY2(y, c) ((y)[0] == (c) || (y)[0] == -(c) || (y)[1] == (c) || (y)[1] == -(c))
#define WF_ANY4(y, c) (WF_ANY2(y, c) || (y)[2] == (c) || (y)[2] == -(c) || \
                       (y)[3] == (c) || (y)[3] == -(c))
#define WF_DEFINE_HIDE(SH, F, N)                                            \
  static inline F wf_##SH##_hide(F y, int unit) {                           \
    if (WF_LANES_CONST##N(y) && (unit ? WF_ANY##N(y, 1) : WF_ANY##N(y, 0))) \
      __asm__("" : WF_VREG(y));                                             \
    return y;                                                               \
  }
WF_DEFINE_HIDE(f32x4, wf_f32x4, 4)
WF_DEFINE_HIDE(f64x2, wf_f64x2, 2)

#define WF_DEFINE_FLOAT_SHAPE(SH, F, U, N, T, SIGN, V, B)                  \
  static inline v128 wf_##SH##_add(v128 a, v128 b) {                      \
    return B(wf_##SH##_hide(V(a), 0) + wf_##SH##_hide(V(b), 0));            \
  }                                                                         \
  static inline v128 wf_##SH##_sub(v128 a, v128 b) {                        \
    return B(wf_##SH##_hide(V(a), 0) - wf_##SH##_hide(V(b), 0));            \
  }                                                                         \
  static inline v128 wf_##SH##_mul(v128 a, v128 b) {                        \
    return B(wf_##SH##_hide(V(a), 1) * wf_##SH##_hide(V(b), 1));            \
  }                                                                         \
  static inline v128 wf_##SH##_div(v128 a, v128 b) {                        \
    return B(V(a) / wf_##SH##_hide(V(b), 1));                               \
  }                                                                         \
  static inline v128 wf_##SH##_eq(v128 a, v128 b) { return B((F)(V(a) == V(b))); } \
  static inline v128 wf_##SH##_ne(v128 a, v128 b) { return B((F)(V(a) != V(b))); } \
  static inline v128 wf_##SH##_lt(v128 a, v128 b) { return B((F)(V(a) < V(b))); } \
  static inline v128 wf_##SH##_gt(v128 a, v128 b) { return B((F)(V(a) > V(b))); } \
  static inline v128 wf_##SH##_le(v128 a, v128 b) { return B((F)(V(a) <= V(b))); } \
  static inline v128 wf_##SH##_ge(v128 a, v128 b) { return B((F)(V(a) >= V(b))); } \
  static inline v128 wf_##SH##_abs(v128 a) { return B((F)((U)V(a) & ~((U){0} + SIGN))); } \
  static inline v128 wf_##SH##_neg(v128 a) { return B((F)((U)V(a) ^ ((U){0} + SIGN))); } \
  /* NaN if either is; of equal values -0 for min, +0 for max. */          \
  static inline v128 wf_##SH##_min(v128 a, v128 b) {                        \
    F x = V(a), y = V(b);                                                   \
    U nan = (U)(x != x) | (U)(y != y);                                      \
    U r = WF_SELECT((U)(x < y), (U)x, (U)y);                                \
    r = WF_SELECT((U)(x == y), (U)x | (U)y, r);                             \
    return B((F)WF_SELECT(nan, (U)(wf_##SH##_hide(x, 0) + wf_##SH##_hide(y, 0)), r)); \
  }                                                                         \
  static inline v128 wf_##SH##_max(v128 a, v128 b) {                        \
    F x = V(a), y = V(b);                                                   \
    U nan = (U)(x != x) | (U)(y != y);                                      \
    U r = WF_SELECT((U)(x > y), (U)x, (U)y);                                \
    r = WF_SELECT((U)(x == y), (U)x & (U)y, r);                             \
    return B((F)WF_SELECT(nan, (U)(wf_##SH##_hide(x, 0) + wf_##SH##_hide(y, 0)), r)); \
  }                                                                         \
  static inline v128 wf_##SH##_pmin(v128 a, v128 b) {                       \
    F x = V(a), y = V(b);                                                   \
    return B((F)WF_SELECT((U)(y < x), (U)y, (U)x));                         \
  }                                                                         \
  static inline v128 wf_##SH##_pmax(v128 a, v128 b) {                       \
    F x = V(a), y = V(b);                                                   \
    return B((F)WF_SELECT((U)(x < y), (U)y, (U)x));                         \
  }                                                                         \
  /* Rounding and sqrt lane by lane, with the scalar NaN rules. */          \
  static inline v128 wf_##SH##_ceil(v128 a) {                               \
    F x = V(a);                                                             \
    for (int i = 0; i < N; i++) x[i] = wf_##T##_ceil(x[i]);                 \
    return B(x);                                                            \
  }                                                                         \
  static inline v128 wf_##SH##_floor(v128 a) {                              \
    F x = V(a);                                                             \
    for (int i = 0; i < N; i++) x[i] = wf_##T##_floor(x[i]);                \
    return B(x);                                                            \
  }                                                                         \
  static inline v128 wf_##SH##_trunc(v128 a) {                              \
    F x = V(a);                                                             \
    for (int i = 0; i < N; i++) x[i] = wf_##T##_trunc(x[i]);                \
    return B(x);                                                            \
  }                                                                         \
  static inline v128 wf_##SH##_nearest(v128 a) {                            \
    F x = V(a);                                                             \
    for (int i = 0; i < N; i++) x[i] = wf_##T##_nearest(x[i]);              \
    return B(x);                                                            \
  }                                                                         \
  static inline v128 wf_##SH##_sqrt(v128 a) {                               \
    F x = V(a);                                                             \
    for (int i = 0; i < N; i++) x[i] = wf_##T##_sqrt(x[i]);                 \
    return B(x);                                                            \
  }

WF_DEFINE_FLOAT_SHAPE(f32x4, wf_f32x4, wf_u32x4, 4, f32, 0x80000000u, wf_vf32, wf_f32v)
WF_DEFINE_FLOAT_SHAPE(f64x2, wf_f64x2, wf_u64x2, 2, f64, 0x8000000000000000ull, wf_vf64, wf_f64v)

/* ---- conversions -------------------------------------------------------- */

static inline v128 wf_f32x4_convert_i32x4_s(v128 a) { return wf_f32v(__builtin_convertvector(wf_v32(a), wf_f32x4)); }
static inline v128 wf_f32x4_convert_i32x4_u(v128 a) { return wf_f32v(__builtin_convertvector((wf_u32x4)wf_v32(a), wf_f32x4)); }
static inline v128 wf_f64x2_convert_low_i32x4_s(v128 a) {
  wf_i32x4 x = wf_v32(a);
  return wf_f64v((wf_f64x2){(f64)x[0], (f64)x[1]});
}
static inline v128 wf_f64x2_convert_low_i32x4_u(v128 a) {
  wf_u32x4 x = (wf_u32x4)wf_v32(a);
  return wf_f64v((wf_f64x2){(f64)x[0], (f64)x[1]});
}
static inline v128 wf_i32x4_trunc_sat_f32x4_s(v128 a) {
  wf_f32x4 x = wf_vf32(a);
  wf_i32x4 r;
  for (int i = 0; i < 4; i++) r[i] = wf_trunc_sat_f32_s32(x[i], INT32_MIN, INT32_MAX);
  return wf_32v(r);
}
static inline v128 wf_i32x4_trunc_sat_f32x4_u(v128 a) {
  wf_f32x4 x = wf_vf32(a);
  wf_i32x4 r;
  for (int i = 0; i < 4; i++) r[i] = (s32)wf_trunc_sat_f32_u32(x[i], 0, UINT32_MAX);
  return wf_32v(r);
}
static inline v128 wf_i32x4_trunc_sat_f64x2_s_zero(v128 a) {
  wf_f64x2 x = wf_vf64(a);
  return wf_32v((wf_i32x4){wf_trunc_sat_f64_s32(x[0], INT32_MIN, INT32_MAX),
                           wf_trunc_sat_f64_s32(x[1], INT32_MIN, INT32_MAX), 0, 0});
}
static inline v128 wf_i32x4_trunc_sat_f64x2_u_zero(v128 a) {
  wf_f64x2 x = wf_vf64(a);
  return wf_32v((wf_i32x4){(s32)wf_trunc_sat_f64_u32(x[0], 0, UINT32_MAX),
                           (s32)wf_trunc_sat_f64_u32(x[1], 0, UINT32_MAX), 0, 0});
}
static inline v128 wf_f32x4_demote_f64x2_zero(v128 a) {
  wf_f64x2 x = wf_vf64(a);
  return wf_f32v((wf_f32x4){wf_f32_demote(x[0]), wf_f32_demote(x[1]), 0, 0});
}
static inline v128 wf_f64x2_promote_low_f32x4(v128 a) {
  wf_f32x4 x = wf_vf32(a);
  return wf_f64v((wf_f64x2){wf_f64_promote(x[0]), wf_f64_promote(x[1])});
}

#endif /* WEFT_RT_SIMD_H */
