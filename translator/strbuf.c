/* strbuf.c - growable text buffer; see strbuf.h. */
#include "strbuf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(strbuf *b) { b->data = NULL, b->len = b->cap = 0; }

void sb_free(strbuf *b) {
  free(b->data);
  sb_init(b);
}

static void grow(strbuf *b, size_t extra) {
  size_t cap = b->cap ? b->cap * 2 : 4096;
  while (cap < b->len + extra + 1) cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) {
    fputs("weft: out of memory\n", stderr);
    abort();
  }
  b->data = p, b->cap = cap;
}

static inline void reserve(strbuf *b, size_t extra) {
  if (b->len + extra + 1 > b->cap) grow(b, extra);
}

void sb_putn(strbuf *b, const char *s, size_t n) {
  reserve(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void sb_puts(strbuf *b, const char *s) { sb_putn(b, s, strlen(s)); }

/* The conversions the emitters use ("%s", "%u", "%c", "%d", "%x", with
 * l, ll or z lengths on the unsigned ones) are done here: printf's own
 * machinery took a third of the translation time.  At anything else
 * (widths, precisions, floats) what was written is taken back and the
 * whole format goes to vsnprintf. */
static void put_decimal(strbuf *b, unsigned long long v) {
  char t[24];
  int n = 0;
  do t[n++] = (char)('0' + v % 10); while ((v /= 10));
  reserve(b, (size_t)n);
  while (n) b->data[b->len++] = t[--n];
  b->data[b->len] = 0;
}

static void put_hex(strbuf *b, unsigned long long v) {
  char t[24];
  int n = 0;
  do t[n++] = "0123456789abcdef"[v & 15]; while ((v >>= 4));
  reserve(b, (size_t)n);
  while (n) b->data[b->len++] = t[--n];
  b->data[b->len] = 0;
}

/* Returns false, having written nothing, at a conversion it does not do. */
static bool simple_vprintf(strbuf *b, const char *f, va_list ap) {
  size_t start = b->len;
  for (;;) {
    const char *p = strchr(f, '%');
    if (!p) {
      sb_puts(b, f);
      return true;
    }
    sb_putn(b, f, (size_t)(p - f));
    int l = 0;
    bool z = false;
    for (f = p + 1; *f == 'l' || *f == 'z'; f++) l += *f == 'l', z |= *f == 'z';
    char c = *f++;
    if ((c == 's' || c == 'c' || c == 'd' || c == '%') && (l || z)) c = 0;
    if (c == 's') {
      sb_puts(b, va_arg(ap, const char *));
    } else if (c == 'c' || c == '%') {
      char ch = c == '%' ? '%' : (char)va_arg(ap, int);
      sb_putn(b, &ch, 1);
    } else if (c == 'd') {
      int v = va_arg(ap, int);
      if (v < 0) sb_putn(b, "-", 1);
      put_decimal(b, v < 0 ? 0u - (unsigned)v : (unsigned)v);
    } else if (c == 'u' || c == 'x') {
      unsigned long long v = z ? va_arg(ap, size_t)
                             : l > 1 ? va_arg(ap, unsigned long long)
                             : l ? va_arg(ap, unsigned long)
                                 : va_arg(ap, unsigned);
      if (c == 'u') put_decimal(b, v);
      else put_hex(b, v);
    } else {
      b->len = start;
      if (b->data) b->data[start] = 0;
      return false;
    }
  }
}

/* Formats straight into the spare room, which is nearly always enough;
 * only a longer text is formatted a second time. */
void sb_vprintf(strbuf *b, const char *fmt, va_list ap) {
  va_list ap2, ap3;
  va_copy(ap2, ap);
  bool done = simple_vprintf(b, fmt, ap2);
  va_end(ap2);
  if (done) return;
  va_copy(ap3, ap);
  reserve(b, 256);
  size_t room = b->cap - b->len;
  int n = vsnprintf(b->data + b->len, room, fmt, ap3);
  va_end(ap3);
  if (n < 0) {
    b->data[b->len] = 0;
    return;
  }
  if ((size_t)n >= room) {
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  }
  b->len += (size_t)n;
}

void sb_printf(strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(b, fmt, ap);
  va_end(ap);
}
