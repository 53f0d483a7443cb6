/*
 * weft.h - loading weft plugins: sandboxed .so files made by
 * `weft build --shared`, called from a C or C++ host through libweft.
 *
 *   weft_plugin *p = weft_plugin_open("libfilter.so", &err);
 *   weft_instance *in = weft_instance_new(p, &cfg, &err);
 *   weft_val args[1] = {weft_i32(7)}, res[1];
 *   if (weft_call(in, "score", args, 1, res, 1, &err) != WEFT_OK)
 *     fprintf(stderr, "%s\n", err.message);
 *   weft_instance_free(in);
 *   weft_plugin_close(p);
 *
 * Contract:
 *   - Nothing a plugin does ends the host: every trap, proc_exit, host
 *     function failure and interruption comes back from the call that met
 *     it as a status with a message (weft_error).  Functions taking a
 *     weft_error * accept NULL there.
 *   - After a trap the instance stays usable, as in Wasm: its memory and
 *     globals are as the trap left them.  After proc_exit it is finished:
 *     every later call returns WEFT_EXITED with the same code.  After a trap
 *     or proc_exit on one of its threads (wasi-threads), the instance and
 *     all its threads are finished: the running threads are stopped and
 *     every later call returns the error that ended them.
 *   - An instance runs one call at a time: call it from one thread at a
 *     time (host functions may call back into their caller).  Different
 *     instances, of one plugin or several, run concurrently.
 *   - weft_instance_interrupt may be called from any thread at any time.
 *   - One runtime per process: libweft holds the signal handler and the
 *     registry of guard regions for every plugin and every translated
 *     module the host links itself.  Install your own SIGSEGV/SIGBUS
 *     handler before the first plugin call: faults that are not Wasm's are
 *     passed on to it.
 *   - A host links libweft (shared, or static with its symbols exported,
 *     -rdynamic); a plugin loaded without it fails to open, naming the
 *     symbol weft_host_library_v1.
 *
 * Signatures are strings of type characters, parameters, ':' and results:
 * i i32, j i64, f f32, d f64, r funcref, x externref ("ij:d" takes an i32
 * and an i64 and returns an f64).
 */
#ifndef WEFT_H
#define WEFT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WEFT_PLUGIN_ABI 1

typedef struct weft_plugin weft_plugin;
typedef struct weft_instance weft_instance;

/* ---- values ---------------------------------------------------------- */

typedef enum weft_type {
  WEFT_TYPE_I32 = 'i',
  WEFT_TYPE_I64 = 'j',
  WEFT_TYPE_F32 = 'f',
  WEFT_TYPE_F64 = 'd',
  WEFT_TYPE_FUNCREF = 'r',
  WEFT_TYPE_EXTERNREF = 'x',
} weft_type;

/* An untyped value: what the signature says it is. */
typedef union weft_raw {
  uint32_t i32;
  uint64_t i64;
  float f32;
  double f64;
  void *ref;
} weft_raw;

typedef struct weft_val {
  weft_type type;
  weft_raw of;
} weft_val;

static inline weft_val weft_i32(uint32_t v) {
  weft_val x;
  x.type = WEFT_TYPE_I32, x.of.i64 = 0, x.of.i32 = v;
  return x;
}
static inline weft_val weft_i64(uint64_t v) {
  weft_val x;
  x.type = WEFT_TYPE_I64, x.of.i64 = v;
  return x;
}
static inline weft_val weft_f32(float v) {
  weft_val x;
  x.type = WEFT_TYPE_F32, x.of.i64 = 0, x.of.f32 = v;
  return x;
}
static inline weft_val weft_f64(double v) {
  weft_val x;
  x.type = WEFT_TYPE_F64, x.of.f64 = v;
  return x;
}

/* ---- errors ---------------------------------------------------------- */

typedef enum weft_status {
  WEFT_OK = 0,
  WEFT_ERROR,        /* a bad request: no such file, export, signature... */
  WEFT_TRAP,         /* the Wasm code trapped; see trap */
  WEFT_EXITED,       /* proc_exit; see exit_code */
  WEFT_INTERRUPTED,  /* weft_instance_interrupt or the call's time ran out */
} weft_status;

/* Why a call trapped (WEFT_TRAP). */
typedef enum weft_trap {
  WEFT_TRAP_NONE = 0,
  WEFT_TRAP_UNREACHABLE,
  WEFT_TRAP_OOB_MEMORY,
  WEFT_TRAP_OOB_TABLE,
  WEFT_TRAP_UNDEFINED_ELEMENT,
  WEFT_TRAP_UNINITIALIZED_ELEMENT,
  WEFT_TRAP_INDIRECT_CALL_TYPE,
  WEFT_TRAP_DIV_BY_ZERO,
  WEFT_TRAP_INT_OVERFLOW,
  WEFT_TRAP_INVALID_CONVERSION,
  WEFT_TRAP_NULL_REFERENCE,
  WEFT_TRAP_UNALIGNED_ATOMIC,
  WEFT_TRAP_CALL_STACK_EXHAUSTED,
  WEFT_TRAP_EXPECTED_SHARED_MEMORY,
  WEFT_TRAP_OUT_OF_MEMORY,
  WEFT_TRAP_HOST,    /* a host function returned an error */
} weft_trap;

typedef struct weft_error {
  weft_status status;
  weft_trap trap;
  int exit_code;      /* WEFT_EXITED */
  char message[256];  /* one line, naming what went wrong */
} weft_error;

/* ---- plugins --------------------------------------------------------- */

/* Opens a plugin .so.  NULL on error: missing or unloadable file, not a
 * weft plugin, built by an incompatible weft. */
weft_plugin *weft_plugin_open(const char *path, weft_error *err);
/* Closes the plugin, first freeing any instance still open. */
void weft_plugin_close(weft_plugin *p);

typedef enum weft_extern_kind {
  WEFT_EXTERN_FUNC,
  WEFT_EXTERN_TABLE,
  WEFT_EXTERN_MEMORY,
  WEFT_EXTERN_GLOBAL,
} weft_extern_kind;

typedef struct weft_extern {
  const char *module;     /* imports only */
  const char *name;
  weft_extern_kind kind;
  const char *signature;  /* functions; a global's or table's type char */
} weft_extern;

uint32_t weft_plugin_import_count(const weft_plugin *p);
uint32_t weft_plugin_export_count(const weft_plugin *p);
/* Fills *out and returns 0, or -1 when i is out of range. */
int weft_plugin_import(const weft_plugin *p, uint32_t i, weft_extern *out);
int weft_plugin_export(const weft_plugin *p, uint32_t i, weft_extern *out);

/* ---- instances ------------------------------------------------------- */

/* A host function: args and results as its signature says.  Return 0, or
 * call weft_host_error and return -1, which traps the calling Wasm code
 * with WEFT_TRAP_HOST and that message.  caller is the instance whose
 * code called (its memory is reachable with weft_memory_*). */
typedef int (*weft_host_fn)(void *env, weft_instance *caller,
                            const weft_raw *args, weft_raw *results);

typedef struct weft_import_binding {
  const char *module, *name;
  const char *signature;  /* must equal the import's */
  weft_host_fn fn;
  void *env;
} weft_import_binding;

typedef struct weft_preopen {
  const char *host;   /* a host directory */
  const char *guest;  /* the name the plugin sees, e.g. "/data" */
} weft_preopen;

/* WASI preview1 for an instance (wasi_snapshot_preview1, wasi_unstable):
 * the plugin sees these arguments and variables, the preopened
 * directories from fd 3 on, and the given host descriptors as its fds 0-2
 * (-1: closed).  Without it, WASI imports must be bound like any other. */
typedef struct weft_wasi_config {
  int argc;
  const char *const *argv;
  int envc;
  const char *const *env;   /* "KEY=VALUE" */
  int npreopens;
  const weft_preopen *preopens;
  int stdin_fd, stdout_fd, stderr_fd;
} weft_wasi_config;

typedef struct weft_instance_config {
  const weft_import_binding *imports;
  size_t nimports;
  const weft_wasi_config *wasi;  /* NULL: no WASI */
  /* memory.grow past this many pages fails (returns -1); 0: the module's
   * own maximum.  An initial size above it fails weft_instance_new. */
  uint32_t max_memory_pages;
  /* threads the instance may run at once (wasi.thread-spawn); beyond it
   * thread-spawn fails (returns a negative value).  0: 64. */
  uint32_t max_threads;
  /* every call may run this long before it returns WEFT_INTERRUPTED;
   * 0: no limit.  See also weft_instance_set_timeout. */
  uint64_t timeout_ns;
} weft_instance_config;

/* Links every import (host bindings first, then WASI if configured, then
 * wasi.thread-spawn and imported memories, which libweft provides),
 * instantiates the module and runs its start function and, for a reactor,
 * its _initialize export.  NULL on error: an import not bound, a
 * signature that differs, a trap while initialising, out of memory. */
weft_instance *weft_instance_new(weft_plugin *p, const weft_instance_config *cfg,
                                 weft_error *err);
/* Stops the instance's threads and frees it.  Not during one of its calls
 * (interrupt it first from another thread). */
void weft_instance_free(weft_instance *inst);

/* Calls export `name` with nargs arguments, writes nresults results.
 * Types and counts must match the export's signature (else WEFT_ERROR). */
weft_status weft_call(weft_instance *inst, const char *name,
                      const weft_val *args, size_t nargs, weft_val *results,
                      size_t nresults, weft_error *err);

/* The fast path for hot calls: look the export up once, with the
 * signature you will call it with, then call it with untyped values. */
typedef struct weft_func {
  void *opaque[3];
} weft_func;
weft_status weft_func_lookup(weft_instance *inst, const char *name,
                             const char *signature, weft_func *out,
                             weft_error *err);
weft_status weft_func_call(weft_instance *inst, const weft_func *f,
                           const weft_raw *args, weft_raw *results,
                           weft_error *err);

/* For host functions: sets the message of the trap the -1 return causes. */
void weft_host_error(weft_instance *caller, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- memory ---------------------------------------------------------- */

/* The instance's memory 0 (its own or imported), in bytes; 0 if none. */
uint64_t weft_memory_size(weft_instance *inst);
/* Copy between the instance's memory and the host; WEFT_ERROR (and nothing
 * copied) unless [offset, offset + len) lies inside the memory. */
weft_status weft_memory_read(weft_instance *inst, uint64_t offset, void *dst,
                             size_t len, weft_error *err);
weft_status weft_memory_write(weft_instance *inst, uint64_t offset,
                              const void *src, size_t len, weft_error *err);

/* ---- interruption ---------------------------------------------------- */

/* The call running in inst (or the next one, if none runs) returns
 * WEFT_INTERRUPTED within about a millisecond: libweft signals the thread
 * (SIGURG) and stops the call where the plugin's own code runs; a
 * memory.atomic.wait wakes.  Threads the instance spawned are not affected
 * (weft_instance_free stops them). */
void weft_instance_interrupt(weft_instance *inst);
/* Every later call may run ns nanoseconds (0: no limit). */
void weft_instance_set_timeout(weft_instance *inst, uint64_t ns);
/* Threads of the instance running now (wasi-threads). */
uint32_t weft_instance_threads(weft_instance *inst);

const char *weft_status_name(weft_status s);

#ifdef __cplusplus
}
#endif

#endif /* WEFT_H */
