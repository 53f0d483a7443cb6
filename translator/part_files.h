/*
 * part_files.h - where the emitter's C parts go: OUT.c, OUT_1.c, ...
 * (part_files_path), written one after the other.  For `weft translate`
 * they are written under temporary names and renamed into place only once
 * all are complete, so a failure leaves no partial output; a build writes
 * them straight into its own directory.
 */
#ifndef WEFT_PART_FILES_H
#define WEFT_PART_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct part_files {
  const char *base;   /* OUT */
  int nparts;
  bool atomic;        /* temporary names until part_files_finish */
  int open;           /* the part being written, or -1 */
  FILE *f;
} part_files;

void part_files_init(part_files *pf, const char *base, int nparts,
                     bool atomic);
/* OUT.c for part 0, OUT_k.c for part k. */
void part_files_path(const part_files *pf, int k, char *buf, size_t n);
/* An emit_write_fn (see emit.h); ctx is the part_files. */
int part_files_write(void *ctx, int part, const char *data, size_t len,
                     char *err, size_t n);
/* Closes the last part; if ok and atomic, renames every part into place,
 * otherwise removes what was written.  Returns 0, or -1 with a message. */
int part_files_finish(part_files *pf, bool ok, char *err, size_t n);

#endif /* WEFT_PART_FILES_H */
