/* Every trap comes back from the call that met it, with its kind and
 * message, and the instance goes on; proc_exit comes back as "exited with
 * N" and finishes the instance; WASI writes go to the host descriptor the
 * host gave (a pipe here).   host_traps TRAPS.so */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "weft.h"

#include "check.h"

static const struct {
  const char *fn;
  weft_trap trap;
  const char *message;
} traps[] = {
    {"unreachable", WEFT_TRAP_UNREACHABLE, "unreachable"},
    {"oob", WEFT_TRAP_OOB_MEMORY, "out of bounds memory access"},
    {"div", WEFT_TRAP_DIV_BY_ZERO, "integer divide by zero"},
    {"overflow", WEFT_TRAP_INT_OVERFLOW, "integer overflow"},
    {"conversion", WEFT_TRAP_INVALID_CONVERSION, "invalid conversion to integer"},
    {"indirect_type", WEFT_TRAP_INDIRECT_CALL_TYPE, "indirect call type mismatch"},
    {"indirect_null", WEFT_TRAP_UNINITIALIZED_ELEMENT, "uninitialized element"},
    {"indirect_oob", WEFT_TRAP_UNDEFINED_ELEMENT, "undefined element"},
    {"stack", WEFT_TRAP_CALL_STACK_EXHAUSTED, "call stack exhausted"},
    {"misaligned", WEFT_TRAP_UNALIGNED_ATOMIC, "unaligned atomic"},
};

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  weft_error err;
  weft_plugin *p = weft_plugin_open(argv[1], &err);
  if (!p) {
    printf("open: %s\n", err.message);
    return 1;
  }
  int out[2];
  if (pipe(out)) return 1;
  const char *args[] = {"traps", "x"};
  weft_wasi_config wasi = {2, args, 0, NULL, 0, NULL, -1, out[1], 2};
  weft_instance_config cfg = {0};
  cfg.wasi = &wasi;
  weft_instance *in = weft_instance_new(p, &cfg, &err);
  close(out[1]);  /* the instance has its own copy */
  if (!in) {
    printf("instance: %s\n", err.message);
    return 1;
  }
  weft_val r[1];
  for (size_t i = 0; i < sizeof traps / sizeof traps[0]; i++) {
    char want[128];
    snprintf(want, sizeof want, "wasm trap: %s", traps[i].message);
    weft_status s = weft_call(in, traps[i].fn, NULL, 0, r, 1, &err);
    if (!strcmp(traps[i].fn, "unreachable"))
      s = weft_call(in, traps[i].fn, NULL, 0, NULL, 0, &err);
    CHECK(s == WEFT_TRAP && err.trap == traps[i].trap && !strcmp(err.message, want),
          "%s: status %s, trap %d, [%s]", traps[i].fn, weft_status_name(s),
          err.trap, err.message);
    CHECK(weft_call(in, "ok", NULL, 0, r, 1, &err) == WEFT_OK && r[0].of.i32 == 7,
          "ok after %s: %s", traps[i].fn, err.message);
  }
  CHECK(weft_call(in, "hello", NULL, 0, r, 1, &err) == WEFT_OK && r[0].of.i32 == 3,
        "hello: %s", err.message);
  char buf[16] = {0};
  CHECK(read(out[0], buf, sizeof buf - 1) == 3 && !strcmp(buf, "hi\n"),
        "stdout pipe got [%s]", buf);
  weft_val a[1] = {weft_i32(3)};
  CHECK(weft_call(in, "exit", a, 1, NULL, 0, &err) == WEFT_EXITED &&
        err.exit_code == 3 && !strcmp(err.message, "exited with 3"), "exit: %s",
        err.message);
  CHECK(weft_call(in, "ok", NULL, 0, r, 1, &err) == WEFT_EXITED && err.exit_code == 3,
        "ok after exit: %s", err.message);
  weft_instance_free(in);
  /* a fresh instance is not finished; a closed host fd is refused */
  CHECK(!weft_instance_new(p, &cfg, &err) &&
        strstr(err.message, "cannot use host fd"), "closed fd: %s", err.message);
  wasi.stdout_fd = -1;
  in = weft_instance_new(p, &cfg, &err);
  CHECK(in && weft_call(in, "ok", NULL, 0, r, 1, &err) == WEFT_OK, "new instance: %s",
        err.message);
  /* without WASI the imports are unbound */
  weft_instance_config bare = {0};
  CHECK(!weft_instance_new(p, &bare, &err) &&
        strstr(err.message, "import wasi_snapshot_preview1.proc_exit (i:) is not "
               "bound (configure WASI for the instance)"), "no wasi: %s", err.message);
  weft_plugin_close(p);
  close(out[0]);
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
