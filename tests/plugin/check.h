/* check.h - the plugin hosts' assertion: CHECK(cond, fmt, ...) counts and
 * prints a failure and goes on; main returns failures != 0. */
#ifndef WEFT_TEST_CHECK_H
#define WEFT_TEST_CHECK_H

#include <stdio.h>

static int failures;
#define CHECK(cond, ...)                                  \
  do {                                                    \
    if (!(cond)) {                                        \
      failures++;                                         \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);         \
      printf(__VA_ARGS__);                                \
      printf("\n");                                       \
    }                                                     \
  } while (0)

#endif /* WEFT_TEST_CHECK_H */
