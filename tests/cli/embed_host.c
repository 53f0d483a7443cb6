/* A host embedding a translated module through its typed API: two
 * instances, an export call, and a trap caught with wf_protect. */
#include <inttypes.h>
#include <stdio.h>

#include "mathlib.h"

static mathlib_instance a, b;
static u32 quotient;

static void divide_by_zero(void *arg) {
  (void)arg;
  quotient = mathlib_div(&a, 7, 0);
}

static void instantiate(void *inst) {
  if (mathlib_instantiate(inst, NULL)) puts("instantiate failed");
}

int main(void) {
  if (wf_protect(instantiate, &a) || wf_protect(instantiate, &b)) return 1;
  printf("fac(20) = %" PRIu64 "\n", mathlib_fac(&a, 20));
  printf("div(-7, 2) = %d\n", (int)mathlib_div(&b, (u32)-7, 2));
  wf_trap_code t = wf_protect(divide_by_zero, NULL);
  printf("trap: %s\n", wf_trap_reason(t));
  mathlib_free(&a);
  mathlib_free(&b);
  return 0;
}
