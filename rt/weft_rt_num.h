/*
 * weft_rt_num.h - numeric helpers for generated code where Wasm semantics
 * differ from plain C (included by weft_rt.h only): trapping division and
 * conversions, rotates and bit counts defined for zero, float min/max with
 * signed zeros and NaNs, and sign/abs/neg as bit operations so that NaN
 * payloads survive.  Everything simpler is emitted as C operators.
 *
 * Relies on: two's-complement integers, arithmetic right shift of signed
 * values (GCC and Clang guarantee both), IEEE binary32/64 floats evaluated
 * in their own precision with no contraction (weft's compile flags).
 */
#ifndef WEFT_RT_NUM_H
#define WEFT_RT_NUM_H

#define WF_DEFINE_DIV(W, U, S, SMIN)                                         \
  static inline U wf_div_s##W(U a, U b) {                                    \
    if (WF_UNLIKELY(b == 0)) wf_trap(WF_TRAP_DIV_BY_ZERO);                   \
    if (WF_UNLIKELY(a == (U)SMIN && b == (U)-1)) wf_trap(WF_TRAP_INT_OVERFLOW); \
    return (U)((S)a / (S)b);                                                 \
  }                                                                          \
  static inline U wf_div_u##W(U a, U b) {                                    \
    if (WF_UNLIKELY(b == 0)) wf_trap(WF_TRAP_DIV_BY_ZERO);                   \
    return a / b;                                                            \
  }                                                                          \
  static inline U wf_rem_s##W(U a, U b) {                                    \
    if (WF_UNLIKELY(b == 0)) wf_trap(WF_TRAP_DIV_BY_ZERO);                   \
    if (WF_UNLIKELY(b == (U)-1)) return 0; /* SMIN % -1 overflows in C */    \
    return (U)((S)a % (S)b);                                                 \
  }                                                                          \
  static inline U wf_rem_u##W(U a, U b) {                                    \
    if (WF_UNLIKELY(b == 0)) wf_trap(WF_TRAP_DIV_BY_ZERO);                   \
    return a % b;                                                            \
  }                                                                          \
  static inline U wf_rotl##W(U a, U b) {                                     \
    b &= W - 1;                                                              \
    return b ? (U)((a << b) | (a >> (W - b))) : a;                           \
  }                                                                          \
  static inline U wf_rotr##W(U a, U b) {                                     \
    b &= W - 1;                                                              \
    return b ? (U)((a >> b) | (a << (W - b))) : a;                           \
  }

WF_DEFINE_DIV(32, u32, s32, INT32_MIN)
WF_DEFINE_DIV(64, u64, s64, INT64_MIN)

static inline u32 wf_clz32(u32 a) { return a ? (u32)__builtin_clz(a) : 32; }
static inline u32 wf_ctz32(u32 a) { return a ? (u32)__builtin_ctz(a) : 32; }
static inline u32 wf_popcnt32(u32 a) { return (u32)__builtin_popcount(a); }
static inline u64 wf_clz64(u64 a) { return a ? (u64)__builtin_clzll(a) : 64; }
static inline u64 wf_ctz64(u64 a) { return a ? (u64)__builtin_ctzll(a) : 64; }
static inline u64 wf_popcnt64(u64 a) { return (u64)__builtin_popcountll(a); }

/* ---- floats ---------------------------------------------------------- */

/* Hides a value from the compiler's algebraic folds; see emit_numeric.c.
 * The empty asm emits nothing, and takes the value in a float register
 * where there are named ones (elsewhere as its bits).  Offering memory as
 * well ("m") keeps GCC from loading a value bound for the asm into an
 * integer register and moving it over. */
#if defined(__SSE2__) || defined(__aarch64__)
#if defined(__SSE2__)
#define WF_FLOAT_REG "+xm"
#else
#define WF_FLOAT_REG "+wm"
#endif
static inline f32 wf_f32_opaque(f32 v) {
  __asm__("" : WF_FLOAT_REG(v));
  return v;
}
static inline f64 wf_f64_opaque(f64 v) {
  __asm__("" : WF_FLOAT_REG(v));
  return v;
}
#else
static inline f32 wf_f32_opaque(f32 v) {
  u32 b = wf_f32_bits(v);
  __asm__("" : "+r"(b));
  return wf_f32_from_bits(b);
}
static inline f64 wf_f64_opaque(f64 v) {
  u64 b = wf_f64_bits(v);
  __asm__("" : "+r"(b));
  return wf_f64_from_bits(b);
}
#endif

/* Float arithmetic.  Wasm wants an arithmetic (quiet) NaN out of every
 * operation on a signalling one, but GCC and Clang fold x*1, x/1, x*-1,
 * x/-1, x+-0, x-0 and -0-x into x or -x once they know the constant,
 * however it reached the operation (a local, a block result, a call, a
 * store they saw ...).  So an operand the compiler knows to be such a
 * constant is hidden behind wf_*_opaque.  __builtin_constant_p is decided
 * after inlining and constant propagation, and the test and the asm vanish
 * wherever the operand is not such a constant; other constants still fold
 * (x/2 -> x*0.5).  GCC's -fsignaling-nans (__SUPPORT_SNAN__) turns these
 * folds off by itself, but changes code elsewhere, so weft does not use it.
 */
#if defined(__SUPPORT_SNAN__)
#define WF_HIDE_UNIT(T, v) (v)
#define WF_HIDE_ZERO(T, v) (v)
#else
#define WF_HIDE_UNIT(T, v)                                                   \
  (__builtin_constant_p(v) && ((v) == 1 || (v) == -1) ? wf_##T##_opaque(v) : (v))
#define WF_HIDE_ZERO(T, v)                                                   \
  (__builtin_constant_p(v) && (v) == 0 ? wf_##T##_opaque(v) : (v))
#endif

#define WF_DEFINE_ARITH(T)                                                   \
  static inline T wf_##T##_add(T a, T b) {                                   \
    return WF_HIDE_ZERO(T, a) + WF_HIDE_ZERO(T, b);                          \
  }                                                                          \
  static inline T wf_##T##_sub(T a, T b) {                                   \
    return WF_HIDE_ZERO(T, a) - WF_HIDE_ZERO(T, b);                          \
  }                                                                          \
  static inline T wf_##T##_mul(T a, T b) {                                   \
    return WF_HIDE_UNIT(T, a) * WF_HIDE_UNIT(T, b);                          \
  }                                                                          \
  static inline T wf_##T##_div(T a, T b) {                                   \
    return a / WF_HIDE_UNIT(T, b);                                           \
  }

WF_DEFINE_ARITH(f32)
WF_DEFINE_ARITH(f64)


#define WF_DEFINE_FLOAT(T, B, BITS, SIGN, QUIET, SFX)                        \
  /* Wasm wants an arithmetic (quiet) NaN from rounding a NaN; libm and   */ \
  /* the compiler's folds may hand back a signalling input unchanged.     */ \
  static inline T wf_##T##_quiet(T a) {                                      \
    return wf_##T##_from_bits(wf_##T##_bits(a) | (B)QUIET);                  \
  }                                                                          \
  static inline T wf_##T##_abs(T a) {                                        \
    return wf_##T##_from_bits(wf_##T##_bits(a) & ~(B)SIGN);                  \
  }                                                                          \
  static inline T wf_##T##_neg(T a) {                                        \
    return wf_##T##_from_bits(wf_##T##_bits(a) ^ (B)SIGN);                   \
  }                                                                          \
  static inline T wf_##T##_copysign(T a, T b) {                              \
    return wf_##T##_from_bits((wf_##T##_bits(a) & ~(B)SIGN) |                \
                              (wf_##T##_bits(b) & (B)SIGN));                 \
  }                                                                          \
  static inline T wf_##T##_min(T a, T b) {                                   \
    if (a != a || b != b) return wf_##T##_add(a, b); /* quiet NaN */    \
    if (a == b) return (wf_##T##_bits(a) & (B)SIGN) ? a : b; /* -0 < +0 */   \
    return a < b ? a : b;                                                    \
  }                                                                          \
  static inline T wf_##T##_max(T a, T b) {                                   \
    if (a != a || b != b) return wf_##T##_add(a, b);                         \
    if (a == b) return (wf_##T##_bits(a) & (B)SIGN) ? b : a;                 \
    return a > b ? a : b;                                                    \
  }                                                                          \
  static inline T wf_##T##_ceil(T a) {                                       \
    return a != a ? wf_##T##_quiet(a) : __builtin_ceil##SFX(a);              \
  }                                                                          \
  static inline T wf_##T##_floor(T a) {                                      \
    return a != a ? wf_##T##_quiet(a) : __builtin_floor##SFX(a);             \
  }                                                                          \
  static inline T wf_##T##_trunc(T a) {                                      \
    return a != a ? wf_##T##_quiet(a) : __builtin_trunc##SFX(a);             \
  }                                                                          \
  /* ties to even under the default rounding mode, which Wasm code never  */ \
  /* changes */                                                              \
  static inline T wf_##T##_nearest(T a) {                                    \
    return a != a ? wf_##T##_quiet(a) : __builtin_nearbyint##SFX(a);         \
  }                                                                          \
  static inline T wf_##T##_sqrt(T a) {                                       \
    return a != a ? wf_##T##_quiet(a) : __builtin_sqrt##SFX(a);              \
  }

WF_DEFINE_FLOAT(f32, u32, 32, 0x80000000u, 0x7fc00000u, f)
WF_DEFINE_FLOAT(f64, u64, 64, 0x8000000000000000ull, 0x7ff8000000000000ull, )

/* Promotion and demotion quiet a NaN themselves, so that GCC's folding of
 * demote(promote(x)) into x cannot pass a signalling NaN through. */
static inline f64 wf_f64_promote(f32 a) {
  return a != a ? (f64)wf_f32_quiet(a) : (f64)a;
}
static inline f32 wf_f32_demote(f64 a) {
  return a != a ? (f32)wf_f64_quiet(a) : (f32)a;
}

/* ---- float to int ---------------------------------------------------- */

/* Each conversion is valid for LO < x < HI (exclusive bounds that are
 * exactly representable in the source type). */
#define WF_DEFINE_TRUNC(NAME, F, R, LO, HI)                                   \
  static inline R wf_trunc_##NAME(F x) {                                      \
    if (WF_UNLIKELY(x != x)) wf_trap(WF_TRAP_INVALID_CONVERSION);             \
    if (WF_UNLIKELY(!(x > (F)(LO) && x < (F)(HI))))                           \
      wf_trap(WF_TRAP_INT_OVERFLOW);                                          \
    return (R)x;                                                              \
  }                                                                           \
  static inline R wf_trunc_sat_##NAME(F x, R rmin, R rmax) {                  \
    if (x != x) return 0;                                                     \
    if (!(x > (F)(LO))) return rmin;                                          \
    if (!(x < (F)(HI))) return rmax;                                          \
    return (R)x;                                                              \
  }

WF_DEFINE_TRUNC(f32_s32, f32, s32, -2147483904.0, 2147483648.0)
WF_DEFINE_TRUNC(f32_u32, f32, u32, -1.0, 4294967296.0)
WF_DEFINE_TRUNC(f64_s32, f64, s32, -2147483649.0, 2147483648.0)
WF_DEFINE_TRUNC(f64_u32, f64, u32, -1.0, 4294967296.0)
WF_DEFINE_TRUNC(f32_s64, f32, s64, -9223373136366403584.0, 9223372036854775808.0)
WF_DEFINE_TRUNC(f32_u64, f32, u64, -1.0, 18446744073709551616.0)
WF_DEFINE_TRUNC(f64_s64, f64, s64, -9223372036854777856.0, 9223372036854775808.0)
WF_DEFINE_TRUNC(f64_u64, f64, u64, -1.0, 18446744073709551616.0)

#endif /* WEFT_RT_NUM_H */
