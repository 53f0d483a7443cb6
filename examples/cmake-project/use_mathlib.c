/* Calls the translated mathlib module through its generated header; a
 * trap (division by zero) comes back from wf_protect as a value. */
#include <inttypes.h>
#include <stdio.h>

#include "mathlib.h"

static mathlib_instance m;

static void instantiate(void *inst) {
  if (mathlib_instantiate(inst, NULL)) puts("instantiate failed");
}

static void divide_by_zero(void *arg) {
  (void)arg;
  mathlib_div(&m, 1, 0);
}

int main(void) {
  if (wf_protect(instantiate, &m)) return 1;
  printf("fac(20) = %" PRIu64 "\n", mathlib_fac(&m, 20));
  printf("trap: %s\n", wf_trap_reason(wf_protect(divide_by_zero, NULL)));
  mathlib_free(&m);
  return 0;
}
