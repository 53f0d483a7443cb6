/*
 * wasi_unit_test.c - weft's WASI preview1 host, called the way generated
 * code calls it: looked up with wasi_find and invoked through a function
 * pointer of the import's C type, on a one-page linear memory.
 *
 * Stops at the first failure, saying what was expected and what came, and
 * ends with "N passed, N failed".  A few tests reach into wasi_internal.h
 * to put a pipe or a socket in the fd table, which the guest API cannot.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- harness ------------------------------------------------------------ */

static int passed, failed;
static const char *current;

static void finish(void) {
  printf("%d passed, %d failed\n", passed, failed);
  exit(failed ? 1 : 0);
}

/* Reports a failure and ends the run. */
#define FAIL(...)                                                           \
  do {                                                                      \
    failed++;                                                               \
    fprintf(stderr, "FAIL %s (%s:%d): ", current, __FILE__, __LINE__);      \
    fprintf(stderr, __VA_ARGS__);                                           \
    fputc('\n', stderr);                                                    \
    finish();                                                               \
  } while (0)

#define CHECK(cond, ...)                                                    \
  do {                                                                      \
    if (cond)                                                               \
      passed++;                                                             \
    else                                                                    \
      FAIL(#cond ": " __VA_ARGS__);                                         \
  } while (0)

#define CHECK_EQ(got, want)                                                 \
  do {                                                                      \
    unsigned long long g_ = (unsigned long long)(got);                      \
    unsigned long long w_ = (unsigned long long)(want);                     \
    CHECK(g_ == w_, "expected %llu, got %llu", w_, g_);                     \
  } while (0)

#define CHECK_OK(call) CHECK_EQ(call, WASI_ESUCCESS)

/* ---- calling host functions ---------------------------------------------- */

#define P1 "wasi_snapshot_preview1"
#define P0 "wasi_unstable"

typedef u32 (*fn_v)(void *);
typedef u32 (*fn_i)(void *, u32);
typedef u32 (*fn_ii)(void *, u32, u32);
typedef u32 (*fn_iii)(void *, u32, u32, u32);
typedef u32 (*fn_iiii)(void *, u32, u32, u32, u32);
typedef u32 (*fn_iji)(void *, u32, u64, u32);
typedef u32 (*fn_ijii)(void *, u32, u64, u32, u32);
typedef u32 (*fn_iiiji)(void *, u32, u32, u32, u64, u32);
typedef void (*fn_exit)(void *, u32);

/* Not counted as a check: threads call it too. */
static wf_fnptr need(const char *module, const char *name) {
  const wasi_fn *f = wasi_find(module, name);
  if (!f) FAIL("wasi_find(%s, %s) returned NULL", module, name);
  return f->fn;
}

#define CALL(type, module, name, ...) \
  ((type)need(module, name))(__VA_ARGS__)

/* ---- guest memory ---------------------------------------------------------- */

static wf_memory mem;
#define MEM_SIZE 65536u

static u8 *at(u32 addr) { return mem.base + addr; }
static u32 ld32(u32 addr) { return wf_rd32(at(addr)); }
static u64 ld64(u32 addr) { return wf_rd64(at(addr)); }

/* Writes a one-entry iovec array at `iovs` for guest buffer buf/len. */
static void iovec_at(u32 iovs, u32 i, u32 buf, u32 len) {
  wf_st32(at(iovs + 8 * i), buf);
  wf_st32(at(iovs + 8 * i + 4), len);
}

static wasi_ctx *ctx_with(int argc, char **argv, int envc, char **env,
                          int npre, const wasi_preopen *pre) {
  char why[256] = "";
  wasi_config cfg = {argc, argv, envc, env, npre, pre};
  wasi_ctx *c = wasi_ctx_new(&cfg, why, sizeof why);
  CHECK(c != NULL, "wasi_ctx_new failed: %s", why);
  wasi_ctx_set_memory(c, &mem);
  return c;
}

static wasi_ctx *plain_ctx(void) {
  static char *argv[] = {"prog"};
  return ctx_with(1, argv, 0, NULL, 0, NULL);
}

static u64 now_ns(void) { return wasi_monotonic_ns(); }

/* Points host fd `target` at `with`; returns a copy of the old one for
 * restore(). */
static int redirect(int target, int with) {
  int saved = dup(target);
  CHECK(saved >= 0 && dup2(with, target) == target, "redirect: %s",
        strerror(errno));
  return saved;
}

static void restore(int target, int saved) {
  dup2(saved, target);
  close(saved);
}

/* ---- tests ------------------------------------------------------------------ */

static const struct {
  const char *name, *sig;
} preview1_functions[] = {
  {"args_get", "ii:i"},
  {"args_sizes_get", "ii:i"},
  {"environ_get", "ii:i"},
  {"environ_sizes_get", "ii:i"},
  {"clock_res_get", "ii:i"},
  {"clock_time_get", "iji:i"},
  {"fd_advise", "ijji:i"},
  {"fd_allocate", "ijj:i"},
  {"fd_close", "i:i"},
  {"fd_datasync", "i:i"},
  {"fd_fdstat_get", "ii:i"},
  {"fd_fdstat_set_flags", "ii:i"},
  {"fd_fdstat_set_rights", "ijj:i"},
  {"fd_filestat_get", "ii:i"},
  {"fd_filestat_set_size", "ij:i"},
  {"fd_filestat_set_times", "ijji:i"},
  {"fd_pread", "iiiji:i"},
  {"fd_prestat_get", "ii:i"},
  {"fd_prestat_dir_name", "iii:i"},
  {"fd_pwrite", "iiiji:i"},
  {"fd_read", "iiii:i"},
  {"fd_readdir", "iiiji:i"},
  {"fd_renumber", "ii:i"},
  {"fd_seek", "ijii:i"},
  {"fd_sync", "i:i"},
  {"fd_tell", "ii:i"},
  {"fd_write", "iiii:i"},
  {"path_create_directory", "iii:i"},
  {"path_filestat_get", "iiiii:i"},
  {"path_filestat_set_times", "iiiijji:i"},
  {"path_link", "iiiiiii:i"},
  {"path_open", "iiiiijjii:i"},
  {"path_readlink", "iiiiii:i"},
  {"path_remove_directory", "iii:i"},
  {"path_rename", "iiiiii:i"},
  {"path_symlink", "iiiii:i"},
  {"path_unlink_file", "iii:i"},
  {"poll_oneoff", "iiii:i"},
  {"proc_exit", "i:"},
  {"proc_raise", "i:i"},
  {"sched_yield", ":i"},
  {"random_get", "ii:i"},
  {"sock_accept", "iii:i"},
  {"sock_recv", "iiiiii:i"},
  {"sock_send", "iiiii:i"},
  {"sock_shutdown", "ii:i"},
};

static void test_find_every_preview1_function(void) {
  size_t n = sizeof preview1_functions / sizeof preview1_functions[0];
  CHECK_EQ(n, 46);
  for (size_t i = 0; i < n; i++) {
    const char *name = preview1_functions[i].name;
    const char *sig = preview1_functions[i].sig;
    const wasi_fn *f1 = wasi_find(P1, name);
    CHECK(f1 && f1->fn, "%s.%s missing", P1, name);
    CHECK(strcmp(f1->sig, sig) == 0, "%s: expected sig %s, got %s", name,
          sig, f1->sig);
    CHECK(strcmp(f1->name, name) == 0, "asked %s, got %s", name, f1->name);
    const wasi_fn *f0 = wasi_find(P0, name);
    if (strcmp(name, "sock_accept") == 0) {
      /* Added in preview1; wasi_unstable never had it. */
      CHECK(f0 == NULL, "%s.sock_accept should not exist", P0);
    } else {
      CHECK(f0 && f0->fn, "%s.%s missing", P0, name);
      CHECK(strcmp(f0->sig, sig) == 0, "%s.%s: expected sig %s, got %s", P0,
            name, sig, f0->sig);
    }
  }
}

static void test_find_unknown_returns_null(void) {
  CHECK(wasi_find(P1, "fd_frobnicate") == NULL, "unknown name found");
  CHECK(wasi_find(P1, "") == NULL, "empty name found");
  CHECK(wasi_find("wasi", "fd_write") == NULL, "unknown module found");
  CHECK(wasi_find("env", "proc_exit") == NULL, "unknown module found");
}

static void test_preview0_differs_in_seek_poll_and_filestat(void) {
  static const char *differ[] = {"fd_seek", "poll_oneoff", "fd_filestat_get",
                                 "path_filestat_get"};
  for (size_t i = 0; i < sizeof differ / sizeof differ[0]; i++)
    CHECK(wasi_find(P0, differ[i])->fn != wasi_find(P1, differ[i])->fn,
          "%s must differ between the previews", differ[i]);
  CHECK(wasi_find(P0, "fd_write")->fn == wasi_find(P1, "fd_write")->fn,
        "fd_write should be shared");
}

static void test_proc_raise_is_the_only_enosys(void) {
  wasi_ctx *c = plain_ctx();
  CHECK_EQ(CALL(fn_i, P1, "proc_raise", c, 9), WASI_ENOSYS);
  wasi_ctx_free(c);
}

static void test_args_and_environ_layout(void) {
  char *argv[] = {"prog", "a1", "hello world"};
  char *env[] = {"A=1", "QUOTE=x\"y\nz"};
  wasi_ctx *c = ctx_with(3, argv, 2, env, 0, NULL);
  memset(mem.base, 0xee, 1024);

  CHECK_OK(CALL(fn_ii, P1, "args_sizes_get", c, 0, 4));
  CHECK_EQ(ld32(0), 3);
  CHECK_EQ(ld32(4), 5 + 3 + 12);
  CHECK_OK(CALL(fn_ii, P1, "args_get", c, 100, 200));
  CHECK_EQ(ld32(100), 200);
  CHECK_EQ(ld32(104), 205);
  CHECK_EQ(ld32(108), 208);
  CHECK(memcmp(at(200), "prog\0a1\0hello world\0", 20) == 0,
        "argv buffer wrong: \"%.20s\"", (char *)at(200));
  CHECK_EQ(*at(220), 0xee); /* nothing written past the buffer */

  CHECK_OK(CALL(fn_ii, P1, "environ_sizes_get", c, 8, 12));
  CHECK_EQ(ld32(8), 2);
  CHECK_EQ(ld32(12), 4 + 12);
  CHECK_OK(CALL(fn_ii, P1, "environ_get", c, 300, 400));
  CHECK_EQ(ld32(300), 400);
  CHECK_EQ(ld32(304), 404);
  CHECK(memcmp(at(400), "A=1\0QUOTE=x\"y\nz\0", 16) == 0,
        "environ buffer wrong");
  wasi_ctx_free(c);
}

static void test_environ_empty(void) {
  wasi_ctx *c = plain_ctx();
  wf_st32(at(0), 99);
  wf_st32(at(4), 99);
  CHECK_OK(CALL(fn_ii, P1, "environ_sizes_get", c, 0, 4));
  CHECK_EQ(ld32(0), 0);
  CHECK_EQ(ld32(4), 0);
  CHECK_OK(CALL(fn_ii, P1, "environ_get", c, 8, 12));
  wasi_ctx_free(c);
}

static void test_fd_write_to_pipe(void) {
  int p[2];
  CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
  int saved = redirect(1, p[1]);
  wasi_ctx *c = plain_ctx();
  memcpy(at(1000), "hel", 3);
  memcpy(at(2000), "lo\n", 3);
  iovec_at(100, 0, 1000, 3);
  iovec_at(100, 1, 2000, 3);
  u32 err = CALL(fn_iiii, P1, "fd_write", c, 1, 100, 2, 50);
  u32 fdstat_err = CALL(fn_ii, P1, "fd_fdstat_get", c, 1, 200);
  wasi_ctx_free(c);
  restore(1, saved);
  close(p[1]);
  CHECK_OK(err);
  CHECK_EQ(ld32(50), 6);
  char buf[16] = "";
  CHECK_EQ(read(p[0], buf, sizeof buf), 6);
  CHECK(memcmp(buf, "hello\n", 6) == 0, "pipe got \"%.6s\"", buf);
  close(p[0]);
  /* A pipe is no tty: unknown filetype, writable, no seek or tell. */
  CHECK_OK(fdstat_err);
  CHECK_EQ(*at(200), WASI_FILETYPE_UNKNOWN);
  CHECK(ld64(208) & WASI_RIGHT_FD_WRITE, "rights lack FD_WRITE");
  CHECK(!(ld64(208) & (WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL)),
        "a pipe should not be seekable");
}

static void test_fd_read_from_pipe(void) {
  int p[2];
  CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
  CHECK_EQ(write(p[1], "abcdef", 6), 6);
  int saved = redirect(0, p[0]);
  wasi_ctx *c = plain_ctx();
  memset(at(1000), 0, 32);
  iovec_at(100, 0, 1000, 3);
  iovec_at(100, 1, 1010, 10);
  u32 err = CALL(fn_iiii, P1, "fd_read", c, 0, 100, 2, 50);
  wasi_ctx_free(c);
  restore(0, saved);
  close(p[0]);
  close(p[1]);
  CHECK_OK(err);
  CHECK_EQ(ld32(50), 6);
  CHECK(memcmp(at(1000), "abc", 3) == 0 && memcmp(at(1010), "def", 3) == 0,
        "read \"%.3s\" + \"%.3s\"", (char *)at(1000), (char *)at(1010));
}

static void test_fd_seek_both_whence_numberings(void) {
  char path[] = "/tmp/weft_wasi_seek_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
  unlink(path);
  CHECK_EQ(write(fd, "0123456789", 10), 10);
  int saved = redirect(0, fd); /* prog < file: a seekable stdin */
  wasi_ctx *c = plain_ctx();
  u64 minus1 = (u64)-1, minus2 = (u64)-2;
  u32 e[12];
  u64 pos[12];
  /* preview1: SET=0 CUR=1 END=2 */
  e[0] = CALL(fn_ijii, P1, "fd_seek", c, 0, 4, 0, 500); pos[0] = ld64(500);
  e[1] = CALL(fn_ijii, P1, "fd_seek", c, 0, 2, 1, 500); pos[1] = ld64(500);
  e[2] = CALL(fn_ijii, P1, "fd_seek", c, 0, minus1, 2, 500);
  pos[2] = ld64(500);
  e[3] = CALL(fn_ii, P1, "fd_tell", c, 0, 500); pos[3] = ld64(500);
  /* wasi_unstable: CUR=0 END=1 SET=2 */
  e[4] = CALL(fn_ijii, P0, "fd_seek", c, 0, 3, 2, 500); pos[4] = ld64(500);
  e[5] = CALL(fn_ijii, P0, "fd_seek", c, 0, 1, 0, 500); pos[5] = ld64(500);
  e[6] = CALL(fn_ijii, P0, "fd_seek", c, 0, minus2, 1, 500);
  pos[6] = ld64(500);
  e[7] = CALL(fn_ijii, P1, "fd_seek", c, 0, 0, 3, 500);
  e[8] = CALL(fn_ijii, P0, "fd_seek", c, 0, 0, 3, 500);
  /* pread at 2 leaves the position (8) alone */
  iovec_at(100, 0, 1000, 2);
  e[9] = CALL(fn_iiiji, P1, "fd_pread", c, 0, 100, 1, 2, 50);
  e[10] = CALL(fn_ii, P1, "fd_tell", c, 0, 500); pos[10] = ld64(500);
  e[11] = CALL(fn_ii, P1, "fd_fdstat_get", c, 0, 200);
  wasi_ctx_free(c);
  restore(0, saved);
  close(fd);
  static const u64 want[] = {4, 6, 9, 9, 3, 4, 8};
  for (int i = 0; i < 7; i++) {
    CHECK_OK(e[i]);
    CHECK_EQ(pos[i], want[i]);
  }
  CHECK_EQ(e[7], WASI_EINVAL);
  CHECK_EQ(e[8], WASI_EINVAL);
  CHECK_OK(e[9]);
  CHECK_EQ(ld32(50), 2);
  CHECK(memcmp(at(1000), "23", 2) == 0, "pread got \"%.2s\"", (char *)at(1000));
  CHECK_OK(e[10]);
  CHECK_EQ(pos[10], 8);
  CHECK_OK(e[11]);
  CHECK_EQ(*at(200), WASI_FILETYPE_REGULAR_FILE);
  CHECK(ld64(208) & WASI_RIGHT_FD_SEEK, "a file should be seekable");
}

static void test_clock_time_get_monotonic_advances(void) {
  wasi_ctx *c = plain_ctx();
  CHECK_OK(CALL(fn_iji, P1, "clock_time_get", c, 1, 0, 600));
  u64 t1 = ld64(600);
  struct timespec ts = {0, 2000000};
  nanosleep(&ts, NULL);
  CHECK_OK(CALL(fn_iji, P1, "clock_time_get", c, 1, 0, 600));
  u64 t2 = ld64(600);
  CHECK(t2 >= t1 + 2000000, "monotonic went %llu -> %llu",
        (unsigned long long)t1, (unsigned long long)t2);
  CHECK_OK(CALL(fn_iji, P1, "clock_time_get", c, 0, 1, 600));
  u64 real_s = ld64(600) / 1000000000u;
  u64 host_s = (u64)time(NULL);
  CHECK(real_s + 2 >= host_s && real_s <= host_s + 2,
        "realtime %llu s, host says %llu s", (unsigned long long)real_s,
        (unsigned long long)host_s);
  for (u32 id = 0; id < 4; id++) {
    CHECK_OK(CALL(fn_ii, P1, "clock_res_get", c, id, 608));
    CHECK(ld64(608) > 0, "clock %u has zero resolution", id);
    CHECK_OK(CALL(fn_iji, P1, "clock_time_get", c, id, 0, 600));
  }
  CHECK_EQ(CALL(fn_iji, P1, "clock_time_get", c, 4, 0, 600), WASI_EINVAL);
  CHECK_EQ(CALL(fn_ii, P1, "clock_res_get", c, 99, 600), WASI_EINVAL);
  wasi_ctx_free(c);
}

static void test_random_get_fills(void) {
  wasi_ctx *c = plain_ctx();
  memset(at(4096), 0, 8192);
  CHECK_OK(CALL(fn_ii, P1, "random_get", c, 4096, 4096));
  CHECK_OK(CALL(fn_ii, P1, "random_get", c, 8192, 4096));
  int zeros = 0;
  for (u32 i = 0; i < 4096; i++) zeros += *at(4096 + i) == 0;
  CHECK(zeros < 100, "%d of 4096 random bytes are zero", zeros);
  CHECK(memcmp(at(4096), at(8192), 4096) != 0, "two draws are equal");
  CHECK_OK(CALL(fn_ii, P1, "random_get", c, MEM_SIZE, 0));
  wasi_ctx_free(c);
}

/* Writes a preview1 clock subscription (48 bytes). */
static void clock_sub(u32 addr, u64 userdata, u32 id, u64 timeout, u16 flags) {
  memset(at(addr), 0, 48);
  wf_st64(at(addr), userdata);
  wf_st8(at(addr + 8), WASI_EVENTTYPE_CLOCK);
  wf_st32(at(addr + 16), id);
  wf_st64(at(addr + 24), timeout);
  wf_st16(at(addr + 40), flags);
}

static void fd_sub(u32 addr, u64 userdata, u8 type, u32 fd) {
  memset(at(addr), 0, 48);
  wf_st64(at(addr), userdata);
  wf_st8(at(addr + 8), type);
  wf_st32(at(addr + 16), fd);
}

static void check_event(u32 ev, u64 userdata, u16 error, u8 type) {
  CHECK_EQ(ld64(ev), userdata);
  CHECK_EQ(wf_rd16(at(ev + 8)), error);
  CHECK_EQ(*at(ev + 10), type);
}

static void test_poll_oneoff_relative_clock_sleeps(void) {
  wasi_ctx *c = plain_ctx();
  clock_sub(1000, 0x1234, 1, 20000000, 0);
  memset(at(2000), 0xee, 64);
  u64 t0 = now_ns();
  CHECK_OK(CALL(fn_iiii, P1, "poll_oneoff", c, 1000, 2000, 1, 900));
  u64 dt = now_ns() - t0;
  CHECK(dt >= 20000000 && dt < 1000000000, "slept %llu ns for 20 ms",
        (unsigned long long)dt);
  CHECK_EQ(ld32(900), 1);
  check_event(2000, 0x1234, 0, WASI_EVENTTYPE_CLOCK);
  CHECK_EQ(*at(2032), 0xee); /* only one event written */
  wasi_ctx_free(c);
}

static void test_poll_oneoff_earliest_of_several_clocks(void) {
  wasi_ctx *c = plain_ctx();
  clock_sub(1000, 1, 1, 3000000000u, 0);              /* 3 s relative */
  clock_sub(1048, 2, 1, now_ns() + 15000000, 1);      /* 15 ms absolute */
  clock_sub(1096, 3, 0, 5000000000u, 0);              /* 5 s realtime */
  u64 t0 = now_ns();
  CHECK_OK(CALL(fn_iiii, P1, "poll_oneoff", c, 1000, 2000, 3, 900));
  u64 dt = now_ns() - t0;
  CHECK(dt >= 14000000 && dt < 1000000000, "slept %llu ns for 15 ms",
        (unsigned long long)dt);
  CHECK_EQ(ld32(900), 1);
  check_event(2000, 2, 0, WASI_EVENTTYPE_CLOCK);
  /* An absolute deadline in the past fires at once. */
  clock_sub(1000, 7, 1, 1, 1);
  CHECK_OK(CALL(fn_iiii, P1, "poll_oneoff", c, 1000, 2000, 1, 900));
  CHECK_EQ(ld32(900), 1);
  check_event(2000, 7, 0, WASI_EVENTTYPE_CLOCK);
  CHECK_EQ(CALL(fn_iiii, P1, "poll_oneoff", c, 1000, 2000, 0, 900),
           WASI_EINVAL);
  wasi_ctx_free(c);
}

static void test_poll_oneoff_wasi_unstable_layout(void) {
  wasi_ctx *c = plain_ctx();
  /* preview 0: u64 identifier @16, id @24, timeout @32, flags @48 */
  memset(at(1000), 0, 56);
  wf_st64(at(1000), 0xabcd);
  wf_st8(at(1008), WASI_EVENTTYPE_CLOCK);
  wf_st64(at(1016), 0x5555);
  wf_st32(at(1024), 1);
  wf_st64(at(1032), 15000000);
  u64 t0 = now_ns();
  CHECK_OK(CALL(fn_iiii, P0, "poll_oneoff", c, 1000, 2000, 1, 900));
  u64 dt = now_ns() - t0;
  CHECK(dt >= 15000000 && dt < 1000000000, "slept %llu ns for 15 ms",
        (unsigned long long)dt);
  CHECK_EQ(ld32(900), 1);
  check_event(2000, 0xabcd, 0, WASI_EVENTTYPE_CLOCK);
  wasi_ctx_free(c);
}

static void test_poll_oneoff_fd_readiness(void) {
  int p[2];
  CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
  int saved_in = redirect(0, p[0]);
  int saved_out = redirect(1, p[1]);
  wasi_ctx *c = plain_ctx();
  /* stdout writable at once, stdin not readable, bad fd reported. */
  fd_sub(1000, 11, WASI_EVENTTYPE_FD_WRITE, 1);
  fd_sub(1048, 12, WASI_EVENTTYPE_FD_READ, 0);
  clock_sub(1096, 13, 1, 5000000000u, 0);
  u64 t0 = now_ns();
  u32 e1 = CALL(fn_iiii, P1, "poll_oneoff", c, 1000, 2000, 3, 900);
  u64 dt = now_ns() - t0;
  u32 n1 = ld32(900);
  u64 ud1 = ld64(2000);
  u8 type1 = *at(2010);
  /* With data in the pipe, stdin becomes readable with its byte count. */
  CHECK_EQ(write(p[1], "xyz", 3), 3);
  fd_sub(1000, 21, WASI_EVENTTYPE_FD_READ, 0);
  fd_sub(1048, 22, WASI_EVENTTYPE_FD_READ, 77);
  u32 e2 = CALL(fn_iiii, P1, "poll_oneoff", c, 1000, 2000, 2, 900);
  wasi_ctx_free(c);
  restore(1, saved_out);
  restore(0, saved_in);
  close(p[0]);
  close(p[1]);
  CHECK_OK(e1);
  CHECK(dt < 1000000000, "a ready fd waited %llu ns", (unsigned long long)dt);
  CHECK_EQ(n1, 1);
  CHECK_EQ(ud1, 11);
  CHECK_EQ(type1, WASI_EVENTTYPE_FD_WRITE);
  CHECK_OK(e2);
  CHECK_EQ(ld32(900), 2);
  check_event(2000, 21, 0, WASI_EVENTTYPE_FD_READ);
  CHECK_EQ(ld64(2016), 3);
  check_event(2032, 22, WASI_EBADF, WASI_EVENTTYPE_FD_READ);
}

static void test_prestat_of_preopened_dir(void) {
  char dir[] = "/tmp/weft_wasi_dir_XXXXXX";
  CHECK(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
  wasi_preopen pre[] = {{dir, "/sandbox"}, {dir, NULL}};
  static char *argv[] = {"prog"};
  wasi_ctx *c = ctx_with(1, argv, 0, NULL, 2, pre);
  memset(at(700), 0xee, 16);
  CHECK_OK(CALL(fn_ii, P1, "fd_prestat_get", c, 3, 700));
  CHECK_EQ(*at(700), 0); /* tag: directory */
  CHECK_EQ(ld32(704), 8);
  memset(at(800), 0xee, 16);
  CHECK_OK(CALL(fn_iii, P1, "fd_prestat_dir_name", c, 3, 800, 8));
  CHECK(memcmp(at(800), "/sandbox", 8) == 0, "name \"%.8s\"", (char *)at(800));
  CHECK_EQ(*at(808), 0xee); /* no NUL written */
  CHECK_OK(CALL(fn_iii, P1, "fd_prestat_dir_name", c, 3, 800, 9));
  CHECK_EQ(CALL(fn_iii, P1, "fd_prestat_dir_name", c, 3, 800, 7),
           WASI_ENAMETOOLONG);
  /* Without a guest name the host path is the name. */
  CHECK_OK(CALL(fn_ii, P1, "fd_prestat_get", c, 4, 700));
  CHECK_EQ(ld32(704), strlen(dir));
  CHECK_EQ(CALL(fn_ii, P1, "fd_prestat_get", c, 5, 700), WASI_EBADF);
  CHECK_EQ(CALL(fn_ii, P1, "fd_prestat_get", c, 1, 700), WASI_EBADF);
  CHECK_OK(CALL(fn_ii, P1, "fd_fdstat_get", c, 3, 200));
  CHECK_EQ(*at(200), WASI_FILETYPE_DIRECTORY);
  CHECK(ld64(208) & WASI_RIGHT_PATH_OPEN, "a directory should allow opens");
  /* No reading, writing or seeking a directory. */
  iovec_at(100, 0, 1000, 8);
  CHECK_EQ(CALL(fn_iiii, P1, "fd_read", c, 3, 100, 1, 50), WASI_ENOTCAPABLE);
  CHECK_EQ(CALL(fn_ijii, P1, "fd_seek", c, 3, 0, 0, 500), WASI_ENOTCAPABLE);
  CHECK_OK(CALL(fn_i, P1, "fd_close", c, 3));
  CHECK_EQ(CALL(fn_ii, P1, "fd_prestat_get", c, 3, 700), WASI_EBADF);
  CHECK_EQ(CALL(fn_i, P1, "fd_close", c, 3), WASI_EBADF);
  wasi_ctx_free(c);

  char why[256] = "";
  wasi_preopen missing[] = {{"/nonexistent/weft", "x"}};
  wasi_config cfg = {1, argv, 0, NULL, 1, missing};
  CHECK(wasi_ctx_new(&cfg, why, sizeof why) == NULL, "missing dir accepted");
  CHECK(strstr(why, "/nonexistent/weft") != NULL, "reason \"%s\"", why);
  rmdir(dir);
}

static void test_out_of_bounds_pointers_are_efault(void) {
  int p[2];
  CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
  int saved_in = redirect(0, p[0]);
  int saved_out = redirect(1, p[1]);
  wasi_ctx *c = plain_ctx(); /* stdio is a pipe, whatever the runner gave */
  /* The iovec array itself out of bounds. */
  CHECK_EQ(CALL(fn_iiii, P1, "fd_write", c, 1, MEM_SIZE - 4, 1, 50),
           WASI_EFAULT);
  /* An iovec whose buffer runs past the end. */
  iovec_at(100, 0, MEM_SIZE - 2, 3);
  CHECK_EQ(CALL(fn_iiii, P1, "fd_write", c, 1, 100, 1, 50), WASI_EFAULT);
  iovec_at(100, 0, 0xfffffff0u, 0x20);
  CHECK_EQ(CALL(fn_iiii, P1, "fd_read", c, 0, 100, 1, 50), WASI_EFAULT);
  /* The result pointer. */
  iovec_at(100, 0, 1000, 0);
  CHECK_EQ(CALL(fn_iiii, P1, "fd_write", c, 1, 100, 1, MEM_SIZE - 3),
           WASI_EFAULT);
  CHECK_EQ(CALL(fn_iji, P1, "clock_time_get", c, 1, 0, MEM_SIZE - 7),
           WASI_EFAULT);
  CHECK_OK(CALL(fn_iji, P1, "clock_time_get", c, 1, 0, MEM_SIZE - 8));
  CHECK_EQ(CALL(fn_ii, P1, "random_get", c, MEM_SIZE - 8, 9), WASI_EFAULT);
  CHECK_OK(CALL(fn_ii, P1, "random_get", c, MEM_SIZE - 8, 8));
  CHECK_EQ(CALL(fn_ii, P1, "args_get", c, 0, MEM_SIZE - 2), WASI_EFAULT);
  CHECK_EQ(CALL(fn_ii, P1, "args_sizes_get", c, 0xffffffffu, 0), WASI_EFAULT);
  CHECK_EQ(CALL(fn_iiii, P1, "poll_oneoff", c, MEM_SIZE - 40, 0, 1, 900),
           WASI_EFAULT);
  CHECK_EQ(CALL(fn_ii, P1, "fd_fdstat_get", c, 1, MEM_SIZE - 16),
           WASI_EFAULT);
  /* No memory at all. */
  wasi_ctx_set_memory(c, NULL);
  CHECK_EQ(CALL(fn_ii, P1, "random_get", c, 0, 1), WASI_EFAULT);
  wasi_ctx_free(c);
  restore(1, saved_out);
  restore(0, saved_in);
  close(p[0]);
  close(p[1]);
}

static void test_bad_fd_is_ebadf(void) {
  wasi_ctx *c = plain_ctx();
  iovec_at(100, 0, 1000, 1);
  CHECK_EQ(CALL(fn_iiii, P1, "fd_write", c, 99, 100, 1, 50), WASI_EBADF);
  CHECK_EQ(CALL(fn_iiii, P1, "fd_read", c, 3, 100, 1, 50), WASI_EBADF);
  CHECK_EQ(CALL(fn_ijii, P1, "fd_seek", c, 42, 0, 0, 500), WASI_EBADF);
  CHECK_EQ(CALL(fn_ii, P1, "fd_fdstat_get", c, 0xffffffffu, 200), WASI_EBADF);
  CHECK_EQ(CALL(fn_i, P1, "fd_close", c, 1000), WASI_EBADF);
  CHECK_EQ(CALL(fn_i, P1, "fd_sync", c, 7), WASI_EBADF);
  wasi_ctx_free(c);
}

static void test_sched_yield(void) {
  wasi_ctx *c = plain_ctx();
  CHECK_OK(CALL(fn_v, P1, "sched_yield", c));
  wasi_ctx_free(c);
}

static int exit_pipe = -1;

static void record_exit(wasi_ctx *c, u32 code) {
  (void)c;
  u8 b = (u8)code;
  if (write(exit_pipe, &b, 1) != 1) _exit(99);
  /* returns: proc_exit must still end the process */
}

/* Runs proc_exit(code) in a child; returns its exit status. */
static int child_exit_status(u32 code, bool with_handler) {
  pid_t pid = fork();
  CHECK(pid >= 0, "fork: %s", strerror(errno));
  if (pid == 0) {
    wasi_ctx *c = plain_ctx();
    if (with_handler) wasi_ctx_set_exit_handler(c, record_exit);
    CALL(fn_exit, P1, "proc_exit", c, code);
    _exit(100); /* proc_exit returned */
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_proc_exit_never_returns(void) {
  CHECK_EQ(child_exit_status(33, false), 33);
  int p[2];
  CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
  exit_pipe = p[1];
  CHECK_EQ(child_exit_status(7, true), 7);
  close(p[1]);
  u8 b = 0;
  CHECK_EQ(read(p[0], &b, 1), 1);
  CHECK_EQ(b, 7); /* the handler saw the code */
  close(p[0]);
}

/* ---- files and directories ------------------------------------------------ */

typedef u32 (*fn_path_open)(void *, u32, u32, u32, u32, u32, u64, u64, u32,
                            u32);
typedef u32 (*fn_ij)(void *, u32, u64);
typedef u32 (*fn_ijj)(void *, u32, u64, u64);
typedef u32 (*fn_readdir)(void *, u32, u32, u32, u64, u32);
typedef u32 (*fn_ijji)(void *, u32, u64, u64, u32);
typedef u32 (*fn_iiiii)(void *, u32, u32, u32, u32, u32);
typedef u32 (*fn_iiiiii)(void *, u32, u32, u32, u32, u32, u32);
typedef u32 (*fn_iiiiiii)(void *, u32, u32, u32, u32, u32, u32, u32);

/* Guest strings live at 40000 + 256 * slot. */
static u32 str_at(int slot, const char *s) {
  u32 addr = 40000 + 256 * (u32)slot;
  memcpy(at(addr), s, strlen(s));
  return addr;
}

/* path_open(dirfd, lookup, path, oflags, base rights) -> errno; the new fd
 * in *fd. */
static u32 open_at(wasi_ctx *c, u32 dirfd, u32 lookup, const char *path,
                   u32 oflags, u64 rights, u32 *fd) {
  u32 err = CALL(fn_path_open, P1, "path_open", c, dirfd, lookup,
                 str_at(0, path), (u32)strlen(path), oflags, rights, rights,
                 0, 900);
  if (!err && fd) *fd = ld32(900);
  if (!err && !fd) CHECK_OK(CALL(fn_i, P1, "fd_close", c, ld32(900)));
  return err;
}

/* One call on one path relative to dirfd: mkdir, rmdir, unlink. */
static u32 path_call(wasi_ctx *c, const char *fn, u32 dirfd, const char *p) {
  return CALL(fn_iii, P1, fn, c, dirfd, str_at(1, p), (u32)strlen(p));
}

static u32 symlink_at(wasi_ctx *c, const char *target, u32 dirfd,
                      const char *p) {
  return CALL(fn_iiiii, P1, "path_symlink", c, str_at(2, target),
              (u32)strlen(target), dirfd, str_at(3, p), (u32)strlen(p));
}

static u32 stat_at(wasi_ctx *c, const char *module, u32 dirfd, u32 lookup,
                   const char *p, u32 buf) {
  return CALL(fn_iiiii, module, "path_filestat_get", c, dirfd, lookup,
              str_at(4, p), (u32)strlen(p), buf);
}

static void write_host_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  CHECK(f != NULL, "fopen %s: %s", path, strerror(errno));
  fputs(text, f);
  fclose(f);
}

static char scratch[64];

/* A fresh directory holding root/ (the preopen, fd 3) and, beside it,
 * outside/secret, which the guest must never reach. */
static wasi_ctx *sandbox_ctx(void) {
  char path[128];
  strcpy(scratch, "/tmp/weft_wasi_sandbox_XXXXXX");
  CHECK(mkdtemp(scratch) != NULL, "mkdtemp: %s", strerror(errno));
  snprintf(path, sizeof path, "%s/root", scratch);
  CHECK(mkdir(path, 0755) == 0, "mkdir root");
  snprintf(path, sizeof path, "%s/outside", scratch);
  CHECK(mkdir(path, 0755) == 0, "mkdir outside");
  snprintf(path, sizeof path, "%s/outside/secret", scratch);
  write_host_file(path, "secret");
  static char root[128];
  snprintf(root, sizeof root, "%s/root", scratch);
  static wasi_preopen pre[1];
  pre[0] = (wasi_preopen){root, "root"};
  static char *argv[] = {"prog"};
  return ctx_with(1, argv, 0, NULL, 1, pre);
}

static void sandbox_done(wasi_ctx *c) {
  wasi_ctx_free(c);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
  CHECK(system(cmd) == 0, "%s failed", cmd);
}

static void host_symlink(const char *target, const char *name) {
  char path[160];
  snprintf(path, sizeof path, "%s/root/%s", scratch, name);
  CHECK(symlink(target, path) == 0, "symlink %s: %s", path, strerror(errno));
}

#define RW_RIGHTS                                                          \
  (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK |         \
   WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_FILESTAT_GET)

static void test_path_open_rights_narrow_and_never_grow(void) {
  wasi_ctx *c = sandbox_ctx();
  u32 fd = 0;
  CHECK_OK(open_at(c, 3, 0, "f.txt", WASI_OFLAG_CREAT, RW_RIGHTS, &fd));
  CHECK(fd >= 4, "new fd %u", fd);
  memcpy(at(1000), "hello", 5);
  iovec_at(100, 0, 1000, 5);
  CHECK_OK(CALL(fn_iiii, P1, "fd_write", c, fd, 100, 1, 50));
  CHECK_EQ(ld32(50), 5);
  CHECK_OK(CALL(fn_ijii, P1, "fd_seek", c, fd, 0, 0, 500));
  memset(at(1100), 0, 8);
  iovec_at(100, 0, 1100, 8);
  CHECK_OK(CALL(fn_iiii, P1, "fd_read", c, fd, 100, 1, 50));
  CHECK_EQ(ld32(50), 5);
  CHECK(memcmp(at(1100), "hello", 5) == 0, "read back \"%.5s\"",
        (char *)at(1100));
  /* Rights: what was asked for, nothing more; shrinking only. */
  CHECK_OK(CALL(fn_ii, P1, "fd_fdstat_get", c, fd, 200));
  CHECK_EQ(*at(200), WASI_FILETYPE_REGULAR_FILE);
  CHECK_EQ(ld64(208), RW_RIGHTS);
  CHECK_OK(CALL(fn_ijj, P1, "fd_fdstat_set_rights", c, fd,
                RW_RIGHTS & ~WASI_RIGHT_FD_READ, 0));
  CHECK_EQ(CALL(fn_iiii, P1, "fd_read", c, fd, 100, 1, 50), WASI_ENOTCAPABLE);
  CHECK_EQ(CALL(fn_ijj, P1, "fd_fdstat_set_rights", c, fd, RW_RIGHTS, 0),
           WASI_ENOTCAPABLE);
  CHECK_OK(CALL(fn_i, P1, "fd_close", c, fd));
  /* A directory asked for write rights is EISDIR; the dir loses seek. */
  CHECK_EQ(open_at(c, 3, 0, ".", WASI_OFLAG_DIRECTORY,
                   WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE, NULL),
           WASI_EISDIR);
  CHECK_OK(open_at(c, 3, 0, ".", WASI_OFLAG_DIRECTORY,
                   WASI_RIGHT_FD_SEEK | WASI_RIGHT_PATH_OPEN, &fd));
  CHECK_OK(CALL(fn_ii, P1, "fd_fdstat_get", c, fd, 200));
  CHECK_EQ(*at(200), WASI_FILETYPE_DIRECTORY);
  CHECK_EQ(ld64(208), WASI_RIGHT_PATH_OPEN);
  /* Without PATH_CREATE_FILE there is no creating. */
  CHECK_EQ(open_at(c, fd, 0, "g.txt", WASI_OFLAG_CREAT, 0, NULL),
           WASI_ENOTCAPABLE);
  CHECK_OK(CALL(fn_i, P1, "fd_close", c, fd));
  /* EXCL on an existing file; a missing one; a file as a directory. */
  CHECK_EQ(open_at(c, 3, 0, "f.txt", WASI_OFLAG_CREAT | WASI_OFLAG_EXCL, 0,
                   NULL), WASI_EEXIST);
  CHECK_EQ(open_at(c, 3, 0, "nope", 0, 0, NULL), WASI_ENOENT);
  CHECK_EQ(open_at(c, 3, 0, "f.txt/", 0, 0, NULL), WASI_ENOTDIR);
  CHECK_EQ(open_at(c, 3, 0, "f.txt", WASI_OFLAG_DIRECTORY, 0, NULL),
           WASI_ENOTDIR);
  CHECK_EQ(open_at(c, 3, 0, "", 0, 0, NULL), WASI_ENOENT);
  sandbox_done(c);
}

static void test_filestat_layouts_of_both_previews(void) {
  wasi_ctx *c = sandbox_ctx();
  u32 fd = 0;
  CHECK_OK(open_at(c, 3, 0, "f", WASI_OFLAG_CREAT,
                   RW_RIGHTS | WASI_RIGHT_FD_FILESTAT_SET_SIZE |
                       WASI_RIGHT_FD_FILESTAT_SET_TIMES, &fd));
  CHECK_OK(CALL(fn_ij, P1, "fd_filestat_set_size", c, fd, 12345));
  CHECK_OK(CALL(fn_ijji, P1, "fd_filestat_set_times", c, fd, 1000000000123ull,
                2000000000456ull, WASI_FSTFLAG_ATIM | WASI_FSTFLAG_MTIM));
  memset(at(2000), 0xee, 128);
  CHECK_OK(CALL(fn_ii, P1, "fd_filestat_get", c, fd, 2000));
  struct stat st;
  char path[160];
  snprintf(path, sizeof path, "%s/root/f", scratch);
  CHECK(stat(path, &st) == 0, "stat");
  /* preview1: 64 bytes, u64 nlink @24 */
  CHECK_EQ(ld64(2000), (u64)st.st_dev);
  CHECK_EQ(ld64(2008), (u64)st.st_ino);
  CHECK_EQ(*at(2016), WASI_FILETYPE_REGULAR_FILE);
  CHECK_EQ(ld64(2024), 1);
  CHECK_EQ(ld64(2032), 12345);
  CHECK_EQ(ld64(2040), 1000000000123ull);
  CHECK_EQ(ld64(2048), 2000000000456ull);
  CHECK_EQ(*at(2064), 0xee);
  /* wasi_unstable: 56 bytes, u32 nlink @20 */
  memset(at(2000), 0xee, 128);
  CHECK_OK(CALL(fn_ii, P0, "fd_filestat_get", c, fd, 2000));
  CHECK_EQ(*at(2016), WASI_FILETYPE_REGULAR_FILE);
  CHECK_EQ(ld32(2020), 1);
  CHECK_EQ(ld64(2024), 12345);
  CHECK_EQ(ld64(2032), 1000000000123ull);
  CHECK_EQ(ld64(2040), 2000000000456ull);
  CHECK_EQ(*at(2056), 0xee);
  memset(at(2000), 0xee, 128);
  CHECK_OK(stat_at(c, P0, 3, 0, "f", 2000));
  CHECK_EQ(ld64(2024), 12345);
  CHECK_EQ(*at(2056), 0xee);
  CHECK_OK(stat_at(c, P1, 3, 0, "f", 2000));
  CHECK_EQ(ld64(2032), 12345);
  /* fstflags: a time and its _NOW together are EINVAL. */
  CHECK_EQ(CALL(fn_ijji, P1, "fd_filestat_set_times", c, fd, 0, 0,
                WASI_FSTFLAG_MTIM | WASI_FSTFLAG_MTIM_NOW), WASI_EINVAL);
  CHECK_OK(CALL(fn_i, P1, "fd_close", c, fd));
  sandbox_done(c);
}

/* Reads the whole directory in one call; returns the number of entries
 * and ORs 1 << i into *seen for each name in names[]. */
static u32 list_dir(wasi_ctx *c, u32 fd, u64 cookie, u32 buf_len,
                    const char **names, u32 *seen, u64 *second_cookie) {
  CHECK_OK(CALL(fn_readdir, P1, "fd_readdir", c, fd, 8000, buf_len, cookie,
                950));
  u32 used = ld32(950), off = 0, n = 0;
  CHECK(used <= buf_len, "readdir used %u of %u", used, buf_len);
  while (off + 24 <= used) {
    u32 namlen = ld32(8000 + off + 16);
    if (off + 24 + namlen > used) break;
    if (n == 1 && second_cookie) *second_cookie = ld64(8000 + off);
    for (u32 i = 0; names[i]; i++)
      if (strlen(names[i]) == namlen &&
          !memcmp(at(8000 + off + 24), names[i], namlen))
        *seen |= 1u << i;
    off += 24 + namlen;
    n++;
  }
  return n;
}

static void test_readdir_lists_resumes_and_truncates(void) {
  wasi_ctx *c = sandbox_ctx();
  CHECK_OK(open_at(c, 3, 0, "a", WASI_OFLAG_CREAT, 0, NULL));
  CHECK_OK(path_call(c, "path_create_directory", 3, "sub"));
  const char *names[] = {".", "..", "a", "sub", NULL};
  u32 seen = 0;
  u64 cookie = 0;
  CHECK_EQ(list_dir(c, 3, 0, 4096, names, &seen, &cookie), 4);
  CHECK_EQ(seen, 0xf);
  /* Resuming after the second entry gives the other two. */
  seen = 0;
  CHECK_EQ(list_dir(c, 3, cookie, 4096, names, &seen, NULL), 2);
  /* A small buffer is filled to the last byte. */
  list_dir(c, 3, 0, 30, names, &seen, NULL);
  CHECK_EQ(ld32(950), 30);
  /* The dirent of "a" has the file's inode and type. */
  seen = 0;
  list_dir(c, 3, 0, 4096, names, &seen, NULL);
  struct stat st;
  char path[160];
  snprintf(path, sizeof path, "%s/root/a", scratch);
  CHECK(stat(path, &st) == 0, "stat");
  bool found = false;
  for (u32 off = 0; off + 24 <= ld32(950); off += 24 + ld32(8000 + off + 16))
    if (ld32(8000 + off + 16) == 1 && *at(8000 + off + 24) == 'a') {
      found = true;
      CHECK_EQ(ld64(8000 + off + 8), (u64)st.st_ino);
      CHECK_EQ(*at(8000 + off + 20), WASI_FILETYPE_REGULAR_FILE);
    }
  CHECK(found, "no dirent for a");
  CHECK_EQ(CALL(fn_readdir, P1, "fd_readdir", c, 1, 8000, 100, 0, 950),
           WASI_ENOTCAPABLE);
  sandbox_done(c);
}

static void test_tree_changes_by_name(void) {
  wasi_ctx *c = sandbox_ctx();
  CHECK_OK(path_call(c, "path_create_directory", 3, "d"));
  CHECK_EQ(path_call(c, "path_create_directory", 3, "d"), WASI_EEXIST);
  CHECK_OK(open_at(c, 3, 0, "d/f", WASI_OFLAG_CREAT, 0, NULL));
  CHECK_EQ(path_call(c, "path_remove_directory", 3, "d"), WASI_ENOTEMPTY);
  CHECK_EQ(path_call(c, "path_unlink_file", 3, "d"), WASI_EISDIR);
  CHECK_EQ(path_call(c, "path_unlink_file", 3, "d/f/"), WASI_ENOTDIR);
  CHECK_EQ(path_call(c, "path_remove_directory", 3, "d/f"), WASI_ENOTDIR);
  /* rename and link */
  CHECK_OK(CALL(fn_iiiiii, P1, "path_rename", c, 3, str_at(5, "d/f"), 3, 3,
                str_at(6, "g"), 1));
  CHECK_OK(CALL(fn_iiiiiii, P1, "path_link", c, 3, 0, str_at(5, "g"), 1, 3,
                str_at(6, "d/h"), 3));
  CHECK_OK(stat_at(c, P1, 3, 0, "g", 2000));
  CHECK_EQ(ld64(2024), 2); /* two links */
  /* symlink and readlink */
  CHECK_OK(symlink_at(c, "g", 3, "s"));
  typedef u32 (*fn_readlink)(void *, u32, u32, u32, u32, u32, u32);
  memset(at(3000), 0, 16);
  CHECK_OK(CALL(fn_readlink, P1, "path_readlink", c, 3, str_at(5, "s"), 1,
                3000, 16, 950));
  CHECK_EQ(ld32(950), 1);
  CHECK_EQ(*at(3000), 'g');
  CHECK_OK(stat_at(c, P1, 3, 0, "s", 2000));
  CHECK_EQ(*at(2016), WASI_FILETYPE_SYMBOLIC_LINK);
  CHECK_OK(stat_at(c, P1, 3, WASI_LOOKUP_SYMLINK_FOLLOW, "s", 2000));
  CHECK_EQ(*at(2016), WASI_FILETYPE_REGULAR_FILE);
  /* Not following, a link is no file to open. */
  CHECK_EQ(open_at(c, 3, 0, "s", 0, 0, NULL), WASI_ELOOP);
  CHECK_OK(open_at(c, 3, WASI_LOOKUP_SYMLINK_FOLLOW, "s", 0, 0, NULL));
  CHECK_OK(path_call(c, "path_unlink_file", 3, "s"));
  CHECK_OK(path_call(c, "path_unlink_file", 3, "d/h"));
  CHECK_OK(path_call(c, "path_unlink_file", 3, "g"));
  CHECK_OK(path_call(c, "path_remove_directory", 3, "d/"));
  sandbox_done(c);
}

/* Nothing gets out of a preopen: not "..", not an absolute path, not a
 * link pointing out (relative or absolute), not a chain of links that
 * only leaves on its last step. */
static void test_nothing_escapes_the_preopen(void) {
  wasi_ctx *c = sandbox_ctx();
  const u32 F = WASI_LOOKUP_SYMLINK_FOLLOW;
  CHECK_OK(path_call(c, "path_create_directory", 3, "sub"));
  CHECK_OK(open_at(c, 3, 0, "sub/file", WASI_OFLAG_CREAT, 0, NULL));
  /* ".." and absolute paths */
  CHECK_EQ(open_at(c, 3, 0, "../outside/secret", 0, 0, NULL),
           WASI_ENOTCAPABLE);
  CHECK_EQ(open_at(c, 3, 0, "sub/../../outside/secret", 0, 0, NULL),
           WASI_ENOTCAPABLE);
  CHECK_EQ(open_at(c, 3, 0, "..", WASI_OFLAG_DIRECTORY, 0, NULL),
           WASI_ENOTCAPABLE);
  CHECK_EQ(open_at(c, 3, 0, "/etc/passwd", 0, 0, NULL), WASI_ENOTCAPABLE);
  CHECK_EQ(stat_at(c, P1, 3, 0, "..", 2000), WASI_ENOTCAPABLE);
  CHECK_EQ(path_call(c, "path_create_directory", 3, "../made"),
           WASI_ENOTCAPABLE);
  CHECK_EQ(CALL(fn_iiiiii, P1, "path_rename", c, 3, str_at(5, "sub/file"), 8,
                3, str_at(6, "../stolen"), 9), WASI_ENOTCAPABLE);
  /* ".." that stays inside is fine */
  CHECK_OK(open_at(c, 3, 0, "sub/../sub/./file", 0, 0, NULL));
  /* links made by the host, pointing out */
  host_symlink("../outside", "rel_out");
  host_symlink("/etc", "abs_out");
  host_symlink("../outside/secret", "file_out");
  CHECK_EQ(open_at(c, 3, 0, "rel_out/secret", 0, 0, NULL), WASI_ENOTCAPABLE);
  CHECK_EQ(open_at(c, 3, 0, "abs_out/passwd", 0, 0, NULL), WASI_ENOTCAPABLE);
  CHECK_EQ(open_at(c, 3, F, "file_out", 0, 0, NULL), WASI_ENOTCAPABLE);
  CHECK_EQ(open_at(c, 3, F, "rel_out", WASI_OFLAG_DIRECTORY, 0, NULL),
           WASI_ENOTCAPABLE);
  CHECK_EQ(stat_at(c, P1, 3, F, "file_out", 2000), WASI_ENOTCAPABLE);
  CHECK_EQ(stat_at(c, P1, 3, 0, "rel_out/", 2000), WASI_ENOTCAPABLE);
  CHECK_EQ(path_call(c, "path_unlink_file", 3, "rel_out/secret"),
           WASI_ENOTCAPABLE);
  /* The link itself may be looked at, and removed. */
  CHECK_OK(stat_at(c, P1, 3, 0, "file_out", 2000));
  CHECK_EQ(*at(2016), WASI_FILETYPE_SYMBOLIC_LINK);
  /* A chain: each link is harmless alone except the last. */
  CHECK_OK(symlink_at(c, "c2", 3, "c1"));
  CHECK_OK(symlink_at(c, "sub/c3", 3, "c2"));
  CHECK_OK(symlink_at(c, "../../outside", 3, "sub/c3"));
  CHECK_EQ(open_at(c, 3, F, "c1", WASI_OFLAG_DIRECTORY, 0, NULL),
           WASI_ENOTCAPABLE);
  CHECK_EQ(open_at(c, 3, 0, "c1/secret", 0, 0, NULL), WASI_ENOTCAPABLE);
  CHECK_EQ(open_at(c, 3, F, "c1/secret", WASI_OFLAG_CREAT | WASI_OFLAG_TRUNC,
                   0, NULL), WASI_ENOTCAPABLE);
  /* A chain that stays inside works. */
  CHECK_OK(symlink_at(c, "sub", 3, "in1"));
  CHECK_OK(symlink_at(c, "in1/file", 3, "in2"));
  CHECK_OK(open_at(c, 3, F, "in2", 0, 0, NULL));
  /* Guests cannot make absolute links; loops end in ELOOP. */
  CHECK_EQ(symlink_at(c, "/etc", 3, "mine"), WASI_ENOTCAPABLE);
  CHECK_OK(symlink_at(c, "loop", 3, "loop"));
  CHECK_EQ(open_at(c, 3, F, "loop", 0, 0, NULL), WASI_ELOOP);
  CHECK_EQ(open_at(c, 3, 0, "loop/x", 0, 0, NULL), WASI_ELOOP);
  /* The secret is untouched. */
  char path[160], buf[16] = "";
  snprintf(path, sizeof path, "%s/outside/secret", scratch);
  FILE *f = fopen(path, "r");
  CHECK(f && fgets(buf, sizeof buf, f), "secret gone");
  fclose(f);
  CHECK(strcmp(buf, "secret") == 0, "secret is now \"%s\"", buf);
  sandbox_done(c);
}

static void test_renumber_moves_and_closes(void) {
  wasi_ctx *c = sandbox_ctx();
  u32 a = 0, b = 0;
  CHECK_OK(open_at(c, 3, 0, "a", WASI_OFLAG_CREAT, RW_RIGHTS, &a));
  CHECK_OK(open_at(c, 3, 0, "b", WASI_OFLAG_CREAT, WASI_RIGHT_FD_READ, &b));
  CHECK_OK(CALL(fn_ii, P1, "fd_renumber", c, a, b));
  CHECK_EQ(CALL(fn_ii, P1, "fd_fdstat_get", c, a, 200), WASI_EBADF);
  CHECK_OK(CALL(fn_ii, P1, "fd_fdstat_get", c, b, 200));
  CHECK_EQ(ld64(208), RW_RIGHTS); /* a's file now at b */
  CHECK_EQ(CALL(fn_ii, P1, "fd_renumber", c, b, a), WASI_EBADF);
  /* A preopen can be renumbered over and keeps its name. */
  CHECK_OK(CALL(fn_ii, P1, "fd_renumber", c, 3, b));
  CHECK_OK(CALL(fn_ii, P1, "fd_prestat_get", c, b, 700));
  CHECK_EQ(ld32(704), 4);
  sandbox_done(c);
}

/* Puts host descriptor h at the lowest free guest fd. */
static u32 adopt(wasi_ctx *c, int h) {
  wasi_file *f = wasi_file_new(h, true, NULL);
  u32 fd = 0;
  CHECK(f != NULL, "wasi_file_new failed");
  CHECK_OK(wasi_fd_insert(c, f, &fd));
  return fd;
}

static void test_sockets(void) {
  int sv[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
  wasi_ctx *c = plain_ctx();
  u32 s = adopt(c, sv[0]);
  CHECK_OK(CALL(fn_ii, P1, "fd_fdstat_get", c, s, 200));
  CHECK_EQ(*at(200), WASI_FILETYPE_SOCKET_STREAM);
  memcpy(at(1000), "ping", 4);
  iovec_at(100, 0, 1000, 4);
  CHECK_OK(CALL(fn_iiiii, P1, "sock_send", c, s, 100, 1, 0, 50));
  CHECK_EQ(ld32(50), 4);
  char buf[8] = "";
  CHECK_EQ(read(sv[1], buf, sizeof buf), 4);
  CHECK(memcmp(buf, "ping", 4) == 0, "peer got \"%.4s\"", buf);
  CHECK_EQ(write(sv[1], "pong!", 5), 5);
  iovec_at(100, 0, 1100, 4);
  CHECK_OK(CALL(fn_iiiiii, P1, "sock_recv", c, s, 100, 1, 1 /* PEEK */, 50,
                60));
  CHECK_EQ(ld32(50), 4);
  CHECK_OK(CALL(fn_iiiiii, P1, "sock_recv", c, s, 100, 1, 0, 50, 60));
  CHECK(memcmp(at(1100), "pong", 4) == 0, "recv \"%.4s\"", (char *)at(1100));
  CHECK_OK(CALL(fn_ii, P1, "sock_shutdown", c, s, 2 /* WR */));
  CHECK_EQ(read(sv[1], buf, sizeof buf), 0); /* the peer sees end of file */
  CHECK_EQ(CALL(fn_ii, P1, "sock_shutdown", c, s, 0), WASI_EINVAL);
  close(sv[1]);
  /* A listening socket accepts. */
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  snprintf(addr.sun_path, sizeof addr.sun_path, "/tmp/weft_wasi_sock_%d",
           (int)getpid());
  unlink(addr.sun_path);
  CHECK(bind(l, (struct sockaddr *)&addr, sizeof addr) == 0 &&
            listen(l, 1) == 0, "bind/listen: %s", strerror(errno));
  u32 ls = adopt(c, l);
  int peer = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(connect(peer, (struct sockaddr *)&addr, sizeof addr) == 0,
        "connect: %s", strerror(errno));
  CHECK_OK(CALL(fn_iii, P1, "sock_accept", c, ls, 0, 960));
  CHECK(ld32(960) > ls, "accepted fd %u", ld32(960));
  CHECK_OK(CALL(fn_ii, P1, "fd_fdstat_get", c, ld32(960), 200));
  CHECK_EQ(*at(200), WASI_FILETYPE_SOCKET_STREAM);
  close(peer);
  unlink(addr.sun_path);
  /* Not a socket: ENOTSOCK before any rights question. */
  int p[2];
  CHECK(pipe(p) == 0, "pipe");
  u32 pf = adopt(c, p[1]);
  CHECK_EQ(CALL(fn_ii, P1, "sock_shutdown", c, pf, 3), WASI_ENOTSOCK);
  CHECK_EQ(CALL(fn_iii, P1, "sock_accept", c, pf, 0, 960), WASI_ENOTSOCK);
  CHECK_EQ(CALL(fn_ii, P1, "sock_shutdown", c, 99, 3), WASI_EBADF);
  close(p[0]);
  wasi_ctx_free(c);
}

static void test_advise_and_allocate(void) {
  wasi_ctx *c = sandbox_ctx();
  u32 fd = 0;
  CHECK_OK(open_at(c, 3, 0, "f", WASI_OFLAG_CREAT,
                   RW_RIGHTS | WASI_RIGHT_FD_ADVISE | WASI_RIGHT_FD_ALLOCATE,
                   &fd));
  CHECK_OK(CALL(fn_ijji, P1, "fd_advise", c, fd, 0, 100, 1));
  CHECK_EQ(CALL(fn_ijji, P1, "fd_advise", c, fd, 0, 100, 6), WASI_EINVAL);
  CHECK_OK(CALL(fn_ijj, P1, "fd_allocate", c, fd, 0, 4096));
  CHECK_OK(CALL(fn_ii, P1, "fd_filestat_get", c, fd, 2000));
  CHECK_EQ(ld64(2032), 4096);
  CHECK_EQ(CALL(fn_ijj, P1, "fd_allocate", c, 3, 0, 1), WASI_ENOTCAPABLE);
  sandbox_done(c);
}

/* ---- threads ------------------------------------------------------------- */

typedef struct reader {
  wasi_ctx *c;
  u32 fd;
  u32 err;
} reader;

static void *blocked_read(void *arg) {
  reader *r = arg;
  iovec_at(3000, 0, 3100, 16);
  r->err = CALL(fn_iiii, P1, "fd_read", r->c, r->fd, 3000, 1, 3050);
  return NULL;
}

/* fd_close while another thread is blocked reading the same fd: the guest
 * number goes at once, the host fd stays open until the read is done. */
static void test_close_during_blocked_read(void) {
  int p[2];
  CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
  wasi_ctx *c = plain_ctx();
  wasi_file *f = wasi_file_new(p[0], true, NULL);
  reader r = {c, 0, 12345};
  CHECK(f != NULL, "wasi_file_new failed");
  CHECK_OK(wasi_fd_insert(c, f, &r.fd));
  pthread_t t;
  CHECK(pthread_create(&t, NULL, blocked_read, &r) == 0, "pthread_create");
  /* Wait until the reader holds its reference (then it is in, or about
   * to enter, the blocking read). */
  for (u32 refs = 1; refs < 2;) {
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
    pthread_mutex_lock(&c->lock);
    refs = f->refs;
    pthread_mutex_unlock(&c->lock);
  }
  struct timespec ts = {0, 20000000};
  nanosleep(&ts, NULL);
  CHECK_OK(CALL(fn_i, P1, "fd_close", c, r.fd));
  CHECK(fcntl(p[0], F_GETFD) >= 0, "host fd closed under a blocked read");
  CHECK_EQ(CALL(fn_ii, P1, "fd_fdstat_get", c, r.fd, 200), WASI_EBADF);
  CHECK_EQ(write(p[1], "x", 1), 1);
  pthread_join(t, NULL);
  CHECK_OK(r.err);
  CHECK_EQ(ld32(3050), 1);
  CHECK_EQ(*at(3100), 'x');
  CHECK(fcntl(p[0], F_GETFD) < 0, "host fd still open after the last use");
  close(p[1]);
  wasi_ctx_free(c);
}

typedef struct writer {
  wasi_ctx *c;
  u32 fd, base;
  u32 errors;
} writer;

enum { WRITERS = 4, WRITES = 1000 };

static void *many_writes(void *arg) {
  writer *w = arg;
  memcpy(at(w->base + 64), "12345678", 8);
  iovec_at(w->base, 0, w->base + 64, 8);
  for (int i = 0; i < WRITES; i++) {
    if (CALL(fn_iiii, P1, "fd_write", w->c, w->fd, w->base, 1, w->base + 32))
      w->errors++;
    if (CALL(fn_ii, P1, "fd_fdstat_get", w->c, w->fd, w->base + 128))
      w->errors++;
  }
  return NULL;
}

static void test_concurrent_writes_on_one_ctx(void) {
  int p[2];
  CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
  wasi_ctx *c = plain_ctx();
  wasi_file *f = wasi_file_new(p[1], true, NULL);
  u32 fd = 0;
  CHECK(f != NULL, "wasi_file_new failed");
  CHECK_OK(wasi_fd_insert(c, f, &fd));
  pthread_t t[WRITERS];
  writer w[WRITERS];
  for (int i = 0; i < WRITERS; i++) {
    w[i] = (writer){c, fd, 10000 + 1000 * (u32)i, 0};
    CHECK(pthread_create(&t[i], NULL, many_writes, &w[i]) == 0, "create");
  }
  size_t total = 0;
  char buf[4096];
  while (total < (size_t)WRITERS * WRITES * 8) {
    ssize_t n = read(p[0], buf, sizeof buf);
    if (n <= 0) FAIL("pipe read returned %zd", n);
    total += (size_t)n;
  }
  for (int i = 0; i < WRITERS; i++) {
    pthread_join(t[i], NULL);
    CHECK_EQ(w[i].errors, 0);
  }
  CHECK_EQ(total, (size_t)WRITERS * WRITES * 8);
  wasi_ctx_free(c); /* closes p[1] */
  CHECK_EQ(read(p[0], buf, sizeof buf), 0);
  close(p[0]);
}

/* ---- main ---------------------------------------------------------------- */

#define RUN(test) (current = #test, test())

int main(void) {
  CHECK(wf_memory_init(&mem, 1, 1, true, false) == 0, "wf_memory_init");
  RUN(test_find_every_preview1_function);
  RUN(test_find_unknown_returns_null);
  RUN(test_preview0_differs_in_seek_poll_and_filestat);
  RUN(test_proc_raise_is_the_only_enosys);
  RUN(test_args_and_environ_layout);
  RUN(test_environ_empty);
  RUN(test_fd_write_to_pipe);
  RUN(test_fd_read_from_pipe);
  RUN(test_fd_seek_both_whence_numberings);
  RUN(test_clock_time_get_monotonic_advances);
  RUN(test_random_get_fills);
  RUN(test_poll_oneoff_relative_clock_sleeps);
  RUN(test_poll_oneoff_earliest_of_several_clocks);
  RUN(test_poll_oneoff_wasi_unstable_layout);
  RUN(test_poll_oneoff_fd_readiness);
  RUN(test_prestat_of_preopened_dir);
  RUN(test_out_of_bounds_pointers_are_efault);
  RUN(test_bad_fd_is_ebadf);
  RUN(test_sched_yield);
  RUN(test_proc_exit_never_returns);
  RUN(test_path_open_rights_narrow_and_never_grow);
  RUN(test_filestat_layouts_of_both_previews);
  RUN(test_readdir_lists_resumes_and_truncates);
  RUN(test_tree_changes_by_name);
  RUN(test_nothing_escapes_the_preopen);
  RUN(test_renumber_moves_and_closes);
  RUN(test_sockets);
  RUN(test_advise_and_allocate);
  RUN(test_close_during_blocked_read);
  RUN(test_concurrent_writes_on_one_ctx);
  wf_memory_release(&mem);
  finish();
}
