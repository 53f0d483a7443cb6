/*
 * debug_lines.h - source lines for `weft build -g`: the DWARF line table a
 * module carries (clang -g writes it into the custom section .debug_line,
 * DWARF 4 or 5, with names in .debug_line_str or .debug_str), as a map
 * from a byte offset in the module to a source file and line, from which
 * the emitter writes #line directives.  A table it cannot read (64-bit
 * DWARF, forms it does not know) is skipped, unit by unit: debugging
 * information never makes a translation fail.
 */
#ifndef WEFT_DEBUG_LINES_H
#define WEFT_DEBUG_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "module.h"

typedef struct dl_row {
  uint32_t offset;   /* in the module */
  uint32_t file;     /* index into files */
  uint32_t line;     /* 0: no source line (as after a sequence's end, so
                        that a function compiled without -g finds none) */
} dl_row;

typedef struct debug_lines {
  dl_row *rows;      /* sorted by offset */
  size_t nrows;
  char **files;      /* paths, as the compiler recorded them */
  uint32_t nfiles;
} debug_lines;

/* Fills d (empty if the module has no line table); returns d->nrows. */
size_t debug_lines_load(const wm_module *m, debug_lines *d);
void debug_lines_free(debug_lines *d);
/* The last row at or before offset, or NULL. */
const dl_row *debug_lines_find(const debug_lines *d, uint32_t offset);

#endif /* WEFT_DEBUG_LINES_H */
