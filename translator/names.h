/*
 * names.h - C identifiers for Wasm names.
 *
 * Export names map injectively onto identifiers, so any two exports get
 * different C symbols: a name that is already a plain identifier (and does
 * not start with 'Z' or collide with the module API's own names) is kept;
 * anything else becomes 'Z' followed by the name with every byte outside
 * [A-Za-z0-9] written as _XX (hex).  Internal names (functions, locals) only
 * need to be readable: they are sanitised and made unique by their index.
 */
#ifndef WEFT_NAMES_H
#define WEFT_NAMES_H

#include "strbuf.h"

/* Appends the mangled export name (len bytes; Wasm names may hold NUL). */
void names_export(strbuf *b, const char *name, size_t len);
/* Appends `name` with non-identifier bytes replaced by '_', cut to a
 * readable length; nothing when name is NULL. */
void names_sanitized(strbuf *b, const char *name);
/* Derives a module prefix from a file path: its base name without
 * extension, sanitised; never empty, never starting with a digit, and
 * never in a namespace of the runtime or the C library (wf.wat gives
 * m_wf, pthread.wasm m_pthread). */
void names_prefix_from_path(strbuf *b, const char *path);
/* Appends s as a C string literal (NULL as NULL). */
void names_c_string(strbuf *b, const char *s);
/* Appends the len bytes at s as a C string literal. */
void names_c_bytes(strbuf *b, const char *s, size_t len);
/* True if the prefix s would put the module's symbols in a namespace of
 * weft's runtime or WASI host (wf_, wasi_, ... in any case). */
int names_reserved_prefix(const char *s);
/* True if s is a valid C identifier (for -n NAME). */
int names_is_identifier(const char *s);

#endif /* WEFT_NAMES_H */
