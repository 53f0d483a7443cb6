/* math_lib.c - libm functions over a range of arguments, printed with
 * %.17g (every bit of the double shows), plus float-to-int conversions,
 * rounding functions and special values.  The wasm build uses wasi-libc's
 * libm compiled to wasm; it must agree with the native libm bit for bit on
 * these inputs (cbrt, and sin(-2.5), are left out: musl and glibc differ
 * there by one ulp). */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t bits(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return u;
}

static void row(const char *f, double x, double y) {
  printf("%-6s(%.17g) = %.17g\n", f, x, y);
}

int main(void) {
  static const double xs[] = {0.0, 0.5, 1.0, 2.0, 3.0, 0.1, 10.0, 100.0,
                              -0.75, -2.25, 1e-10, 12345.678};
  for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    double x = xs[i];
    row("sin", x, sin(x));
    row("cos", x, cos(x));
    row("tan", x, tan(x));
    row("exp", x, exp(x));
    row("atan", x, atan(x));
    row("sinh", x, sinh(x));
    row("tanh", x, tanh(x));
    row("floor", x, floor(x));
    row("ceil", x, ceil(x));
    row("round", x, round(x));
    row("trunc", x, trunc(x));
    row("fabs", x, fabs(x));
    if (x > 0) {
      row("log", x, log(x));
      row("log10", x, log10(x));
      row("log2", x, log2(x));
      row("sqrt", x, sqrt(x));
    }
  }
  static const double pw[][2] = {{2, 10}, {2, 0.5}, {10, -3}, {1.5, 2.5},
                                 {-2, 3}, {0, 0}, {7, 1.0 / 3}, {0.5, 100}};
  for (size_t i = 0; i < sizeof pw / sizeof pw[0]; i++)
    printf("pow(%g, %.17g) = %.17g\n", pw[i][0], pw[i][1],
           pow(pw[i][0], pw[i][1]));
  static const double fm[][2] = {{10, 3}, {-10, 3}, {10, -3}, {5.5, 1.25},
                                  {1e20, 7}, {0.3, 0.1}};
  for (size_t i = 0; i < sizeof fm / sizeof fm[0]; i++)
    printf("fmod(%g, %g) = %.17g  remainder = %.17g\n", fm[i][0], fm[i][1],
           fmod(fm[i][0], fm[i][1]), remainder(fm[i][0], fm[i][1]));
  printf("atan2: %.17g %.17g %.17g %.17g\n", atan2(1, 1), atan2(-1, -1),
         atan2(0.0, -1), atan2(-0.0, -1));
  printf("hypot(3,4) = %.17g  hypot(1e200,1e200) = %.17g\n", hypot(3, 4),
         hypot(1e200, 1e200));
  int e;
  double m = frexp(1234.5, &e);
  double ip, fp = modf(-3.75, &ip);
  printf("frexp %.17g %d  ldexp %.17g  modf %.17g %.17g\n", m, e,
         ldexp(0.75, 11), ip, fp);
  printf("sqrt(2) bits %016llx  sqrtf(2) %.9g\n",
         (unsigned long long)bits(sqrt(2.0)), (double)sqrtf(2.0f));
  /* special values */
  printf("%g %g %g %g\n", sqrt(-1.0) != sqrt(-1.0) ? 1.0 : 0.0, log(0.0),
         exp(1000.0), exp(-1000.0));
  printf("isnan %d isinf %d signbit(-0) %d copysign %g\n", isnan(NAN),
         isinf(-INFINITY) != 0, signbit(-0.0) != 0, copysign(3.0, -0.0));
  printf("fmin %g fmax %g fmin(nan,1) %g\n", fmin(-0.5, 2), fmax(-0.5, 2),
         fmin(NAN, 1.0));
  printf("DBL_EPSILON %.17g DBL_MIN %.17g FLT_MAX %.9g\n", DBL_EPSILON,
         DBL_MIN, (double)FLT_MAX);
  /* conversions and rounding of the arithmetic itself */
  volatile double a = 0.1, b = 0.2;
  printf("0.1+0.2 = %.17g  1/3 = %.17g  (float)1/3 = %.9g\n", a + b, 1.0 / 3,
         (double)(1.0f / 3.0f));
  volatile double big = 3e9, neg = -2.7;
  printf("(int64)3e9 = %lld (int)-2.7 = %d (unsigned)3e9 = %u\n",
         (long long)big, (int)neg, (unsigned)big);
  printf("lround(2.5) %ld lround(-2.5) %ld rint(2.5) %g nearbyint(3.5) %g\n",
         lround(2.5), lround(-2.5), rint(2.5), nearbyint(3.5));
  double acc = 0;
  for (int i = 1; i <= 1000; i++) acc += sin(i) * cos(i / 2.0) / i;
  printf("series %.17g\n", acc);
  return 0;
}
