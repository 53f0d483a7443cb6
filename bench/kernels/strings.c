/* strings - string processing: generate text, split into words, count
 * word frequencies in a string-keyed hash table, naive and libc substring
 * search, in-place case mapping and word reversal, and number parsing and
 * formatting. */
#include <ctype.h>

#include "bench.h"

#define TEXT_BYTES BENCH_SIZE(6000000u, 20000u)
#define ROUNDS BENCH_SIZE(16, 1)

static const char *syll[] = {"ka", "ri", "to", "ne", "mu", "sa", "lo", "vi",
                             "da", "pe", "qu", "zo", "ex", "an", "or", "il"};

static char *make_text(uint32_t n, uint64_t *s) {
  char *t = xmalloc(n + 1);
  uint32_t i = 0;
  while (i + 40 < n) {
    uint64_t r = rng_next(s);
    int ns = 1 + (int)(r % 4);
    for (int k = 0; k < ns; k++) {
      const char *y = syll[(r >> (8 + 4 * k)) & 15];
      t[i++] = y[0], t[i++] = y[1];
    }
    if ((r >> 40) % 11 == 0) i += (uint32_t)sprintf(t + i, " %u", (uint32_t)(r >> 44) % 100000);
    t[i++] = (r >> 50) % 13 == 0 ? '\n' : ' ';
    if ((r >> 56) % 17 == 0) t[i - 1] = ',';
  }
  t[i] = 0;
  return t;
}

#define HBITS 18
typedef struct {
  char w[12];
  uint32_t count;
} wslot;

static uint32_t str_hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
  return h;
}

static uint64_t word_freq(const char *t, wslot *tab) {
  memset(tab, 0, sizeof(wslot) << HBITS);
  uint32_t words = 0, distinct = 0;
  const char *p = t;
  while (*p) {
    while (*p && !isalnum((unsigned char)*p)) p++;
    const char *b = p;
    while (isalnum((unsigned char)*p)) p++;
    size_t n = (size_t)(p - b);
    if (!n) continue;
    if (n > 11) n = 11;
    words++;
    uint32_t i = str_hash(b, n) & ((1u << HBITS) - 1);
    while (tab[i].count && (strncmp(tab[i].w, b, n) || tab[i].w[n]))
      i = (i + 1) & ((1u << HBITS) - 1);
    if (!tab[i].count) memcpy(tab[i].w, b, n), tab[i].w[n] = 0, distinct++;
    tab[i].count++;
  }
  uint32_t best = 0;
  for (uint32_t i = 0; i < (1u << HBITS); i++)
    if (tab[i].count > tab[best].count) best = i;
  return mix(mix(words, distinct), str_hash(tab[best].w, strlen(tab[best].w)) ^ tab[best].count);
}

static uint32_t naive_count(const char *t, const char *pat) {
  uint32_t c = 0;
  size_t m = strlen(pat);
  for (const char *p = t; *p; p++) {
    size_t k = 0;
    while (k < m && p[k] == pat[k]) k++;
    c += k == m;
  }
  return c;
}

static uint32_t libc_count(const char *t, const char *pat) {
  uint32_t c = 0;
  for (const char *p = strstr(t, pat); p; p = strstr(p + 1, pat)) c++;
  return c;
}

static void reverse_words(char *t) {
  char *p = t;
  while (*p) {
    char *b = p;
    while (*p && *p != ' ' && *p != '\n') p++;
    for (char *l = b, *r = p - 1; l < r; l++, r--) {
      char x = *l; *l = *r; *r = x;
    }
    if (*p) p++;
  }
}

static uint64_t numbers(const char *t) {
  uint64_t sum = 0;
  char buf[32];
  uint32_t n = 0;
  for (const char *p = t; *p; p++) {
    if (isdigit((unsigned char)*p) && (p == t || p[-1] == ' ')) {
      char *end;
      uint32_t v = (uint32_t)strtoul(p, &end, 10);
      int len = snprintf(buf, sizeof buf, "%x", v * 2654435761u);
      sum += v + (uint32_t)len + (uint8_t)buf[len - 1];
      n++;
      p = end - 1;
    }
  }
  return mix(sum, n);
}

static uint64_t kernel(void) {
  uint64_t s = 77, h = 0;
  char *t = make_text(TEXT_BYTES, &s);
  wslot *tab = xmalloc(sizeof(wslot) << HBITS);
  for (int r = 0; r < ROUNDS; r++) {
    h = mix(h, word_freq(t, tab));
    h = mix(h, naive_count(t, r & 1 ? "anex" : "kari"));
    h = mix(h, libc_count(t, r & 1 ? "zoqu" : "mu "));
    h = mix(h, numbers(t));
    for (char *p = t; *p; p++) *p = (char)(r & 1 ? tolower((unsigned char)*p) : toupper((unsigned char)*p));
    reverse_words(t);
    h = mix(h, str_hash(t, strlen(t)));
  }
  free(tab), free(t);
  return h;
}

BENCH_MAIN("strings", 0xa3597bbc67c916cfULL, 0x2aea292df37523ddULL)
