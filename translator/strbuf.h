/*
 * strbuf.h - a growable byte buffer with printf-style appends; how the
 * emitters build C text.  Allocation failure aborts (see arena.h).
 */
#ifndef WEFT_STRBUF_H
#define WEFT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
  char *data;
  size_t len, cap;
} strbuf;

void sb_init(strbuf *b);
void sb_free(strbuf *b);
void sb_putn(strbuf *b, const char *s, size_t n);
void sb_puts(strbuf *b, const char *s);
void sb_printf(strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf *b, const char *fmt, va_list ap);

#endif /* WEFT_STRBUF_H */
