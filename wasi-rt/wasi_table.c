/*
 * wasi_table.c - wasi_find: every WASI preview1 import by name, with its
 * signature and the C function that implements it, for the module names
 * "wasi_snapshot_preview1" and "wasi_unstable" (preview 0).
 *
 * One list serves both modules.  Preview 0 has the same functions and
 * signatures except: fd_seek numbers `whence` differently, poll_oneoff's
 * clock subscriptions are laid out differently, and sock_accept did not
 * exist yet.  Signatures are in wf_func notation (i = i32, j = i64,
 * params ':' results) and follow wasi_snapshot_preview1.witx as wasi-libc
 * lowers it.
 */
#include "wasi_internal.h"

/* ---- functions not provided yet ---------------------------------------
 * Not provided yet; a later issue completes them.  Until then each answers
 * ENOSYS, so a module importing them still links and can run as long as
 * it copes with the error.  One stub per signature, because a function
 * must be called through a pointer of its exact type. */

#define NOSYS(name, ...)                        \
  static u32 name(void *ctx, __VA_ARGS__) {     \
    (void)ctx;                                  \
    return WASI_ENOSYS;                         \
  }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"

NOSYS(nosys_ii, u32 a, u32 b)
NOSYS(nosys_iii, u32 a, u32 b, u32 c)
NOSYS(nosys_iiiii, u32 a, u32 b, u32 c, u32 d, u32 e)
NOSYS(nosys_iiiiii, u32 a, u32 b, u32 c, u32 d, u32 e, u32 f)
NOSYS(nosys_iiiiiii, u32 a, u32 b, u32 c, u32 d, u32 e, u32 f, u32 g)
NOSYS(nosys_ij, u32 a, u64 b)
NOSYS(nosys_ijj, u32 a, u64 b, u64 c)
NOSYS(nosys_ijji, u32 a, u64 b, u64 c, u32 d)
NOSYS(nosys_iiiji, u32 a, u32 b, u32 c, u64 d, u32 e)
NOSYS(nosys_iiiijji, u32 a, u32 b, u32 c, u32 d, u64 e, u64 f, u32 g)
NOSYS(nosys_iiiiijjii, u32 a, u32 b, u32 c, u32 d, u32 e, u64 f, u64 g,
      u32 h, u32 i)
#pragma GCC diagnostic pop

/* ---- the table ---------------------------------------------------------
 * X(name, signature, preview1 function, wasi_unstable function or NONE) */

#define NONE 0

#define WASI_FUNCTIONS(X)                                                   \
  X(args_get, "ii:i", wasi_args_get, wasi_args_get)                         \
  X(args_sizes_get, "ii:i", wasi_args_sizes_get, wasi_args_sizes_get)       \
  X(environ_get, "ii:i", wasi_environ_get, wasi_environ_get)                \
  X(environ_sizes_get, "ii:i", wasi_environ_sizes_get,                      \
    wasi_environ_sizes_get)                                                 \
  X(clock_res_get, "ii:i", wasi_clock_res_get, wasi_clock_res_get)          \
  X(clock_time_get, "iji:i", wasi_clock_time_get, wasi_clock_time_get)      \
  X(fd_advise, "ijji:i", nosys_ijji, nosys_ijji)                            \
  X(fd_allocate, "ijj:i", nosys_ijj, nosys_ijj)                             \
  X(fd_close, "i:i", wasi_fd_close, wasi_fd_close)                          \
  X(fd_datasync, "i:i", wasi_fd_datasync, wasi_fd_datasync)                 \
  X(fd_fdstat_get, "ii:i", wasi_fd_fdstat_get, wasi_fd_fdstat_get)          \
  X(fd_fdstat_set_flags, "ii:i", wasi_fd_fdstat_set_flags,                  \
    wasi_fd_fdstat_set_flags)                                               \
  X(fd_fdstat_set_rights, "ijj:i", nosys_ijj, nosys_ijj)                    \
  X(fd_filestat_get, "ii:i", nosys_ii, nosys_ii)                            \
  X(fd_filestat_set_size, "ij:i", nosys_ij, nosys_ij)                       \
  X(fd_filestat_set_times, "ijji:i", nosys_ijji, nosys_ijji)                \
  X(fd_pread, "iiiji:i", wasi_fd_pread, wasi_fd_pread)                      \
  X(fd_prestat_get, "ii:i", wasi_fd_prestat_get, wasi_fd_prestat_get)       \
  X(fd_prestat_dir_name, "iii:i", wasi_fd_prestat_dir_name,                 \
    wasi_fd_prestat_dir_name)                                               \
  X(fd_pwrite, "iiiji:i", wasi_fd_pwrite, wasi_fd_pwrite)                   \
  X(fd_read, "iiii:i", wasi_fd_read, wasi_fd_read)                          \
  X(fd_readdir, "iiiji:i", nosys_iiiji, nosys_iiiji)                        \
  X(fd_renumber, "ii:i", nosys_ii, nosys_ii)                                \
  X(fd_seek, "ijii:i", wasi_fd_seek, wasi_unstable_fd_seek)                 \
  X(fd_sync, "i:i", wasi_fd_sync, wasi_fd_sync)                             \
  X(fd_tell, "ii:i", wasi_fd_tell, wasi_fd_tell)                            \
  X(fd_write, "iiii:i", wasi_fd_write, wasi_fd_write)                       \
  X(path_create_directory, "iii:i", nosys_iii, nosys_iii)                   \
  X(path_filestat_get, "iiiii:i", nosys_iiiii, nosys_iiiii)                 \
  X(path_filestat_set_times, "iiiijji:i", nosys_iiiijji, nosys_iiiijji)     \
  X(path_link, "iiiiiii:i", nosys_iiiiiii, nosys_iiiiiii)                   \
  X(path_open, "iiiiijjii:i", nosys_iiiiijjii, nosys_iiiiijjii)             \
  X(path_readlink, "iiiiii:i", nosys_iiiiii, nosys_iiiiii)                  \
  X(path_remove_directory, "iii:i", nosys_iii, nosys_iii)                   \
  X(path_rename, "iiiiii:i", nosys_iiiiii, nosys_iiiiii)                    \
  X(path_symlink, "iiiii:i", nosys_iiiii, nosys_iiiii)                      \
  X(path_unlink_file, "iii:i", nosys_iii, nosys_iii)                        \
  X(poll_oneoff, "iiii:i", wasi_poll_oneoff, wasi_unstable_poll_oneoff)     \
  X(proc_exit, "i:", wasi_proc_exit, wasi_proc_exit)                        \
  X(proc_raise, "i:i", wasi_proc_raise, wasi_proc_raise)                    \
  X(sched_yield, ":i", wasi_sched_yield, wasi_sched_yield)                  \
  X(random_get, "ii:i", wasi_random_get, wasi_random_get)                   \
  X(sock_accept, "iii:i", nosys_iii, NONE)                                  \
  X(sock_recv, "iiiiii:i", nosys_iiiiii, nosys_iiiiii)                      \
  X(sock_send, "iiiii:i", nosys_iiiii, nosys_iiiii)                         \
  X(sock_shutdown, "ii:i", nosys_ii, nosys_ii)

#define ENTRY_PREVIEW1(name, sig, p1, p0) {#name, sig, (wf_fnptr)(p1)},
#define ENTRY_PREVIEW0(name, sig, p1, p0) {#name, sig, (wf_fnptr)(p0)},

static const wasi_fn preview1[] = {WASI_FUNCTIONS(ENTRY_PREVIEW1)};
static const wasi_fn preview0[] = {WASI_FUNCTIONS(ENTRY_PREVIEW0)};

static const struct {
  const char *module;
  const wasi_fn *fns;
  size_t n;
} modules[] = {
  {"wasi_snapshot_preview1", preview1, sizeof preview1 / sizeof *preview1},
  {"wasi_unstable", preview0, sizeof preview0 / sizeof *preview0},
};

const wasi_fn *wasi_find(const char *module, const char *name) {
  for (size_t m = 0; m < sizeof modules / sizeof *modules; m++) {
    if (strcmp(module, modules[m].module) != 0) continue;
    for (size_t i = 0; i < modules[m].n; i++) {
      const wasi_fn *f = &modules[m].fns[i];
      if (f->fn && strcmp(name, f->name) == 0) return f;
    }
  }
  return NULL;
}
