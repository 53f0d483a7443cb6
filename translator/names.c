/* names.c - Wasm names to C identifiers; see names.h. */
#include "names.h"

#include <string.h>
#include <strings.h>

static int is_alnum(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

int names_is_identifier(const char *s) {
  if (!*s || (*s >= '0' && *s <= '9')) return 0;
  for (; *s; s++)
    if (!is_alnum((unsigned char)*s) && *s != '_') return 0;
  return 1;
}

/* Names the module API itself uses after the prefix (see emit_module.c). */
static int reserved(const char *s) {
  static const char *const words[] = {"instance", "module", "instantiate",
                                      "free", "export_ptr", "imports",
                                      "exports", "instantiate_v", "free_v",
                                      "WEFT_H", NULL};
  for (int i = 0; words[i]; i++)
    if (!strcmp(s, words[i])) return 1;
  /* internal functions are PREFIX_f<digits>..., result structs PREFIX_r_... */
  if (s[0] == 'f' && s[1] >= '0' && s[1] <= '9') return 1;
  if (s[0] == 'r' && s[1] == '_') return 1;
  if (s[0] == 'd' && s[1] >= '0' && s[1] <= '9') return 1;
  if (!strncmp(s, "sig", 3)) return 1;
  return 0;
}

void names_export(strbuf *b, const char *name, size_t len) {
  if (strlen(name) == len && names_is_identifier(name) && name[0] != 'Z' &&
      !reserved(name)) {
    sb_puts(b, name);
    return;
  }
  sb_putn(b, "Z", 1);
  for (const unsigned char *p = (const unsigned char *)name;
       p < (const unsigned char *)name + len; p++) {
    if (is_alnum(*p))
      sb_putn(b, (const char *)p, 1);
    else
      sb_printf(b, "_%02X", *p);
  }
}

void names_sanitized(strbuf *b, const char *name) {
  if (!name) return;
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)name; *p && n < 40;
       p++, n++) {
    char c = is_alnum(*p) ? (char)*p : '_';
    sb_putn(b, &c, 1);
  }
}

/* Symbol namespaces of weft's runtime and WASI host, and of the C library
 * (POSIX and C11 names with an underscore): a module prefix equal to one
 * of them, in any case, could define a symbol they already define
 * (wf_module, wasi_find, pthread_create ...). */
static const char *const runtime_spaces[] = {"wf", "wasi", "weft", "rt",
                                             "parker", NULL};
static const char *const libc_spaces[] = {
    "pthread", "posix", "sched", "sem", "clock", "timer", "atomic", "thrd",
    "mtx", "cnd", "tss", "mq", "shm", "aio", "call", "quick", NULL};

static int in_space(const char *s, size_t n, const char *const *spaces) {
  for (int i = 0; spaces[i]; i++)
    if (strlen(spaces[i]) == n && !strncasecmp(s, spaces[i], n)) return 1;
  return 0;
}

/* The prefix's first component: everything up to its first '_'. */
static size_t head_len(const char *s) {
  const char *u = strchr(s, '_');
  return u ? (size_t)(u - s) : strlen(s);
}

int names_reserved_prefix(const char *s) {
  return in_space(s, head_len(s), runtime_spaces);
}

void names_prefix_from_path(strbuf *b, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strchr(base, '.');
  size_t n = dot ? (size_t)(dot - base) : strlen(base);
  size_t h = 0;
  while (h < n && is_alnum((unsigned char)base[h])) h++;
  size_t start = b->len;
  if (n == 0 || (base[0] >= '0' && base[0] <= '9')) sb_puts(b, "m");
  else if (in_space(base, h, runtime_spaces) || in_space(base, h, libc_spaces))
    sb_puts(b, "m_");
  for (size_t i = 0; i < n; i++) {
    char c = is_alnum((unsigned char)base[i]) ? base[i] : '_';
    sb_putn(b, &c, 1);
  }
  if (b->len == start) sb_puts(b, "m");
}

void names_c_string(strbuf *b, const char *s) {
  if (!s)
    sb_puts(b, "NULL");
  else
    names_c_bytes(b, s, strlen(s));
}

void names_c_bytes(strbuf *b, const char *s, size_t len) {
  sb_puts(b, "\"");
  for (const unsigned char *p = (const unsigned char *)s;
       p < (const unsigned char *)s + len; p++) {
    if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '?')
      sb_putn(b, (const char *)p, 1);
    else
      sb_printf(b, "\\%03o", *p);
  }
  sb_puts(b, "\"");
}
