/* wasi_glue.c - the least WASI preview1 host that lets a wasm32-wasi
 * command translated by Debian's wasm2c 1.0.32 run the benchmark kernels.
 *
 * Build (bench/run.py does this):
 *   wasm2c -n kernel prog.wasm -o kernel.c
 *   gcc -O2 -I. -I/usr/share/wabt/wasm2c kernel.c wasi_glue.c \
 *       -lwasm-rt-impl -lm
 * The module must be named "kernel" (wasm2c -n kernel): main() calls
 * Z_kernel_instantiate and Z_kernelZ__start from the generated kernel.h.
 *
 * What it provides: stdout/stderr writes, process exit, empty argv (just
 * the program name) and environment, the clocks, and stubs that let
 * wasi-libc's stdio and start-up code run (fdstat of the standard
 * descriptors, no preopens, seek/close answered as for a terminal).
 * Anything else is not imported by the kernels; a kernel that needs more
 * fails to link, naming the missing Z_wasi_snapshot_preview1Z_ function. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kernel.h"
#include "wasm-rt-impl.h"

enum { W_ESUCCESS = 0, W_EBADF = 8, W_EFAULT = 21, W_EINVAL = 28, W_EIO = 29, W_ESPIPE = 70 };

struct Z_wasi_snapshot_preview1_instance_t {
  wasm_rt_memory_t *mem;
  const char *prog;
};

/* Pointer to n bytes of linear memory at addr, or NULL when out of range. */
static uint8_t *mem_at(struct Z_wasi_snapshot_preview1_instance_t *w, u32 addr, u64 n) {
  if ((u64)addr + n > w->mem->size) return NULL;
  return w->mem->data + addr;
}

static int put32(struct Z_wasi_snapshot_preview1_instance_t *w, u32 addr, u32 v) {
  uint8_t *p = mem_at(w, addr, 4);
  if (!p) return 0;
  memcpy(p, &v, 4); /* x86-64 and Wasm are both little-endian */
  return 1;
}

static int put64(struct Z_wasi_snapshot_preview1_instance_t *w, u32 addr, u64 v) {
  uint8_t *p = mem_at(w, addr, 8);
  if (!p) return 0;
  memcpy(p, &v, 8);
  return 1;
}

u32 Z_wasi_snapshot_preview1Z_args_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *w,
                                             u32 argc_p, u32 size_p) {
  return put32(w, argc_p, 1) && put32(w, size_p, (u32)strlen(w->prog) + 1) ? W_ESUCCESS
                                                                            : W_EFAULT;
}

u32 Z_wasi_snapshot_preview1Z_args_get(struct Z_wasi_snapshot_preview1_instance_t *w,
                                       u32 argv_p, u32 buf_p) {
  u32 n = (u32)strlen(w->prog) + 1;
  uint8_t *buf = mem_at(w, buf_p, n);
  if (!buf || !put32(w, argv_p, buf_p)) return W_EFAULT;
  memcpy(buf, w->prog, n);
  return W_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_environ_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *w,
                                                u32 count_p, u32 size_p) {
  return put32(w, count_p, 0) && put32(w, size_p, 0) ? W_ESUCCESS : W_EFAULT;
}

u32 Z_wasi_snapshot_preview1Z_environ_get(struct Z_wasi_snapshot_preview1_instance_t *w,
                                          u32 env_p, u32 buf_p) {
  (void)w, (void)env_p, (void)buf_p;
  return W_ESUCCESS;
}

static clockid_t host_clock(u32 id) {
  switch (id) {
    case 0: return CLOCK_REALTIME;
    case 1: return CLOCK_MONOTONIC;
    case 2: return CLOCK_PROCESS_CPUTIME_ID;
    case 3: return CLOCK_THREAD_CPUTIME_ID;
    default: return (clockid_t)-1;
  }
}

u32 Z_wasi_snapshot_preview1Z_clock_time_get(struct Z_wasi_snapshot_preview1_instance_t *w,
                                             u32 id, u64 precision, u32 time_p) {
  (void)precision;
  struct timespec t;
  if (host_clock(id) == (clockid_t)-1 || clock_gettime(host_clock(id), &t)) return W_EINVAL;
  return put64(w, time_p, (u64)t.tv_sec * 1000000000u + (u64)t.tv_nsec) ? W_ESUCCESS : W_EFAULT;
}

u32 Z_wasi_snapshot_preview1Z_clock_res_get(struct Z_wasi_snapshot_preview1_instance_t *w,
                                            u32 id, u32 res_p) {
  struct timespec t;
  if (host_clock(id) == (clockid_t)-1 || clock_getres(host_clock(id), &t)) return W_EINVAL;
  return put64(w, res_p, (u64)t.tv_sec * 1000000000u + (u64)t.tv_nsec) ? W_ESUCCESS : W_EFAULT;
}

u32 Z_wasi_snapshot_preview1Z_fd_write(struct Z_wasi_snapshot_preview1_instance_t *w, u32 fd,
                                       u32 iovs, u32 n, u32 nwritten_p) {
  if (fd != 1 && fd != 2) return W_EBADF;
  u32 total = 0;
  for (u32 i = 0; i < n; i++) {
    uint8_t *iov = mem_at(w, iovs + 8 * i, 8);
    if (!iov) return W_EFAULT;
    u32 base, len;
    memcpy(&base, iov, 4), memcpy(&len, iov + 4, 4);
    uint8_t *p = mem_at(w, base, len);
    if (!p) return W_EFAULT;
    while (len) {
      ssize_t k = write((int)fd, p, len);
      if (k < 0 && errno == EINTR) continue;
      if (k < 0) return W_EIO;
      p += k, len -= (u32)k, total += (u32)k;
    }
  }
  return put32(w, nwritten_p, total) ? W_ESUCCESS : W_EFAULT;
}

u32 Z_wasi_snapshot_preview1Z_fd_close(struct Z_wasi_snapshot_preview1_instance_t *w, u32 fd) {
  (void)w;
  return fd <= 2 ? W_ESUCCESS : W_EBADF;
}

u32 Z_wasi_snapshot_preview1Z_fd_seek(struct Z_wasi_snapshot_preview1_instance_t *w, u32 fd,
                                      u64 off, u32 whence, u32 newoff_p) {
  (void)w, (void)off, (void)whence, (void)newoff_p;
  return fd <= 2 ? W_ESPIPE : W_EBADF;
}

u32 Z_wasi_snapshot_preview1Z_fd_fdstat_get(struct Z_wasi_snapshot_preview1_instance_t *w,
                                            u32 fd, u32 stat_p) {
  if (fd > 2) return W_EBADF;
  uint8_t *p = mem_at(w, stat_p, 24);
  if (!p) return W_EFAULT;
  memset(p, 0, 24);
  p[0] = 2; /* filetype: character_device, so stdout is line-buffered like a tty */
  u64 rights = ~(u64)0;
  memcpy(p + 8, &rights, 8), memcpy(p + 16, &rights, 8);
  return W_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_prestat_get(struct Z_wasi_snapshot_preview1_instance_t *w,
                                             u32 fd, u32 buf_p) {
  (void)w, (void)fd, (void)buf_p;
  return W_EBADF; /* no preopened directories */
}

u32 Z_wasi_snapshot_preview1Z_fd_prestat_dir_name(struct Z_wasi_snapshot_preview1_instance_t *w,
                                                  u32 fd, u32 path_p, u32 len) {
  (void)w, (void)fd, (void)path_p, (void)len;
  return W_EBADF;
}

void Z_wasi_snapshot_preview1Z_proc_exit(struct Z_wasi_snapshot_preview1_instance_t *w, u32 code) {
  (void)w;
  exit((int)code);
}

int main(int argc, char **argv) {
  (void)argc;
  static struct Z_wasi_snapshot_preview1_instance_t wasi;
  static Z_kernel_instance_t inst;
  wasi.prog = argv[0];
  wasm_rt_init();
  Z_kernel_init_module();
  Z_kernel_instantiate(&inst, &wasi);
  wasi.mem = Z_kernelZ_memory(&inst);
  wasm_rt_trap_t trap = wasm_rt_impl_try();
  if (trap != WASM_RT_TRAP_NONE) {
    fprintf(stderr, "%s: wasm trap: %s\n", argv[0], wasm_rt_strerror(trap));
    return 134;
  }
  Z_kernelZ__start(&inst);
  return 0;
}
