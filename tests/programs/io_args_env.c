/* io_args_env.c - a wc-like filter: reports its arguments, the environment
 * variables it was given (sorted), and line/word/byte counts, the longest
 * line, a letter histogram and a checksum of stdin; writes a note to stderr.
 * Exit status: N from an argument "--exit=N", else the line count mod 100. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  int exit_code = -1;
  printf("argc-1 = %d\n", argc - 1);
  for (int i = 1; i < argc; i++) { /* argv[0] differs: not printed */
    size_t len = strlen(argv[i]);
    printf("arg %d: [%s] len %zu reversed [", i, argv[i], len);
    for (size_t k = len; k-- > 0;) putchar(argv[i][k]);
    printf("]\n");
    if (!strncmp(argv[i], "--exit=", 7)) exit_code = atoi(argv[i] + 7);
  }
  if (argv[argc] != NULL) puts("argv not NULL-terminated");

  const char *g = getenv("GREETING"), *c = getenv("COUNT");
  printf("GREETING=%s COUNT=%s\n", g ? g : "(unset)", c ? c : "(unset)");
  for (int i = 0; c && i < atoi(c) && i < 10; i++) printf("%s #%d\n", g ? g : "hi", i);
  size_t nenv = 0;
  while (environ && environ[nenv]) nenv++;
  char **env = malloc((nenv + 1) * sizeof *env);
  memcpy(env, environ, nenv * sizeof *env);
  qsort(env, nenv, sizeof *env, cmp_str);
  printf("%zu environment variables:\n", nenv);
  for (size_t i = 0; i < nenv; i++) printf("  %s\n", env[i]);
  free(env);

  unsigned long lines = 0, words = 0, bytes = 0, longest = 0, cur = 0;
  unsigned long letters[26] = {0};
  uint32_t sum = 0;
  int ch, in_word = 0;
  while ((ch = getchar()) != EOF) {
    bytes++;
    sum = (sum << 5 | sum >> 27) ^ (uint32_t)ch;
    if (isalpha(ch)) letters[tolower(ch) - 'a']++;
    if (ch == '\n') {
      lines++;
      if (cur > longest) longest = cur;
      cur = 0;
    } else {
      cur++;
    }
    if (isspace(ch)) in_word = 0;
    else if (!in_word) in_word = 1, words++;
  }
  if (cur > longest) longest = cur;
  if (ferror(stdin)) puts("read error on stdin");
  printf("lines %lu words %lu bytes %lu longest %lu checksum %08x\n", lines,
         words, bytes, longest, (unsigned)sum);
  for (int i = 0; i < 26; i++)
    if (letters[i]) printf("%c:%lu%s", 'a' + i, letters[i], i == 25 ? "" : " ");
  printf("\n");
  fprintf(stderr, "io_args_env: read %lu bytes\n", bytes);
  fflush(stdout);
  return exit_code >= 0 ? exit_code : (int)(lines % 100);
}
