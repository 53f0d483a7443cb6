/*
 * templates.h - files built into the weft binary: the C templates the
 * emitter writes around generated code, and the runtime sources a build
 * compiles, so weft needs nothing beside itself once installed.
 */
#ifndef WEFT_TEMPLATES_H
#define WEFT_TEMPLATES_H

#include <stddef.h>

#include "strbuf.h"

typedef struct embedded_file {
  const char *name;   /* path in the source tree, e.g. "rt/memory.c" */
  const unsigned char *data;
  size_t len;
} embedded_file;

/* Terminated by an entry with a NULL name (embedded.c, generated). */
extern const embedded_file weft_embedded[];

const embedded_file *embedded_find(const char *name);
/* Appends templates/NAME with @NAME@ and @SOURCE@ replaced. */
void template_expand(strbuf *out, const char *name, const char *prefix,
                     const char *source);

#endif /* WEFT_TEMPLATES_H */
