/*
 * weft_rt.h - the one header generated code includes; the whole contract
 * between a translated module and weft's runtime.
 *
 * What a translated module may rely on:
 *   - value types: i32 = u32, i64 = u64, f32 = float, f64 = double, and both
 *     reference types = wf_ref (a funcref is a `const wf_func *`, an externref
 *     an opaque host pointer; NULL is ref.null);
 *   - wf_func: anything callable across a module boundary.  `fn` is called as
 *     RET fn(void *ctx, PARAMS...) with multi-value results returned in a
 *     struct of fields r0, r1, ... in order;
 *   - wf_memory, wf_table, wf_global: the shareable objects, created by the
 *     runtime and owned by whoever created them;
 *   - wf_module: a generated module's descriptor, enough for a host to link
 *     and instantiate it without knowing its C types;
 *   - wf_trap: the only way generated code leaves abnormally.  Hosts run
 *     Wasm under wf_protect(), which returns the trap code.
 *
 * Build modes (macros, same for the runtime and the generated code):
 *   WF_BOUNDS_EXPLICIT=1  every memory access is bounds-checked in C;
 *                         otherwise (64-bit hosts) memories reserve 8 GiB of
 *                         address space and out-of-bounds accesses fault on
 *                         guard pages, which the runtime turns into traps.
 */
#ifndef WEFT_RT_H
#define WEFT_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <pthread.h>

/* C++ hosts include this header (through a generated NAME.h) for the
 * types and the API; the helpers generated code uses are C11 only. */
#ifdef __cplusplus
#define WF_NORETURN [[noreturn]]
#define WF_THREAD_LOCAL thread_local
/* Same size and alignment as _Atomic T with GCC and Clang; C++ reads it
 * only through wf_memory_pages. */
#define WF_ATOMIC(T) T
extern "C" {
#else
#include <stdatomic.h>
#define WF_NORETURN _Noreturn
#define WF_THREAD_LOCAL _Thread_local
#define WF_ATOMIC(T) _Atomic T
#endif

typedef uint8_t u8;
typedef int8_t s8;
typedef uint16_t u16;
typedef int16_t s16;
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
typedef int64_t s64;
typedef float f32;
typedef double f64;
typedef void *wf_ref;
/* A SIMD value: 16 bytes in Wasm's order (see weft_rt_simd.h). */
typedef u64 v128 __attribute__((vector_size(16)));

#if !defined(WF_BOUNDS_EXPLICIT)
#if UINTPTR_MAX > 0xffffffffu && defined(__linux__)
#define WF_BOUNDS_EXPLICIT 0
#else
#define WF_BOUNDS_EXPLICIT 1
#endif
#endif

#if !WF_BOUNDS_EXPLICIT && UINTPTR_MAX <= 0xffffffffu
#error "guard-page bounds (WF_BOUNDS_EXPLICIT=0) need 8 GiB of address space per memory: a 64-bit host; build with --bounds explicit"
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define WF_BIG_ENDIAN 1
#else
#define WF_BIG_ENDIAN 0
#endif

#define WF_LIKELY(x) __builtin_expect(!!(x), 1)
/* Symbols shared by the parts of a module split over several C files. */
#define WF_INTERNAL __attribute__((visibility("hidden")))
#define WF_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define WF_PAGE_SIZE 65536u

/* ThreadSanitizer and the guest's races.  Wasm's memory model gives racing
 * plain accesses to a shared memory a meaning (a guest's lock word is read
 * plainly while another thread CASes it; a thread spawned by wasi-threads
 * re-applies the module's active data segments while others read them), so
 * a race in a guest's memory is the guest's business, not a defect of weft.
 * Under TSan the guest's plain accesses are therefore not instrumented
 * (WF_GUEST_RACY, on the shared-memory access helpers), and the runtime and
 * the WASI host ignore their own accesses to a guest's memory made on its
 * behalf (data segments, bulk memory, WASI buffers) between
 * WF_GUEST_ACCESS_BEGIN and _END.  Atomics stay instrumented (TSan always
 * instruments them), and so does every access to the runtime's and host's
 * own data.  Relaxed atomics would make the C race-free instead, but not
 * every target can make one at a misaligned address (weft_rt_mem.h). */
#if defined(__SANITIZE_THREAD__)
#define WF_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define WF_TSAN 1
#endif
#endif
#ifdef WF_TSAN
void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);
#define WF_GUEST_RACY __attribute__((no_sanitize("thread")))
#define WF_GUEST_ACCESS_BEGIN() __tsan_ignore_thread_begin()
#define WF_GUEST_ACCESS_END() __tsan_ignore_thread_end()
#else
#define WF_GUEST_RACY
#define WF_GUEST_ACCESS_BEGIN() ((void)0)
#define WF_GUEST_ACCESS_END() ((void)0)
#endif

/* ---- callable references ------------------------------------------- */

typedef void (*wf_fnptr)(void);

typedef struct wf_func {
  const char *sig; /* "params:results", one char per type, see below */
  wf_fnptr fn;
  void *ctx;
} wf_func;

/* Signature characters: i i32, j i64, f f32, d f64, v v128, r funcref,
 * x externref.  Two signatures are the same type iff their strings are
 * equal; a module uses one pointer per distinct string, so the common case
 * is a pointer compare. */
static inline bool wf_sig_eq(const char *a, const char *b) {
  return a == b || strcmp(a, b) == 0;
}

/* ---- traps ----------------------------------------------------------- */

typedef enum wf_trap_code {
  WF_TRAP_NONE = 0,
  WF_TRAP_UNREACHABLE,
  WF_TRAP_OOB_MEMORY,
  WF_TRAP_OOB_TABLE,
  WF_TRAP_UNDEFINED_ELEMENT,
  WF_TRAP_UNINITIALIZED_ELEMENT,
  WF_TRAP_INDIRECT_CALL_TYPE,
  WF_TRAP_DIV_BY_ZERO,
  WF_TRAP_INT_OVERFLOW,
  WF_TRAP_INVALID_CONVERSION,
  WF_TRAP_NULL_REFERENCE,
  WF_TRAP_UNALIGNED_ATOMIC,
  WF_TRAP_CALL_STACK_EXHAUSTED,
  WF_TRAP_EXPECTED_SHARED_MEMORY,
  WF_TRAP_OUT_OF_MEMORY,  /* the host could not allocate an instance */
  WF_TRAP_EXIT,           /* proc_exit under a host that unwinds, not exits */
  WF_TRAP_HOST,           /* a plugin host's function reported an error */
  WF_TRAP_INTERRUPTED,    /* the host interrupted the call (preempt.c) */
  WF_TRAP_COUNT
} wf_trap_code;

WF_NORETURN void wf_trap(wf_trap_code code);
const char *wf_trap_reason(wf_trap_code code);

/* Runs fn(arg) with a trap handler installed; returns WF_TRAP_NONE or the
 * trap that ended it.  Nests.  Installs the guard-page signal handler and
 * this thread's stack limit on first use. */
wf_trap_code wf_protect(void (*fn)(void *), void *arg);

/* Native stack floor for this thread: generated functions that can reach
 * host code trap with WF_TRAP_CALL_STACK_EXHAUSTED when the stack pointer
 * is below it, so deep recursion never overruns the native stack. */
extern WF_THREAD_LOCAL uintptr_t wf_stack_limit;
void wf_thread_init_stack_limit(void);

/* The stack pointer, read without __builtin_frame_address, which would
 * cost every checking function its frame-pointer register. */
static inline uintptr_t wf_stack_pointer(void) {
  uintptr_t sp;
#if defined(__x86_64__)
  __asm__("movq %%rsp, %0" : "=r"(sp));
#elif defined(__aarch64__)
  __asm__("mov %0, sp" : "=r"(sp));
#else
  sp = (uintptr_t)__builtin_frame_address(0);
#endif
  return sp;
}

/* In a plugin (WF_PLUGIN=1) the limit travels in the instance, set by the
 * host library for the thread that calls: an instance runs on one thread
 * at a time, and reading the host library's thread-local variable from a
 * .so would cost a call to __tls_get_addr. */
#if defined(WF_PLUGIN) && WF_PLUGIN
#define WF_STACK_LIMIT (inst->hdr.stack_limit)
#else
#define WF_STACK_LIMIT wf_stack_limit
#endif

#define WF_STACK_CHECK()                                                    \
  do {                                                                      \
    if (WF_UNLIKELY(wf_stack_pointer() < WF_STACK_LIMIT))                   \
      wf_trap(WF_TRAP_CALL_STACK_EXHAUSTED);                                \
  } while (0)

/* Functions that call only other Wasm functions (and runtime helpers that
 * take no locks) use this one.  With guard pages, recursion among them may
 * run past the floor into the thread's guard page: the fault handler, on
 * its own signal stack, turns that into the same trap.  Functions that can
 * reach host code still check, so host code always finds the margin below
 * the floor free and is never abandoned halfway by a stack fault. */
#if WF_BOUNDS_EXPLICIT
#define WF_STACK_CHECK_WASM() WF_STACK_CHECK()
#else
#define WF_STACK_CHECK_WASM() ((void)0)
#endif

/* Written after every call: a call in tail position would otherwise become
 * a jump (or tail recursion a loop), and endless recursion would spin
 * instead of exhausting the stack.  After the call rather than before the
 * return, so paths that make no call return plainly and GCC can still
 * inline a function's early exit into its callers (-fpartial-inlining). */
#define WF_NO_TAIL_CALL() __asm__ volatile("")

/* Clang's loop optimisations take time cubic in the depth of loop nesting
 * (a function of 1,000 nested loops takes 40 s at -O2, one of 2,000 over
 * 5 minutes), so functions that nest loops deeper than weft's threshold
 * (see emit_func.c) are left unoptimised there.  GCC is linear in it. */
#if defined(__clang__)
#define WF_DEEP_LOOPS __attribute__((optnone, noinline))
#else
#define WF_DEEP_LOOPS
#endif

/* ---- instances ------------------------------------------------------ */

/* Every generated instance struct starts with this header, so a host can
 * reach it without knowing the module's C types.  NAME_instantiate leaves
 * it as the host set it (zero: no interruption, no cap). */
typedef struct wf_instance_hdr {
  /* Nonzero: a host asked the instance's running call to stop (see
   * wf_preempt_scope).  Written by any thread. */
  WF_ATOMIC(u32) interrupt;
  /* Caps the instance's own memories at this many pages (0: no cap). */
  u32 max_pages;
  /* The stack floor of the thread running the instance, in plugins. */
  uintptr_t stack_limit;
} wf_instance_hdr;

/* Interrupting a running call costs generated code nothing: a host sets
 * the instance's interrupt word and signals the thread (wf_preempt); the
 * handler stops the call (a WF_TRAP_INTERRUPTED trap) if the thread is
 * then executing code inside [lo, hi), the plugin's own text, where no
 * runtime lock or half-made runtime update can be held; elsewhere it
 * returns, and the host signals again.  A thread running interruptible
 * code points wf_preempt_current at its scope. */
typedef struct wf_preempt_scope {
  uintptr_t lo, hi;
  WF_ATOMIC(u32) *word;
} wf_preempt_scope;
extern WF_THREAD_LOCAL const wf_preempt_scope *wf_preempt_current;
/* Asks `thread` to stop its interruptible call, if its scope's word is
 * set; false where the platform cannot (the word is still honoured at
 * waits and host calls). */
bool wf_preempt(pthread_t thread);

/* A memory's maximum under the instance's cap. */
#define WF_CAPPED(max, cap) ((cap) && (cap) < (max) ? (cap) : (max))

/* ---- linear memory --------------------------------------------------- */

typedef struct wf_memory {
  u8 *base;              /* never moves for shared or guarded memories */
  WF_ATOMIC(u32) pages;  /* current size; shared memories publish it here */
  u32 max_pages;         /* the declared maximum, or 65536 */
  bool has_max;
  bool shared;
  bool guarded;          /* base sits in a reserved region with guard pages */
  size_t reserved;       /* bytes of address space reserved or allocated */
  pthread_mutex_t grow_lock;
} wf_memory;

/* Initialises *m with `pages` zeroed pages; 0 on success, -1 when the
 * memory cannot be reserved. */
int wf_memory_init(wf_memory *m, u32 pages, u32 max_pages, bool has_max,
                   bool shared);
void wf_memory_release(wf_memory *m);
/* memory.grow: the old size in pages, or (u32)-1. */
u32 wf_memory_grow(wf_memory *m, u32 delta);

static inline u32 wf_memory_pages(wf_memory *m) {
#ifdef __cplusplus
  return __atomic_load_n(&m->pages, __ATOMIC_ACQUIRE);
#else
  return atomic_load_explicit(&m->pages, memory_order_acquire);
#endif
}
static inline u64 wf_memory_bytes(wf_memory *m) {
  return (u64)wf_memory_pages(m) * WF_PAGE_SIZE;
}

/* Bulk memory operations; each traps on out-of-bounds. */
void wf_memory_fill(wf_memory *m, u64 d, u32 val, u64 n);
void wf_memory_copy(wf_memory *dst, wf_memory *src, u64 d, u64 s, u64 n);
void wf_memory_init_seg(wf_memory *m, const u8 *seg, u32 seg_len, u64 d,
                        u64 s, u64 n);

/* ---- tables ---------------------------------------------------------- */

/* A table slot keeps a copy of its function's wf_func next to the
 * reference itself, so call_indirect reads the signature and the code
 * pointer from the slot without chasing the reference.  An empty slot and
 * an externref slot have f.sig == NULL. */
typedef struct wf_table_elem {
  wf_func f;
  wf_ref ref;
} wf_table_elem;

typedef struct wf_table {
  wf_table_elem *elems;
  u32 size;
  u32 max;      /* UINT32_MAX when the table has no maximum */
  char type;    /* 'r' funcref, 'x' externref */
} wf_table;

int wf_table_init(wf_table *t, char type, u32 size, u32 max);
void wf_table_release(wf_table *t);
u32 wf_table_grow(wf_table *t, wf_ref init, u32 delta);
void wf_table_fill(wf_table *t, u64 d, wf_ref val, u64 n);
void wf_table_copy(wf_table *dst, wf_table *src, u64 d, u64 s, u64 n);
void wf_table_init_seg(wf_table *t, const wf_ref *seg, u32 seg_len, u64 d,
                       u64 s, u64 n);

static inline wf_ref wf_table_get(wf_table *t, u32 i) {
  if (WF_UNLIKELY(i >= t->size)) wf_trap(WF_TRAP_OOB_TABLE);
  return t->elems[i].ref;
}
static inline void wf_table_elem_set(wf_table *t, wf_table_elem *e, wf_ref v) {
  static const wf_func none = {NULL, NULL, NULL};
  e->f = v && t->type == 'r' ? *(const wf_func *)v : none;
  e->ref = v;
}
/* table.set: out of line, so that no interruption (wf_preempt) can stop
 * generated code between writing a slot's signature and its code. */
void wf_table_set(wf_table *t, u32 i, wf_ref v);
/* call_indirect's lookup: the function at t[i], checked against sig.  The
 * inline part is the common case (in range, set, same signature string);
 * everything else, including equal signatures from another module, goes
 * out of line. */
const wf_func *wf_call_target_slow(wf_table *t, u32 i, const char *sig);
static inline const wf_func *wf_call_target(wf_table *t, u32 i,
                                            const char *sig) {
  if (WF_LIKELY(i < t->size) && WF_LIKELY(t->elems[i].f.sig == sig))
    return &t->elems[i].f;
  return wf_call_target_slow(t, i, sig);
}

/* ---- globals --------------------------------------------------------- */

typedef struct wf_global {
  union {
    u32 i32;
    u64 i64;
    float f32;   /* not the typedefs: C++ may not redeclare them here */
    double f64;
    wf_ref ref;
    v128 vec;
  };
  char type;   /* signature character */
  bool mut;
} wf_global;

/* ---- module descriptors ---------------------------------------------- */

typedef enum wf_extern_kind {
  WF_EXTERN_FUNC,
  WF_EXTERN_TABLE,
  WF_EXTERN_MEMORY,
  WF_EXTERN_GLOBAL
} wf_extern_kind;

typedef struct wf_limits {
  u64 min, max;
  bool has_max;
  bool shared;
} wf_limits;

typedef struct wf_import_desc {
  const char *module;
  const char *name;
  wf_extern_kind kind;
  const char *sig;   /* func: signature; global: type char, table: elem char */
  bool mut;          /* global */
  wf_limits limits;  /* table, memory */
} wf_import_desc;

typedef struct wf_export_desc {
  const char *name;  /* may contain NUL bytes: name_len counts them */
  wf_extern_kind kind;
  const char *sig;   /* as for imports */
  u32 name_len;
} wf_export_desc;

/* A host fills `imports` in import order with: const wf_func * (func),
 * wf_table *, wf_memory *, wf_global *.  instantiate() runs under
 * wf_protect (segment initialisation and the start function may trap) and
 * returns 0, or -1 when it could not allocate. */
typedef struct wf_module {
  const char *name;
  size_t instance_size;
  u32 nimports;
  const wf_import_desc *imports;
  u32 nexports;
  const wf_export_desc *exports;
  int (*instantiate)(void *inst, void *const *imports);
  void (*free)(void *inst);
  void *(*export_ptr)(void *inst, u32 export_index);
} wf_module;

/* Index of the export called `name` (len bytes, or a C string), or -1. */
int wf_module_find_export_n(const wf_module *m, const char *name, size_t len);
int wf_module_find_export(const wf_module *m, const char *name);
/* Checks that `provided` (a wf_func/wf_table/wf_memory/wf_global as the
 * import's kind says) may satisfy import `imp`; on mismatch writes a reason
 * to why and returns false. */
bool wf_import_matches(const wf_import_desc *imp, const void *provided,
                       char *why, size_t why_len);

/* ---- plugins --------------------------------------------------------- */

/* What `weft build --shared` puts in a plugin .so, for the host library
 * (libweft, host/weft.h) to drive it: the module's descriptor plus
 * adapters between its native C signatures and arrays of values.  Found
 * through the one symbol the .so exports, WF_PLUGIN_ENTRY, whose name
 * carries the ABI version. */
#define WF_PLUGIN_ABI 1
#define WF_PLUGIN_ENTRY weft_plugin_v1
#define WF_PLUGIN_ENTRY_NAME "weft_plugin_v1"

typedef union wf_raw {
  u32 i32;
  u64 i64;
  float f32;
  double f64;
  wf_ref ref;
} wf_raw;

/* Calls an export with its arguments and results as arrays. */
typedef void (*wf_array_call)(void *inst, const wf_raw *args, wf_raw *results);

enum { WF_PLUGIN_INTERRUPTIBLE = 1 };

typedef struct wf_plugin {
  u32 abi;                          /* WF_PLUGIN_ABI */
  u32 flags;                        /* WF_PLUGIN_* */
  const wf_module *module;
  /* per import: for a function, RET f(void *binding, PARAMS...) that
   * packs its arguments and calls wf_host_call(binding, ...); else NULL */
  const wf_fnptr *import_adapters;
  /* per export: for a function, its array call; else NULL */
  const wf_array_call *export_calls;
  /* limits of memory 0 (imported or own), so a host can check a cap */
  u32 nmemories;
  wf_limits memory0;
} wf_plugin;

/* The host library's side (libweft): runs the host function behind a
 * binding, trapping with WF_TRAP_HOST if it fails.  A plugin refers to
 * weft_host_library_v1 so that it loads only into a process that has the
 * host library (the dynamic linker names the missing symbol). */
void wf_host_call(void *binding, const wf_raw *args, wf_raw *results);
extern const int weft_host_library_v1;

/* ---- wait / notify --------------------------------------------------- */

/* memory.atomic.wait32/64: 0 woken, 1 not equal, 2 timed out.  Traps on an
 * unshared memory, a misaligned or out-of-bounds address. */
u32 wf_atomic_wait32(wf_memory *m, u64 addr, u32 expected, s64 timeout_ns);
u32 wf_atomic_wait64(wf_memory *m, u64 addr, u64 expected, s64 timeout_ns);
/* memory.atomic.notify: the number of waiters woken (0 on unshared). */
u32 wf_atomic_notify(wf_memory *m, u64 addr, u32 count);

/* Interruptible waits: a host that interrupts instances points this at
 * the interrupt word (wf_instance_hdr.interrupt) of the instance the thread
 * runs; a wait then traps WF_TRAP_INTERRUPTED when the word is nonzero as
 * it starts, or when wf_wake_interrupted(word) wakes it. */
extern WF_THREAD_LOCAL WF_ATOMIC(u32) *wf_interrupt_word;
void wf_wake_interrupted(WF_ATOMIC(u32) *word);

#ifndef __cplusplus
#include "weft_rt_mem.h"
#include "weft_rt_num.h"
#include "weft_rt_simd.h"
#endif

#ifdef __cplusplus
}
#endif

#endif /* WEFT_RT_H */
