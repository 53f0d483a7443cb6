/* tb.h - the platform layer of the thread benchmarks: one C source per
 * benchmark builds both natively (gcc, pthreads, C11-style __atomic
 * builtins, Linux futex) and for wasm32 with wasi-threads (clang-19
 * -nostdlib -matomics -mbulk-memory, shared imported memory, WASI imports
 * declared here, memory.atomic.wait32/notify, thread-spawn), so the two
 * sides run exactly the same algorithm.
 *
 * Debian's wasi-libc has no pthreads and cannot be linked into a
 * shared-memory module, hence no libc at all on the wasm side: output is
 * fd_write of our own formatting, time is clock_time_get(monotonic), and
 * each thread gets its own stack from tb_entry_wasm.s.
 *
 * API (both sides):
 *   tb_spawn(&t, fn, arg)   start fn(arg) on a new thread (0 ok)
 *   tb_join(&t)             wait until it has finished; t may then be reused
 *   tb_now_ns()             monotonic nanoseconds
 *   tb_wait32(p, v)         if *p == v, sleep until woken (may wake spuriously)
 *   tb_notify(p, n)         wake up to n sleepers on p
 *   tb_result(name, num, den, unit)  print "RESULT name num/den unit"
 *   tb_fail(msg)            print "FAIL msg" and exit 1
 *   TB_SIZE(full, check)    sizes; -DTB_CHECK picks the tiny one
 * Atomics are the __atomic builtins with __ATOMIC_SEQ_CST on both sides. */
#ifndef TB_H
#define TB_H

#include <stdint.h>

#ifdef TB_CHECK
#define TB_SIZE(full, check) (check)
#else
#define TB_SIZE(full, check) (full)
#endif

#define TB_SEQ __ATOMIC_SEQ_CST
#define TB_STACK_BYTES 65536

typedef struct tb_thread tb_thread;

#ifdef __wasm__
/* ---- wasm32 + wasi-threads --------------------------------------------- */
#define TB_IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))
TB_IMPORT("wasi_snapshot_preview1", "fd_write")
int32_t tb_fd_write(int32_t fd, const void *iovs, int32_t n, int32_t *written);
TB_IMPORT("wasi_snapshot_preview1", "clock_time_get")
int32_t tb_clock_time_get(int32_t id, int64_t precision, uint64_t *out);
TB_IMPORT("wasi_snapshot_preview1", "proc_exit")
_Noreturn void tb_proc_exit(int32_t code);
TB_IMPORT("wasi", "thread-spawn") int32_t tb_thread_spawn(void *arg);

struct tb_thread {
  uint32_t stack_top; /* offset 0: read by tb_entry_wasm.s */
  void (*fn)(void *);
  void *arg;
  int32_t done; /* offset 12: set to 1 (and notified) by tb_entry_wasm.s */
  _Alignas(16) uint8_t stack[TB_STACK_BYTES];
};

static void tb_write(const char *s, uint32_t n) {
  struct { const char *p; uint32_t n; } iov = {s, n};
  int32_t w;
  tb_fd_write(1, &iov, 1, &w);
}

static uint64_t tb_now_ns(void) {
  uint64_t t = 0;
  tb_clock_time_get(1, 1, &t);
  return t;
}

static inline void tb_wait32(int32_t *p, int32_t v) {
  __builtin_wasm_memory_atomic_wait32(p, v, -1);
}

static inline void tb_notify(int32_t *p, uint32_t n) {
  __builtin_wasm_memory_atomic_notify(p, n);
}

static _Noreturn void tb_exit(int code) { tb_proc_exit(code); }

/* Called from tb_entry_wasm.s on the new thread's own stack. */
void tb_thread_main(tb_thread *t) { t->fn(t->arg); }

/* The command's entry: no libc, so no crt1 either. */
int main(void);
__attribute__((export_name("_start"))) void _start(void) {
  int r = main();
  if (r) tb_proc_exit(r);
}

static int tb_spawn(tb_thread *t, void (*fn)(void *), void *arg) {
  t->stack_top = (uint32_t)(uintptr_t)(t->stack + sizeof t->stack);
  t->fn = fn, t->arg = arg;
  __atomic_store_n(&t->done, 0, TB_SEQ);
  return tb_thread_spawn(t) > 0 ? 0 : -1;
}

static void tb_join(tb_thread *t) {
  while (!__atomic_load_n(&t->done, TB_SEQ)) tb_wait32(&t->done, 0);
}

#else
/* ---- native: pthreads + futex ------------------------------------------ */
#include <linux/futex.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct tb_thread {
  pthread_t id;
  void (*fn)(void *);
  void *arg;
};

static void tb_write(const char *s, uint32_t n) {
  while (n) {
    ssize_t k = write(1, s, n);
    if (k <= 0) return;
    s += k, n -= (uint32_t)k;
  }
}

static uint64_t tb_now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static inline void tb_wait32(int32_t *p, int32_t v) {
  syscall(SYS_futex, p, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

static inline void tb_notify(int32_t *p, uint32_t n) {
  syscall(SYS_futex, p, FUTEX_WAKE_PRIVATE, n > 0x7fffffffu ? 0x7fffffff : (int)n, NULL,
          NULL, 0);
}

static _Noreturn void tb_exit(int code) { exit(code); }

static void *tb_start(void *t) {
  ((tb_thread *)t)->fn(((tb_thread *)t)->arg);
  return NULL;
}

static int tb_spawn(tb_thread *t, void (*fn)(void *), void *arg) {
  t->fn = fn, t->arg = arg;
  return pthread_create(&t->id, NULL, tb_start, t) ? -1 : 0;
}

static void tb_join(tb_thread *t) { pthread_join(t->id, NULL); }
#endif

/* ---- shared: output ----------------------------------------------------- */
static uint32_t tb_strlen(const char *s) {
  uint32_t n = 0;
  while (s[n]) n++;
  return n;
}

static void tb_puts(const char *s) { tb_write(s, tb_strlen(s)); }

static void tb_put_u64(uint64_t v) {
  char b[24];
  int i = 24;
  do b[--i] = (char)('0' + v % 10), v /= 10; while (v);
  tb_write(b + i, (uint32_t)(24 - i));
}

/* Prints "RESULT name value unit" with value = num/den to 3 decimals. */
static void tb_result(const char *name, uint64_t num, uint64_t den, const char *unit) {
  uint64_t milli = (num * 1000 + den / 2) / den;
  tb_puts("RESULT "), tb_puts(name), tb_puts(" ");
  tb_put_u64(milli / 1000), tb_puts(".");
  char frac[3] = {(char)('0' + milli / 100 % 10), (char)('0' + milli / 10 % 10),
                  (char)('0' + milli % 10)};
  tb_write(frac, 3);
  tb_puts(" "), tb_puts(unit), tb_puts("\n");
}

static _Noreturn void tb_fail(const char *msg) {
  tb_puts("FAIL "), tb_puts(msg), tb_puts("\n");
  tb_exit(1);
}

/* Spin (with the CPU's pause hint where there is one) until *p == v. */
static inline void tb_spin_until(int32_t *p, int32_t v) {
  while (__atomic_load_n(p, TB_SEQ) != v) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
}

#endif
