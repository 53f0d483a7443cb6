/*
 * driver.h - the three commands.  Each returns 0, or -1 with a one-line
 * message in err; none leaves a partial output file behind.
 *
 *   translate: MODULE -> OUT.c + OUT.h
 *   build:     MODULE -> native executable (translated C + embedded runtime
 *              compiled with the user's compiler; runtime objects cached)
 *   run:       build into the cache (keyed by module, flags and weft
 *              itself), then exec it; only returns on failure
 */
#ifndef WEFT_DRIVER_H
#define WEFT_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "options.h"

#define WEFT_VERSION "0.1.0"

int driver_translate(const weft_options *o, char *err, size_t n);
int driver_build(const weft_options *o, const char *exe, char *err, size_t n);
int driver_run(const weft_options *o, char *err, size_t n);

/* Where run caches builds and the runtime's objects live. */
int driver_cache_dir(char *buf, size_t n);
/* FNV-1a, for cache keys (not for security). */
uint64_t driver_hash(uint64_t h, const void *data, size_t len);
/* A hash of weft's embedded files and the flags that shape compiled code. */
uint64_t driver_config_hash(const weft_options *o);

#endif /* WEFT_DRIVER_H */
