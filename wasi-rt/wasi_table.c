/*
 * wasi_table.c - wasi_find: every WASI preview1 import by name, with its
 * signature and the C function that implements it, for the module names
 * "wasi_snapshot_preview1" and "wasi_unstable" (preview 0).
 *
 * One list serves both modules.  Preview 0 has the same functions and
 * signatures except: fd_seek numbers `whence` differently, poll_oneoff's
 * clock subscriptions are laid out differently, filestat (fd_filestat_get,
 * path_filestat_get) has a 32-bit link count, and sock_accept did not
 * exist yet.  proc_raise is the one function answered with ENOSYS
 * (wasi_proc.c says why).  Signatures are in wf_func notation (i = i32,
 * j = i64, params ':' results) and follow wasi_snapshot_preview1.witx as
 * wasi-libc lowers it.
 */
#include "wasi_internal.h"

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
  X(fd_advise, "ijji:i", wasi_fd_advise, wasi_fd_advise)                    \
  X(fd_allocate, "ijj:i", wasi_fd_allocate, wasi_fd_allocate)               \
  X(fd_close, "i:i", wasi_fd_close, wasi_fd_close)                          \
  X(fd_datasync, "i:i", wasi_fd_datasync, wasi_fd_datasync)                 \
  X(fd_fdstat_get, "ii:i", wasi_fd_fdstat_get, wasi_fd_fdstat_get)          \
  X(fd_fdstat_set_flags, "ii:i", wasi_fd_fdstat_set_flags,                  \
    wasi_fd_fdstat_set_flags)                                               \
  X(fd_fdstat_set_rights, "ijj:i", wasi_fd_fdstat_set_rights,               \
    wasi_fd_fdstat_set_rights)                                              \
  X(fd_filestat_get, "ii:i", wasi_fd_filestat_get,                          \
    wasi_unstable_fd_filestat_get)                                          \
  X(fd_filestat_set_size, "ij:i", wasi_fd_filestat_set_size,                \
    wasi_fd_filestat_set_size)                                              \
  X(fd_filestat_set_times, "ijji:i", wasi_fd_filestat_set_times,            \
    wasi_fd_filestat_set_times)                                             \
  X(fd_pread, "iiiji:i", wasi_fd_pread, wasi_fd_pread)                      \
  X(fd_prestat_get, "ii:i", wasi_fd_prestat_get, wasi_fd_prestat_get)       \
  X(fd_prestat_dir_name, "iii:i", wasi_fd_prestat_dir_name,                 \
    wasi_fd_prestat_dir_name)                                               \
  X(fd_pwrite, "iiiji:i", wasi_fd_pwrite, wasi_fd_pwrite)                   \
  X(fd_read, "iiii:i", wasi_fd_read, wasi_fd_read)                          \
  X(fd_readdir, "iiiji:i", wasi_fd_readdir, wasi_fd_readdir)                \
  X(fd_renumber, "ii:i", wasi_fd_renumber, wasi_fd_renumber)                \
  X(fd_seek, "ijii:i", wasi_fd_seek, wasi_unstable_fd_seek)                 \
  X(fd_sync, "i:i", wasi_fd_sync, wasi_fd_sync)                             \
  X(fd_tell, "ii:i", wasi_fd_tell, wasi_fd_tell)                            \
  X(fd_write, "iiii:i", wasi_fd_write, wasi_fd_write)                       \
  X(path_create_directory, "iii:i", wasi_path_create_directory,             \
    wasi_path_create_directory)                                             \
  X(path_filestat_get, "iiiii:i", wasi_path_filestat_get,                   \
    wasi_unstable_path_filestat_get)                                        \
  X(path_filestat_set_times, "iiiijji:i", wasi_path_filestat_set_times,     \
    wasi_path_filestat_set_times)                                           \
  X(path_link, "iiiiiii:i", wasi_path_link, wasi_path_link)                 \
  X(path_open, "iiiiijjii:i", wasi_path_open, wasi_path_open)               \
  X(path_readlink, "iiiiii:i", wasi_path_readlink, wasi_path_readlink)      \
  X(path_remove_directory, "iii:i", wasi_path_remove_directory,             \
    wasi_path_remove_directory)                                             \
  X(path_rename, "iiiiii:i", wasi_path_rename, wasi_path_rename)            \
  X(path_symlink, "iiiii:i", wasi_path_symlink, wasi_path_symlink)          \
  X(path_unlink_file, "iii:i", wasi_path_unlink_file,                       \
    wasi_path_unlink_file)                                                  \
  X(poll_oneoff, "iiii:i", wasi_poll_oneoff, wasi_unstable_poll_oneoff)     \
  X(proc_exit, "i:", wasi_proc_exit, wasi_proc_exit)                        \
  X(proc_raise, "i:i", wasi_proc_raise, wasi_proc_raise)                    \
  X(sched_yield, ":i", wasi_sched_yield, wasi_sched_yield)                  \
  X(random_get, "ii:i", wasi_random_get, wasi_random_get)                   \
  X(sock_accept, "iii:i", wasi_sock_accept, NONE)                           \
  X(sock_recv, "iiiiii:i", wasi_sock_recv, wasi_sock_recv)                  \
  X(sock_send, "iiiii:i", wasi_sock_send, wasi_sock_send)                   \
  X(sock_shutdown, "ii:i", wasi_sock_shutdown, wasi_sock_shutdown)

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
