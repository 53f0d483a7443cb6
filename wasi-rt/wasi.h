/*
 * wasi.h - weft's WASI preview1 host (wasi_snapshot_preview1 and its older
 * name wasi_unstable, preview 0).
 *
 * A wasi_ctx is one program's view of the world: its argv, its environment
 * (exactly what the host passed, nothing inherited), its file descriptors
 * (0-2 are the process's stdio, then the preopened directories from 3 on),
 * and the linear memory the guest's pointers refer to.  Every host function
 * takes the ctx as its first argument (the wf_func ctx), validates every
 * guest pointer against the memory's current size, and returns a WASI errno
 * (0 success); none of them traps.  A ctx may be used from several threads
 * at once (wasi-threads): the fd table is locked internally.
 */
#ifndef WEFT_WASI_H
#define WEFT_WASI_H

#include "weft_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wasi_preopen {
  const char *host;   /* host directory to open */
  const char *guest;  /* name the guest sees, e.g. "." or "/data" */
} wasi_preopen;

typedef struct wasi_config {
  int argc;
  char **argv;                /* argv[0] is the program name */
  int envc;
  char **env;                 /* "KEY=VALUE" strings */
  int npreopens;
  const wasi_preopen *preopens;
  /* The guest's fds 0-2: the process's own 0-2 unless has_stdio_fds, then
   * duplicates of these host fds (-1: closed), which the context owns. */
  bool has_stdio_fds;
  int stdio_fds[3];
} wasi_config;

typedef struct wasi_ctx wasi_ctx;

/* Copies cfg and opens the preopens.  On failure returns NULL and writes a
 * one-line reason (naming the directory) to why. */
wasi_ctx *wasi_ctx_new(const wasi_config *cfg, char *why, size_t why_len);
void wasi_ctx_free(wasi_ctx *ctx);
/* The memory guest pointers refer to; set before the first host call. */
void wasi_ctx_set_memory(wasi_ctx *ctx, wf_memory *mem);

/* What proc_exit does.  The default ends the process with _exit(code)
 * (wasi-threads: any thread's proc_exit ends every thread).  A host that
 * must survive the guest (a plugin, the spec harness) installs its own,
 * which normally calls wf_trap(WF_TRAP_EXIT) after recording the code. */
void wasi_ctx_set_exit_handler(wasi_ctx *ctx,
                               void (*on_exit)(wasi_ctx *, u32 code));

/* Host function lookup: the function `name` of import module `module`
 * ("wasi_snapshot_preview1" or "wasi_unstable"), or NULL if weft does not
 * provide it.  `sig` is the Wasm signature in wf_func notation. */
typedef struct wasi_fn {
  const char *name;
  const char *sig;
  wf_fnptr fn;
} wasi_fn;
const wasi_fn *wasi_find(const char *module, const char *name);

/* WASI errno values used by more than one file. */
enum {
  WASI_ESUCCESS = 0,
  WASI_E2BIG = 1,
  WASI_EACCES = 2,
  WASI_EBADF = 8,
  WASI_EEXIST = 20,
  WASI_EFAULT = 21,
  WASI_EINVAL = 28,
  WASI_EIO = 29,
  WASI_EISDIR = 31,
  WASI_ENOENT = 44,
  WASI_ENOSYS = 52,
  WASI_ENOTDIR = 54,
  WASI_ENOTSUP = 58,
  WASI_EPERM = 63,
  WASI_ESPIPE = 70,
  WASI_ENOTCAPABLE = 76,
};

#ifdef __cplusplus
}
#endif

#endif /* WEFT_WASI_H */
