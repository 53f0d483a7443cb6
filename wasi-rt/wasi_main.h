/*
 * wasi_main.h - running a translated module as a WASI command program.
 *
 * wasi_main links the module's imports against the WASI host (functions of
 * wasi_snapshot_preview1 / wasi_unstable, wasi.thread-spawn; every imported
 * memory is created from the import's own limits and sharedness), then
 * instantiates it and calls its `_start`.
 *
 * Command line of a built program:  PROG [--weft OPTIONS --] ARGS...
 * Only when argv[1] is exactly "--weft" are weft's options read, up to
 * "--": --dir HOST[::GUEST] (preopen HOST; the guest sees it as GUEST, or
 * as HOST when there is no "::"), --env K=V (set a variable), and
 * --inherit-env (pass the process's whole environment, with --env adding
 * and overriding).  Without --inherit-env the program sees no environment
 * but the --env variables.  `weft run` always passes its options so.
 *
 * Process semantics (wasi-threads): returning from _start ends the process
 * with 0 even while other threads run; proc_exit on any thread ends it with
 * that code; a trap on any thread prints "PROG: wasm trap: REASON" and ends
 * it with status 134.
 */
#ifndef WEFT_WASI_MAIN_H
#define WEFT_WASI_MAIN_H

#include "weft_rt.h"

#define WASI_TRAP_EXIT_STATUS 134

int wasi_main(const wf_module *mod, int argc, char **argv);

/* The signature of the host function module.name, or NULL if weft's host
 * does not provide it; shared with the translator's import check. */
const char *wasi_resolve_sig(const char *module, const char *name);

#endif /* WEFT_WASI_MAIN_H */
