/*
 * link.c - what a host needs to link modules generically: export lookup
 * and the Wasm import-matching rules (signatures, limits, sharedness,
 * global types and mutability).
 */
#include <stdio.h>

#include "weft_rt.h"

int wf_module_find_export_n(const wf_module *m, const char *name,
                            size_t len) {
  for (u32 i = 0; i < m->nexports; i++)
    if (m->exports[i].name_len == len &&
        !memcmp(m->exports[i].name, name, len))
      return (int)i;
  return -1;
}

int wf_module_find_export(const wf_module *m, const char *name) {
  return wf_module_find_export_n(m, name, strlen(name));
}

static bool limits_ok(u64 have_min, bool have_has_max, u64 have_max,
                      const wf_limits *want) {
  if (have_min < want->min) return false;
  if (!want->has_max) return true;
  return have_has_max && have_max <= want->max;
}

bool wf_import_matches(const wf_import_desc *imp, const void *provided,
                       char *why, size_t why_len) {
  const char *bad = NULL;
  switch (imp->kind) {
    case WF_EXTERN_FUNC: {
      const wf_func *f = provided;
      if (!wf_sig_eq(f->sig, imp->sig)) bad = "incompatible import type";
      break;
    }
    case WF_EXTERN_MEMORY: {
      wf_memory *m = (wf_memory *)provided;
      if (m->shared != imp->limits.shared) bad = "incompatible import type";
      else if (!limits_ok(wf_memory_pages(m), m->has_max, m->max_pages,
                          &imp->limits))
        bad = "incompatible import type";
      break;
    }
    case WF_EXTERN_TABLE: {
      const wf_table *t = provided;
      if (t->type != imp->sig[0] ||
          !limits_ok(t->size, t->max != UINT32_MAX, t->max, &imp->limits))
        bad = "incompatible import type";
      break;
    }
    case WF_EXTERN_GLOBAL: {
      const wf_global *g = provided;
      if (g->type != imp->sig[0] || g->mut != imp->mut)
        bad = "incompatible import type";
      break;
    }
  }
  if (bad) snprintf(why, why_len, "%s for %s.%s", bad, imp->module, imp->name);
  return bad == NULL;
}
