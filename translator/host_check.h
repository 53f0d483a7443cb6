/*
 * host_check.h - can weft's WASI host run a command program: does it provide
 * every import the program needs, and does the program export _start?
 * Functions must exist under their module with the same signature;
 * memories are always created by the host from the import's own limits;
 * tables and globals are never provided.
 */
#ifndef WEFT_HOST_CHECK_H
#define WEFT_HOST_CHECK_H

#include <stddef.h>

#include "module.h"

int host_check_imports(const wm_module *m, const char *path, char *err,
                       size_t n);
/* A command program must also export "_start" as a function of no
 * parameters and no results. */
int host_check_start(const wm_module *m, const char *path, char *err,
                     size_t n);

#endif /* WEFT_HOST_CHECK_H */
