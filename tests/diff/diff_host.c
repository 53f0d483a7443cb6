/*
 * diff_host.c - runs a plugin built by `weft build --shared` the way
 * `wasm-interp --run-all-exports --dummy-import-func` runs its module, and
 * prints what wasm-interp prints, so that difftest.py can compare the two
 * line by line: every imported function logs its call and returns zeros,
 * every exported function without parameters is called in export order
 * (wrap_exports.py made them so), and a trap prints wasm-interp's message.
 *   diff_host PLUGIN.so
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft.h"

/* wasm-interp's words for each trap (the part before any detail) */
static const char *trap_message(weft_trap t) {
  switch (t) {
    case WEFT_TRAP_UNREACHABLE: return "unreachable executed";
    case WEFT_TRAP_OOB_MEMORY: return "out of bounds memory access";
    case WEFT_TRAP_OOB_TABLE: return "out of bounds table access";
    case WEFT_TRAP_UNDEFINED_ELEMENT: return "undefined table index";
    case WEFT_TRAP_UNINITIALIZED_ELEMENT: return "uninitialized table element";
    case WEFT_TRAP_INDIRECT_CALL_TYPE: return "indirect call signature mismatch";
    case WEFT_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case WEFT_TRAP_INT_OVERFLOW: return "integer overflow";
    case WEFT_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case WEFT_TRAP_CALL_STACK_EXHAUSTED: return "call stack exhausted";
    case WEFT_TRAP_UNALIGNED_ATOMIC: return "atomic memory access is unaligned";
    case WEFT_TRAP_EXPECTED_SHARED_MEMORY: return "expected shared memory";
    default: return "other trap";
  }
}

static void print_value(char type, weft_raw v) {
  switch (type) {
    case 'i': printf("i32:%" PRIu32, v.i32); break;
    case 'j': printf("i64:%" PRIu64, v.i64); break;
    case 'f': printf("f32:%f", (double)v.f32); break;
    case 'd': printf("f64:%f", v.f64); break;
    default: printf("ref"); break;
  }
}

static void print_values(const char *types, const weft_raw *v, const char *sep) {
  for (size_t i = 0; types[i]; i++) {
    if (i) printf("%s", sep);
    print_value(types[i], v[i]);
  }
}

static int log_call(void *env, weft_instance *caller, const weft_raw *args,
                    weft_raw *results) {
  (void)caller;
  const weft_extern *imp = env;
  const char *colon = strchr(imp->signature, ':');
  char params[64] = "";
  snprintf(params, sizeof params, "%.*s", (int)(colon - imp->signature),
           imp->signature);
  printf("called host %s.%s(", imp->module, imp->name);
  print_values(params, args, ", ");
  printf(") =>");
  for (size_t i = 0; colon[1 + i]; i++) {
    results[i].i64 = 0;
    printf("%s", i ? ", " : " ");
    print_value(colon[1 + i], results[i]);
  }
  printf("\n");
  return 0;
}

static void call_export(weft_instance *in, const weft_extern *e) {
  const char *results = strchr(e->signature, ':') + 1;
  size_t n = strlen(results);
  weft_val res[16];
  weft_error err;
  if (e->signature[0] != ':' || n > 16) return;  /* wasm-interp skips these */
  weft_status st = weft_call(in, e->name, NULL, 0, res, n, &err);
  printf("%s() =>", e->name);
  if (st != WEFT_OK) {
    if (err.status == WEFT_TRAP) printf(" error: %s\n", trap_message(err.trap));
    else printf(" error: %s\n", err.message);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    printf("%s", i ? ", " : " ");
    print_value(results[i], res[i].of);
  }
  printf("\n");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: diff_host PLUGIN.so\n");
    return 2;
  }
  weft_error err;
  weft_plugin *p = weft_plugin_open(argv[1], &err);
  if (!p) {
    fprintf(stderr, "diff_host: %s\n", err.message);
    return 2;
  }
  uint32_t ni = weft_plugin_import_count(p), ne = weft_plugin_export_count(p);
  weft_extern *imports = calloc(ni + 1, sizeof *imports);
  weft_import_binding *bind = calloc(ni + 1, sizeof *bind);
  size_t nb = 0;
  for (uint32_t i = 0; i < ni; i++) {
    weft_plugin_import(p, i, &imports[i]);
    if (imports[i].kind != WEFT_EXTERN_FUNC) continue;
    bind[nb++] = (weft_import_binding){imports[i].module, imports[i].name,
                                       imports[i].signature, log_call, &imports[i]};
  }
  weft_instance_config cfg = {.imports = bind, .nimports = nb};
  weft_instance *in = weft_instance_new(p, &cfg, &err);
  if (!in) {
    printf("error: %s\n", err.status == WEFT_TRAP ? trap_message(err.trap) : err.message);
  } else {
    for (uint32_t i = 0; i < ne; i++) {
      weft_extern e;
      weft_plugin_export(p, i, &e);
      if (e.kind == WEFT_EXTERN_FUNC) call_export(in, &e);
    }
    weft_instance_free(in);
  }
  fflush(stdout);
  weft_plugin_close(p);
  free(imports);
  free(bind);
  return 0;
}
