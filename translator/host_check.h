/*
 * host_check.h - does weft's WASI host provide every import a command
 * program needs?  Functions must exist under their module with the same
 * signature; memories are always created by the host from the import's own
 * limits; tables and globals are never provided.
 */
#ifndef WEFT_HOST_CHECK_H
#define WEFT_HOST_CHECK_H

#include <stddef.h>

#include "module.h"

int host_check_imports(const wm_module *m, const char *path, char *err,
                       size_t n);

#endif /* WEFT_HOST_CHECK_H */
