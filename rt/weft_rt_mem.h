/*
 * weft_rt_mem.h - linear-memory access for generated code (included by
 * weft_rt.h only).
 *
 * Generated code addresses memory as WF_EA(base, size, addr, offset, n):
 * the host pointer of the n bytes at effective address addr+offset, with the
 * bounds check compiled in only when WF_BOUNDS_EXPLICIT.  Values are read and
 * written little-endian whatever the host's byte order.
 *
 * Plain accesses to a *shared* memory use the wf_rds and wf_sts variants: a
 * memcpy fenced on both sides by atomic_signal_fence(seq_cst).  GCC and
 * Clang treat that fence as a compiler barrier for all memory accesses, so
 * such a load is re-executed on every loop iteration and never merged or
 * invented, which Wasm requires (a spin on a plain load must see another
 * thread's store).  The memcpy keeps misaligned addresses correct on every
 * target: unlike a relaxed atomic or a volatile wide access, it never needs
 * natural alignment (32-bit ARM faults on misaligned LDRD).  Unshared
 * memories use the unfenced forms, which the compiler optimises freely.
 */
#ifndef WEFT_RT_MEM_H
#define WEFT_RT_MEM_H

static inline void wf_bounds(u64 ea, u64 n, u64 size) {
  if (WF_UNLIKELY(ea + n > size)) wf_trap(WF_TRAP_OOB_MEMORY);
}

#if WF_BOUNDS_EXPLICIT
/* A function, so that the address expression is written (and parsed) once. */
static inline u8 *wf_ea(u8 *base, u64 size, u64 ea, u64 n) {
  wf_bounds(ea, n, size);
  return base + ea;
}
#define WF_EA(base, size, a, off, n) wf_ea(base, size, (u64)(a) + (off), n)
#define WF_MEM_VARS(b, v) u8 *b = NULL; u64 v = 0
#define WF_MEM_LOAD(b, v, m) ((b) = (m)->base, (v) = wf_memory_bytes(m))
#define WF_MEM_REFRESH(b, v, m) WF_MEM_LOAD(b, v, m)
#else
/* With guard pages a memory never moves, so nothing is reloaded. */
#define WF_EA(base, size, a, off, n) ((base) + (u64)(a) + (off))
#define WF_MEM_VARS(b, v) u8 *b = NULL
#define WF_MEM_LOAD(b, v, m) ((b) = (m)->base)
#define WF_MEM_REFRESH(b, v, m) ((void)0)
#endif

/* Generated code's plain accesses to memory 0, whose base and size a
 * function keeps in `mb` and `msz` (WF_MEM_VARS), W bits wide at address
 * a + offset o; the S forms, for a shared memory, read its size each time. */
#define WF_LD(W, a, o) wf_rd##W(WF_EA(mb, msz, a, o, W / 8))
#define WF_LDF(W, a, o) wf_rdf##W(WF_EA(mb, msz, a, o, W / 8))
#define WF_ST(W, a, o, v) wf_st##W(WF_EA(mb, msz, a, o, W / 8), v)
#define WF_LDS(W, a, o) wf_rds##W(WF_EA(mb, wf_memory_bytes(M0), a, o, W / 8))
#define WF_LDSF(W, a, o) wf_rdsf##W(WF_EA(mb, wf_memory_bytes(M0), a, o, W / 8))
#define WF_STS(W, a, o, v) wf_sts##W(WF_EA(mb, wf_memory_bytes(M0), a, o, W / 8), v)

static inline void wf_align_check(u64 ea, u64 n) {
  if (WF_UNLIKELY(ea & (n - 1))) wf_trap(WF_TRAP_UNALIGNED_ATOMIC);
}
/* Atomics check alignment before bounds, as the reference interpreter. */
#define WF_ATOMIC_EA(base, size, a, off, n) \
  (wf_align_check((u64)(a) + (off), (n)), WF_EA(base, size, a, off, n))

#if WF_BIG_ENDIAN
#define WF_LE8(x) (x)
#define WF_LE16(x) __builtin_bswap16(x)
#define WF_LE32(x) __builtin_bswap32(x)
#define WF_LE64(x) __builtin_bswap64(x)
#else
#define WF_LE8(x) (x)
#define WF_LE16(x) (x)
#define WF_LE32(x) (x)
#define WF_LE64(x) (x)
#endif

#define WF_FENCE() atomic_signal_fence(memory_order_seq_cst)


/* With guard pages the fault is the bounds check, so a load whose value
 * is never used must still be made.  An asm statement that takes the value
 * as an input (and, having no outputs, is volatile) keeps GCC and Clang
 * from deleting the load; it emits no instruction.  Generated code reads
 * with the bare forms below and writes WF_FORCE_READ where a loaded value
 * could otherwise die (see fx_force in the translator).  Explicit bounds
 * checks trap on their own. */
#if WF_BOUNDS_EXPLICIT
#define WF_FORCE_READ(v) ((void)0)
#define WF_FORCE_READ_FLOAT(v) ((void)0)
#else
#define WF_FORCE_READ(v) __asm__ volatile("" : : "r"(v))
/* A float is taken in a float register: "r" would make the compiler load
 * it into an integer register and move it over. */
#if defined(__SSE2__)
#define WF_FORCE_READ_FLOAT(v) __asm__ volatile("" : : "x"(v))
#elif defined(__aarch64__)
#define WF_FORCE_READ_FLOAT(v) __asm__ volatile("" : : "w"(v))
#else
#define WF_FORCE_READ_FLOAT(v) WF_FORCE_READ(v)
#endif
#endif

/* wf_rd is the bare read, which the compiler may drop (generated code
 * forces it where that matters; host code checks bounds first).  The fenced
 * forms (wf_rds, wf_sts) are for shared memories. */
#define WF_DEFINE_ACCESS(W, T)                                          \
  static inline T wf_rd##W(const u8 *p) {                               \
    T v;                                                                \
    memcpy(&v, p, sizeof v);                                            \
    return WF_LE##W(v);                                                 \
  }                                                                     \
  static inline void wf_st##W(u8 *p, T v) {                             \
    v = WF_LE##W(v);                                                    \
    memcpy(p, &v, sizeof v);                                            \
  }                                                                     \
  /* memcpy here, not wf_rd: WF_GUEST_RACY (weft_rt.h) stops inlining \
   * of instrumented code into these */                                 \
  static inline WF_GUEST_RACY T wf_rds##W(const u8 *p) {                \
    T v;                                                                \
    WF_FENCE();                                                         \
    memcpy(&v, p, sizeof v);                                            \
    WF_FENCE();                                                         \
    return WF_LE##W(v);                                                 \
  }                                                                     \
  static inline WF_GUEST_RACY void wf_sts##W(u8 *p, T v) {              \
    v = WF_LE##W(v);                                                    \
    WF_FENCE();                                                         \
    memcpy(p, &v, sizeof v);                                            \
    WF_FENCE();                                                         \
  }

WF_DEFINE_ACCESS(8, u8)
WF_DEFINE_ACCESS(16, u16)
WF_DEFINE_ACCESS(32, u32)
WF_DEFINE_ACCESS(64, u64)

/* Floats travel as their bit patterns so NaN payloads survive. */
static inline f32 wf_f32_from_bits(u32 b) { f32 f; memcpy(&f, &b, 4); return f; }
static inline f64 wf_f64_from_bits(u64 b) { f64 f; memcpy(&f, &b, 8); return f; }
static inline u32 wf_f32_bits(f32 f) { u32 b; memcpy(&b, &f, 4); return b; }
static inline u64 wf_f64_bits(f64 f) { u64 b; memcpy(&b, &f, 8); return b; }

/* Float reads: the bits are read as an integer (byte order) and the float
 * handed on, which the compiler loads straight into a float register. */
#define WF_DEFINE_FLOAT_LOAD(W)                                         \
  static inline f##W wf_rdf##W(const u8 *p) {                           \
    return wf_f##W##_from_bits(wf_rd##W(p));                            \
  }                                                                     \
  static inline f##W wf_rdsf##W(const u8 *p) {                          \
    return wf_f##W##_from_bits(wf_rds##W(p));                           \
  }

WF_DEFINE_FLOAT_LOAD(32)
WF_DEFINE_FLOAT_LOAD(64)

/* ---- atomics: sequentially consistent, on naturally aligned addresses -- */

#define WF_SC memory_order_seq_cst

#if !WF_BIG_ENDIAN
/* The bitwise read-modify-writes are our own CAS loops, not
 * atomic_fetch_and/or/xor: x86-64 has no instruction that returns the old
 * value, so the compiler makes such a loop anyway, and GCC 12.2 (Debian 12's)
 * was seen to drop the OR from its own loop at -O1 and above, leaving memory
 * unchanged (found by difftest.py, seed 101853; tests/diff/regressions/). */
#define WF_DEFINE_ATOMIC_CAS(W, T, NAME, OP)                                \
  static inline T wf_atomic_##NAME##W(u8 *p, T v) {                         \
    _Atomic T *a = (_Atomic T *)p;                                          \
    T old = atomic_load_explicit(a, memory_order_relaxed);                  \
    while (!atomic_compare_exchange_weak_explicit(a, &old, (T)(old OP v),   \
                                                  WF_SC, WF_SC)) {          \
    }                                                                       \
    return old;                                                             \
  }
#define WF_DEFINE_ATOMIC(W, T)                                              \
  static inline T wf_atomic_ld##W(u8 *p) {                                  \
    return atomic_load_explicit((_Atomic T *)p, WF_SC);                     \
  }                                                                         \
  static inline void wf_atomic_st##W(u8 *p, T v) {                          \
    atomic_store_explicit((_Atomic T *)p, v, WF_SC);                        \
  }                                                                         \
  static inline T wf_atomic_add##W(u8 *p, T v) {                            \
    return atomic_fetch_add_explicit((_Atomic T *)p, v, WF_SC);             \
  }                                                                         \
  static inline T wf_atomic_sub##W(u8 *p, T v) {                            \
    return atomic_fetch_sub_explicit((_Atomic T *)p, v, WF_SC);             \
  }                                                                         \
  WF_DEFINE_ATOMIC_CAS(W, T, and, &)                                        \
  WF_DEFINE_ATOMIC_CAS(W, T, or, |)                                         \
  WF_DEFINE_ATOMIC_CAS(W, T, xor, ^)                                        \
  static inline T wf_atomic_xchg##W(u8 *p, T v) {                           \
    return atomic_exchange_explicit((_Atomic T *)p, v, WF_SC);              \
  }                                                                         \
  static inline T wf_atomic_cmpxchg##W(u8 *p, T expect, T repl) {           \
    atomic_compare_exchange_strong_explicit((_Atomic T *)p, &expect, repl,  \
                                            WF_SC, WF_SC);                  \
    return expect;                                                          \
  }
#else
/* Big-endian hosts keep memory little-endian: bitwise ops and exchanges
 * work on swapped operands; arithmetic goes through a CAS loop. */
#define WF_DEFINE_ATOMIC_ARITH(W, T, NAME, OP)                              \
  static inline T wf_atomic_##NAME##W(u8 *p, T v) {                         \
    _Atomic T *a = (_Atomic T *)p;                                          \
    T old = atomic_load_explicit(a, WF_SC);                                 \
    while (!atomic_compare_exchange_weak_explicit(                          \
        a, &old, (T)WF_LE##W((T)(WF_LE##W(old) OP v)), WF_SC, WF_SC)) {     \
    }                                                                       \
    return WF_LE##W(old);                                                   \
  }
#define WF_DEFINE_ATOMIC_BITS(W, T, NAME, FN)                               \
  static inline T wf_atomic_##NAME##W(u8 *p, T v) {                         \
    return WF_LE##W(FN((_Atomic T *)p, (T)WF_LE##W(v), WF_SC));             \
  }
#define WF_DEFINE_ATOMIC(W, T)                                              \
  static inline T wf_atomic_ld##W(u8 *p) {                                  \
    return WF_LE##W(atomic_load_explicit((_Atomic T *)p, WF_SC));           \
  }                                                                         \
  static inline void wf_atomic_st##W(u8 *p, T v) {                          \
    atomic_store_explicit((_Atomic T *)p, (T)WF_LE##W(v), WF_SC);           \
  }                                                                         \
  WF_DEFINE_ATOMIC_ARITH(W, T, add, +)                                      \
  WF_DEFINE_ATOMIC_ARITH(W, T, sub, -)                                      \
  WF_DEFINE_ATOMIC_BITS(W, T, and, atomic_fetch_and_explicit)               \
  WF_DEFINE_ATOMIC_BITS(W, T, or, atomic_fetch_or_explicit)                 \
  WF_DEFINE_ATOMIC_BITS(W, T, xor, atomic_fetch_xor_explicit)               \
  WF_DEFINE_ATOMIC_BITS(W, T, xchg, atomic_exchange_explicit)               \
  static inline T wf_atomic_cmpxchg##W(u8 *p, T expect, T repl) {           \
    T e = (T)WF_LE##W(expect);                                              \
    atomic_compare_exchange_strong_explicit((_Atomic T *)p, &e,             \
                                            (T)WF_LE##W(repl), WF_SC, WF_SC);\
    return WF_LE##W(e);                                                     \
  }
#endif

WF_DEFINE_ATOMIC(8, u8)
WF_DEFINE_ATOMIC(16, u16)
WF_DEFINE_ATOMIC(32, u32)
WF_DEFINE_ATOMIC(64, u64)

static inline void wf_atomic_fence(void) { atomic_thread_fence(WF_SC); }

#endif /* WEFT_RT_MEM_H */
