/* printf_formats.c - printf with many conversions, flags, widths,
 * precisions and length modifiers, on ints, floats, chars and strings.
 * Output must be identical under weft and natively. */
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void ints(void) {
  int vals[] = {0, 1, -1, 42, -42, 255, 65535, INT_MAX, INT_MIN, 1000000};
  for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
    int v = vals[i];
    printf("[%d] [%i] [%5d] [%-5d|] [%05d] [%+d] [% d] [%.3d] [%8.4d]\n", v, v,
           v, v, v, v, v, v, v);
    printf("  [%u] [%x] [%X] [%#x] [%#o] [%o] [%08x] [%-#10x|]\n", (unsigned)v,
           (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v,
           (unsigned)v, (unsigned)v);
  }
  printf("[%hhd] [%hhu] [%hd] [%hu]\n", (signed char)-5, (unsigned char)250,
         (short)-30000, (unsigned short)60000);
  printf("[%lld] [%llu] [%llx]\n", LLONG_MIN, ULLONG_MAX, 0x123456789abcdefULL);
  printf("[%" PRId64 "] [%" PRIu64 "] [%" PRIx64 "]\n", INT64_MAX,
         (uint64_t)1 << 63, (uint64_t)0xdeadbeefcafef00dULL);
  printf("[%jd] [%zu] [%td]\n", (intmax_t)-123456789012345LL, (size_t)12345,
         (ptrdiff_t)-77);
  printf("[%*d] [%-*d|] [%.*d]\n", 6, 12, 6, 12, 4, 12);
}

static void floats(void) {
  double vals[] = {0.0, -0.0, 1.0, -1.5, 3.14159265358979, 1e-300, 1e300,
                   123456789.125, 0.1, 2.0 / 3.0, 5e-324, 1.7976931348623157e308};
  for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
    double v = vals[i];
    printf("[%f] [%.2f] [%10.3f] [%-10.1f|] [%+.0f] [%#.0f]\n", v, v, v, v, v, v);
    printf("  [%e] [%.3E] [%g] [%G] [%.10g] [%#g] [%.17g]\n", v, v, v, v, v, v, v);
    /* glibc and musl print subnormals differently under %a */
    if (v == 0 || isnormal(v)) printf("  [%a] [%.2a]\n", v, v);
  }
  printf("[%f] [%f] [%e] [%g] [%F]\n", INFINITY, -INFINITY, INFINITY, NAN,
         INFINITY);
  printf("[%5.1f] [%05.1f] [% .3e]\n", 9.96, -9.96, 12345.678);
  float f = 1.1f;
  printf("[%.9g] [%f]\n", f, (double)f * 3);
}

static void chars_strings(void) {
  const char *s = "hello, world";
  printf("[%s] [%20s] [%-20s|] [%.5s] [%*.*s]\n", s, s, s, s, 8, 3, s);
  printf("[%c] [%3c] [%-3c|] [%%] [%c%c%c]\n", 'A', 'b', 'c', 'x', 'y', 'z');
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%s=%d", "answer", 42);
  printf("[%s] n=%d\n", buf, n);
  n = snprintf(buf, 8, "%s", "truncated string");
  printf("[%s] n=%d len=%zu\n", buf, n, strlen(buf));
  int pos = 0;
  printf("abc%n", &pos);
  printf(" pos=%d\n", pos);
}

int main(void) {
  ints();
  floats();
  chars_strings();
  return 0;
}
