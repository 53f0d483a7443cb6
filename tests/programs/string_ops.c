/* string_ops.c - string.h and stdlib conversions: strtok, strstr, strchr,
 * strrchr, strspn/strcspn, sprintf/snprintf (truncation), atoi, strtol with
 * bases and end pointers, strtoul, strtod, memmove on overlapping ranges,
 * memcmp, memset, strncpy, strcat, ctype, and a word-frequency table. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char text[] =
    "the quick brown fox jumps over the lazy dog; the dog sleeps, "
    "the fox runs. Quick thinking: 42 foxes, 7 dogs and 0x1F cats!";

static void tokens(void) {
  char buf[sizeof text];
  strcpy(buf, text);
  int n = 0;
  char longest[32] = "";
  for (char *t = strtok(buf, " ;,.:!"); t; t = strtok(NULL, " ;,.:!")) {
    if (strlen(t) > strlen(longest)) snprintf(longest, sizeof longest, "%s", t);
    n++;
  }
  printf("tokens %d longest '%s'\n", n, longest);
  /* word frequencies, case-folded, kept sorted by insertion */
  struct { char w[16]; int n; } freq[64];
  int nw = 0;
  strcpy(buf, text);
  for (char *t = strtok(buf, " ;,.:!"); t; t = strtok(NULL, " ;,.:!")) {
    for (char *c = t; *c; c++) *c = (char)tolower((unsigned char)*c);
    int i = 0;
    while (i < nw && strcmp(freq[i].w, t)) i++;
    if (i == nw) snprintf(freq[nw++].w, sizeof freq[0].w, "%s", t), freq[i].n = 0;
    freq[i].n++;
  }
  for (int i = 0; i < nw; i++)
    if (freq[i].n > 1) printf("  %s x%d\n", freq[i].w, freq[i].n);
}

static void searching(void) {
  const char *p = strstr(text, "fox");
  printf("first fox at %d, ", (int)(p - text));
  int count = 0;
  for (p = text; (p = strstr(p, "fox")); p++) count++;
  printf("%d foxes, 'cat' %s, '' at %d\n", count,
         strstr(text, "cat") ? "found" : "missing", (int)(strstr(text, "") - text));
  printf("strchr q %d, strrchr o %d, strchr z-terminator %d\n",
         (int)(strchr(text, 'q') - text), (int)(strrchr(text, 'o') - text),
         (int)(strchr(text, '\0') - text));
  printf("strspn %zu strcspn %zu\n", strspn("aaabbbccc", "ab"),
         strcspn("hello world", "ow"));
  printf("memcmp %d %d %d strncmp %d\n", memcmp("abc", "abd", 3) < 0,
         memcmp("abc", "abc", 3) == 0, memcmp("b", "a", 1) > 0,
         strncmp("prefix-one", "prefix-two", 7));
}

static void numbers(void) {
  const char *ints[] = {"42", "-17", "  +8", "12abc", "abc", "2147483647"};
  for (int i = 0; i < 6; i++) printf("atoi(\"%s\") = %d\n", ints[i], atoi(ints[i]));
  const char *s = "0x1F 0755 -101 z9 1010";
  char *end;
  long a = strtol(s, &end, 16);
  long b = strtol(end, &end, 8);
  long c = strtol(end, &end, 10);
  long d = strtol(end, &end, 36);
  long e = strtol(end, &end, 2);
  printf("strtol: %ld %ld %ld %ld %ld rest '%s'\n", a, b, c, d, e, end);
  long f = strtol("0x10", NULL, 0), g = strtol("010", NULL, 0);
  unsigned long h = strtoul("4000000000", NULL, 10);
  printf("base 0: %ld %ld strtoul %lu\n", f, g, h);
  const char *nonum = "xyz";
  long z = strtol(nonum, &end, 10);
  printf("no digits: %ld consumed %d\n", z, (int)(end - nonum));
  double x = strtod("  -12.5e3xyz", &end);
  printf("strtod %.17g rest '%s' %.17g %.17g\n", x, end, strtod("0.1", NULL),
         atof("3.25"));
}

static void memory_ops(void) {
  char buf[32] = "0123456789abcdefghij";
  memmove(buf + 4, buf, 10); /* overlapping forward */
  printf("memmove fwd '%s'\n", buf);
  strcpy(buf, "0123456789abcdefghij");
  memmove(buf, buf + 6, 10); /* overlapping backward */
  printf("memmove back '%s'\n", buf);
  memset(buf, '#', 5);
  printf("memset '%s'\n", buf);
  char small[8];
  strncpy(small, "abcdefghijk", sizeof small - 1);
  small[sizeof small - 1] = 0;
  printf("strncpy '%s'\n", small);
  char line[80] = "";
  for (int i = 0; i < 5; i++) {
    char part[16];
    sprintf(part, "[%d:%c]", i * i, 'a' + i);
    strcat(line, part);
  }
  printf("built '%s' (%zu)\n", line, strlen(line));
  char tiny[10];
  int need = snprintf(tiny, sizeof tiny, "%s-%05d-%x", "id", 77, 0xbeef);
  printf("snprintf '%s' needed %d\n", tiny, need);
  char up[64];
  size_t i = 0;
  for (const char *c = "Mixed Case 123 _x_"; *c; c++)
    up[i++] = isalpha((unsigned char)*c) ? (char)toupper((unsigned char)*c) : '.';
  up[i] = 0;
  printf("upper '%s' digits %d spaces %d\n", up, isdigit('7') != 0,
         isspace('\t') != 0);
}

int main(void) {
  tokens();
  searching();
  numbers();
  memory_ops();
  return 0;
}
