/*
 * emit_module.c - everything around the functions: NAME.h (instance
 * struct, exports, descriptor), and in NAME.c the signatures, data
 * segments, instantiation, export wrappers and the wf_module descriptor.
 *
 * Instance layout: fn[] points at every function that can be referenced
 * (imports first; the others stay NULL and are only called directly); t<i>,
 * m<i> point at tables and memories (own ones live in t<i>_own, m<i>_own);
 * g<i> is an imported global's pointer or an own global's storage; dlen and
 * elen are the live lengths of data and element segments (0 once dropped),
 * eitems the element segments' references for this instance.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "names.h"
#include "templates.h"

static const char *kind_name(wm_extern_kind k) {
  static const char *const n[] = {"WF_EXTERN_FUNC", "WF_EXTERN_TABLE",
                                  "WF_EXTERN_MEMORY", "WF_EXTERN_GLOBAL"};
  return n[k];
}

/* The first type index with the same signature: one C string per type. */
static uint32_t sig_index(const wm_module *m, const char *sig) {
  for (uint32_t i = 0; i < m->ntypes; i++)
    if (!strcmp(m->types[i].sig, sig)) return i;
  return 0;
}

static const char *gfield(uint8_t t) {
  return t == 'i' ? "i32" : t == 'j' ? "i64" : t == 'f' ? "f32"
         : t == 'd' ? "f64" : t == 'v' ? "vec" : "ref";
}

static void const_expr(strbuf *b, const wm_module *m, const wm_const *c) {
  switch (c->kind) {
    case WC_CONST:
      if (c->type == 'f')
        sb_printf(b, "wf_f32_from_bits(0x%08" PRIx32 "u)", (uint32_t)c->bits);
      else if (c->type == 'd')
        sb_printf(b, "wf_f64_from_bits(0x%016" PRIx64 "ull)", c->bits);
      else if (c->type == 'i')
        sb_printf(b, "%" PRIu32 "u", (uint32_t)c->bits);
      else if (c->type == 'v')
        sb_printf(b, "wf_v128_const(0x%016" PRIx64 "ull, 0x%016" PRIx64 "ull)",
                  c->bits, c->hi);
      else
        sb_printf(b, "%" PRIu64 "ull", c->bits);
      break;
    case WC_GLOBAL_GET:
      sb_printf(b, "inst->g%u%s%s", c->index,
                m->globals[c->index].imported ? "->" : ".",
                gfield(m->globals[c->index].type));
      break;
    case WC_REF_NULL: sb_puts(b, "NULL"); break;
    case WC_REF_FUNC: sb_printf(b, "(wf_ref)inst->fn[%u]", c->index); break;
  }
}

/* ---- header ------------------------------------------------------------- */

static void result_structs(strbuf *h, const wm_module *m, const emit_opts *o) {
  for (uint32_t i = 0; i < m->ntypes; i++) {
    const wm_functype *t = &m->types[i];
    if (t->nresults < 2) continue;
    bool seen = false;
    for (uint32_t k = 0; k < i && !seen; k++)
      seen = m->types[k].nresults == t->nresults &&
             !memcmp(m->types[k].results, t->results, t->nresults);
    if (seen) continue;
    sb_puts(h, "typedef struct ");
    emit_c_result_type(h, o, t);
    sb_puts(h, " {");
    for (uint32_t r = 0; r < t->nresults; r++)
      sb_printf(h, " %s r%u;", fx_ctype(t->results[r]), r);
    sb_puts(h, " } ");
    emit_c_result_type(h, o, t);
    sb_puts(h, ";\n");
  }
}

static void instance_struct(strbuf *h, const wm_module *m, const char *p) {
  uint32_t ndef = m->nfuncs - m->nfunc_imports;
  sb_printf(h, "typedef struct %s_instance {\n", p);
  sb_puts(h, "  wf_instance_hdr hdr;\n");
  sb_printf(h, "  const wf_func *fn[%u];\n", m->nfuncs ? m->nfuncs : 1);
  if (ndef) sb_printf(h, "  wf_func fn_own[%u];\n", ndef);
  for (uint32_t i = 0; i < m->ntables; i++) {
    sb_printf(h, "  wf_table *t%u;\n", i);
    if (!m->tables[i].imported) sb_printf(h, "  wf_table t%u_own;\n", i);
  }
  for (uint32_t i = 0; i < m->nmemories; i++) {
    sb_printf(h, "  wf_memory *m%u;\n", i);
    if (!m->memories[i].imported) sb_printf(h, "  wf_memory m%u_own;\n", i);
  }
  for (uint32_t i = 0; i < m->nglobals; i++) {
    const wm_global *g = &m->globals[i];
    sb_printf(h, "  wf_global %sg%u;", g->imported ? "*" : "", i);
    if (g->name) sb_printf(h, " /* %s */", g->name);
    sb_puts(h, "\n");
  }
  if (m->ndata) sb_printf(h, "  u32 dlen[%u];\n", m->ndata);
  if (m->nelems)
    sb_printf(h, "  u32 elen[%u];\n  wf_ref *eitems[%u];\n", m->nelems,
              m->nelems);
  sb_printf(h, "} %s_instance;\n\n", p);
}

static void export_decl(strbuf *b, const wm_module *m, const emit_opts *o,
                        const wm_export *x) {
  const char *p = o->prefix;
  if (x->kind == WX_FUNC) {
    const wm_functype *t = m->funcs[x->index].type;
    emit_c_result_type(b, o, t);
    sb_printf(b, " %s_", p);
    names_export(b, x->name, x->name_len);
    sb_printf(b, "(%s_instance *inst", p);
    for (uint32_t i = 0; i < t->nparams; i++)
      sb_printf(b, ", %s a%u", fx_ctype(t->params[i]), i);
    sb_puts(b, ")");
  } else {
    static const char *const types[] = {"", "wf_table", "wf_memory",
                                        "wf_global"};
    sb_printf(b, "%s *%s_", types[x->kind], p);
    names_export(b, x->name, x->name_len);
    sb_printf(b, "(%s_instance *inst)", p);
  }
}

static void emit_header(strbuf *h, const wm_module *m, const emit_opts *o) {
  const char *p = o->prefix;
  sb_printf(h, "/* %s.h - generated by weft from %s; do not edit. */\n",
            p, o->source);
  sb_printf(h, "#ifndef %s_WEFT_H\n#define %s_WEFT_H\n\n", p, p);
  sb_puts(h, "#include \"weft_rt.h\"\n\n"
             "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
  result_structs(h, m, o);
  instance_struct(h, m, p);
  sb_printf(h, "/* Descriptor for hosts that link modules generically. */\n"
               "extern const wf_module %s_module;\n\n", p);
  sb_printf(h, "/* imports: an array of pointers in this order (see "
               "wf_module in weft_rt.h):\n");
  for (uint32_t i = 0; i < m->nimports; i++) {
    const wm_import *im = &m->imports[i];
    const char *mod = "", *name = "";
    switch (im->kind) {
      case WX_FUNC: mod = m->funcs[im->index].imp_module, name = m->funcs[im->index].imp_name; break;
      case WX_TABLE: mod = m->tables[im->index].imp_module, name = m->tables[im->index].imp_name; break;
      case WX_MEMORY: mod = m->memories[im->index].imp_module, name = m->memories[im->index].imp_name; break;
      case WX_GLOBAL: mod = m->globals[im->index].imp_module, name = m->globals[im->index].imp_name; break;
    }
    sb_printf(h, " *   [%u] %s \"", i, kind_name(im->kind) + 10);
    names_sanitized(h, mod);
    sb_puts(h, "\" \"");
    names_sanitized(h, name);
    sb_puts(h, "\"\n");
  }
  sb_printf(h, " * Runs segment initialisation and the start function, so "
               "call it under\n * wf_protect.  0 on success, -1 when out of "
               "memory. */\n"
               "int %s_instantiate(%s_instance *inst, void *const *imports);\n"
               "void %s_free(%s_instance *inst);\n\n/* exports */\n",
            p, p, p, p);
  for (uint32_t i = 0; i < m->nexports; i++) {
    export_decl(h, m, o, &m->exports[i]);
    sb_puts(h, ";\n");
  }
  sb_printf(h, "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s_WEFT_H */\n", p);
}

/* ---- source: data, signatures, prototypes ------------------------------ */

/* Storage class of what every part of a split module shares: static in a
 * single file; otherwise hidden, so a plugin .so exports none of it. */
static const char *linkage(const emit_opts *o) {
  return o->nparts > 1 ? "WF_INTERNAL" : "static";
}

/* "\\ooo", as short as it can be unless a digit follows. */
static void octal_escape(strbuf *c, uint8_t ch, bool digit_follows) {
  char t[4], *p = t;
  *p++ = '\\';
  if (digit_follows || ch >= 64) *p++ = (char)('0' + (ch >> 6));
  if (digit_follows || ch >= 8) *p++ = (char)('0' + ((ch >> 3) & 7));
  *p++ = (char)('0' + (ch & 7));
  sb_putn(c, t, (size_t)(p - t));
}

static void data_segments(strbuf *c, const wm_module *m, const emit_opts *o,
                          bool define) {
  const char *p = o->prefix;
  for (uint32_t i = 0; i < m->ndata; i++) {
    const wm_data *d = &m->data[i];
    if (!define) {
      sb_printf(c, "extern WF_INTERNAL const u8 %s_d%u[%u];\n", p, i, d->size + 1);
      continue;
    }
    sb_printf(c, "%s const u8 %s_d%u[%u] = ", linkage(o), p, i, d->size + 1);
    if (!d->size) sb_puts(c, "\"\"");
    for (uint32_t k = 0; k < d->size; k++) {
      if (k % 64 == 0) sb_puts(c, k ? "\"\n  \"" : "\n  \"");
      uint8_t ch = d->bytes[k];
      if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != '?')
        sb_putn(c, (const char *)&ch, 1);
      else
        octal_escape(c, ch, k + 1 < d->size && k % 64 != 63 &&
                                d->bytes[k + 1] >= '0' && d->bytes[k + 1] <= '7');
    }
    if (d->size) sb_puts(c, "\"");
    sb_puts(c, ";\n");
  }
  if (m->ndata) sb_puts(c, "\n");
}

/* One string per distinct signature, shared by every part, so that
 * call_indirect's check is a pointer compare. */
static void signatures(strbuf *c, const wm_module *m, const emit_opts *o,
                       bool define) {
  for (uint32_t i = 0; i < m->ntypes; i++) {
    if (sig_index(m, m->types[i].sig) != i) continue;
    if (define)
      sb_printf(c, "%s const char %s_sig%u[] = \"%s\";\n", linkage(o),
                o->prefix, i, m->types[i].sig);
    else
      sb_printf(c, "extern WF_INTERNAL const char %s_sig%u[];\n", o->prefix, i);
  }
  if (m->ntypes) sb_puts(c, "\n");
}

/* Declarations of the defined functions, or only of those marked in
 * `only` (those a part calls). */
static void prototypes(strbuf *c, const wm_module *m, const emit_opts *o,
                       const uint8_t *only) {
  for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
    if (only && !only[i]) continue;
    const wm_functype *t = m->funcs[i].type;
    sb_puts(c, linkage(o));
    sb_puts(c, " ");
    emit_c_result_type(c, o, t);
    sb_puts(c, " ");
    emit_func_name(c, o, m, i);
    sb_puts(c, "(void *");
    for (uint32_t k = 0; k < t->nparams; k++) {
      sb_puts(c, ", ");
      sb_puts(c, fx_ctype(t->params[k]));
    }
    sb_puts(c, ");\n");
  }
  sb_puts(c, "\n");
}

/* ---- source: instantiate, free, exports, descriptor -------------------- */

static bool elem_as_table(const wm_elem *e) {
  if (e->count < 2) return false;
  for (uint32_t k = 0; k < e->count; k++)
    if (e->items[k].kind != WC_REF_FUNC && e->items[k].kind != WC_REF_NULL)
      return false;
  return true;
}

static uint32_t count_referenced(const wm_module *m) {
  uint32_t n = 0;
  for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
    n += m->funcs[i].referenced;
  return n;
}

/* Instantiation's data, as tables rather than statements (a big module's
 * instantiation would be tens of thousands of lines, slow to compile):
 * the referenced functions, and each element segment made only of
 * functions and nulls, as function indices (UINT32_MAX for null). */
static void inst_tables(strbuf *c, const wm_module *m, const emit_opts *o) {
  const char *p = o->prefix;
  if (count_referenced(m)) {
    sb_printf(c, "static const struct { u32 index; const char *sig; "
                 "wf_fnptr fn; } %s_fnrefs[] = {\n", p);
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
      if (!m->funcs[i].referenced) continue;
      sb_printf(c, "  {%u, %s_sig%u, (wf_fnptr)", i, p,
                sig_index(m, m->funcs[i].type->sig));
      emit_func_name(c, o, m, i);
      sb_puts(c, "},\n");
    }
    sb_puts(c, "};\n\n");
  }
  for (uint32_t i = 0; i < m->nelems; i++) {
    if (!elem_as_table(&m->elems[i])) continue;
    sb_printf(c, "static const u32 %s_e%u[] = {", p, i);
    for (uint32_t k = 0; k < m->elems[i].count; k++) {
      const wm_const *it = &m->elems[i].items[k];
      if (k % 16 == 0) sb_puts(c, "\n ");
      if (it->kind == WC_REF_FUNC) sb_printf(c, " %u,", it->index);
      else sb_puts(c, " 0xffffffffu,");
    }
    sb_puts(c, "\n};\n\n");
  }
}

static void inst_imports(strbuf *c, const wm_module *m) {
  for (uint32_t i = 0; i < m->nimports; i++) {
    const wm_import *im = &m->imports[i];
    switch (im->kind) {
      case WX_FUNC: sb_printf(c, "  inst->fn[%u] = imports[%u];\n", im->index, i); break;
      case WX_TABLE: sb_printf(c, "  inst->t%u = imports[%u];\n", im->index, i); break;
      case WX_MEMORY: sb_printf(c, "  inst->m%u = imports[%u];\n", im->index, i); break;
      case WX_GLOBAL: sb_printf(c, "  inst->g%u = imports[%u];\n", im->index, i); break;
    }
  }
}

static void inst_own(strbuf *c, const wm_module *m, const emit_opts *o) {
  const char *p = o->prefix;
  for (uint32_t i = 0; i < m->nmemories; i++) {
    const wm_limits *l = &m->memories[i].limits;
    if (m->memories[i].imported) continue;
    sb_printf(c, "  if (wf_memory_init(&inst->m%u_own, %" PRIu64 "u, WF_CAPPED(%"
                 PRIu64 "u, inst->hdr.max_pages), %d, %d)) goto fail;\n"
                 "  inst->m%u = &inst->m%u_own;\n",
              i, l->min, l->has_max ? l->max : 65536, l->has_max, l->shared,
              i, i);
  }
  for (uint32_t i = 0; i < m->ntables; i++) {
    const wm_table *t = &m->tables[i];
    if (t->imported) continue;
    sb_printf(c, "  if (wf_table_init(&inst->t%u_own, '%c', %" PRIu64 "u, %"
                 PRIu64 "u)) goto fail;\n  inst->t%u = &inst->t%u_own;\n",
              i, t->type, t->limits.min,
              t->limits.has_max ? t->limits.max : UINT32_MAX, i, i);
  }
  /* Only functions whose wf_func may be looked at (exported, in a table or
   * global, named by ref.func) get one, filled from the _fnrefs table:
   * taking every function's address would keep the C compiler from
   * inlining a static function into its only caller. */
  if (count_referenced(m))
    sb_printf(c, "  for (size_t i = 0; i < sizeof %s_fnrefs / sizeof *%s_fnrefs; "
                 "i++) {\n"
                 "    u32 f = %s_fnrefs[i].index, k = f - %uu;\n"
                 "    inst->fn_own[k] = (wf_func){%s_fnrefs[i].sig, "
                 "%s_fnrefs[i].fn, inst};\n"
                 "    inst->fn[f] = &inst->fn_own[k];\n  }\n",
              p, p, p, m->nfunc_imports, p, p);
  for (uint32_t i = 0; i < m->nglobals; i++) {
    const wm_global *g = &m->globals[i];
    if (g->imported) continue;
    sb_printf(c, "  inst->g%u.type = '%c';\n  inst->g%u.mut = %d;\n"
                 "  inst->g%u.%s = ", i, g->type, i, g->mut, i, gfield(g->type));
    const_expr(c, m, &g->init);
    sb_puts(c, ";\n");
  }
}

static void inst_segments(strbuf *c, const wm_module *m, const emit_opts *o) {
  for (uint32_t i = 0; i < m->ndata; i++)
    sb_printf(c, "  inst->dlen[%u] = %u;\n", i, m->data[i].size);
  for (uint32_t i = 0; i < m->nelems; i++) {
    const wm_elem *e = &m->elems[i];
    sb_printf(c, "  inst->elen[%u] = %u;\n", i, e->count);
    if (!e->count) continue;
    sb_printf(c, "  if (!(inst->eitems[%u] = calloc(%u, sizeof(wf_ref)))) "
                 "goto fail;\n", i, e->count);
    if (elem_as_table(e)) {
      sb_printf(c, "  for (u32 k = 0; k < %uu; k++)\n"
                   "    inst->eitems[%u][k] = %s_e%u[k] == 0xffffffffu ? NULL "
                   ": (wf_ref)inst->fn[%s_e%u[k]];\n",
                e->count, i, o->prefix, i, o->prefix, i);
      continue;
    }
    for (uint32_t k = 0; k < e->count; k++) {
      sb_printf(c, "  inst->eitems[%u][%u] = ", i, k);
      const_expr(c, m, &e->items[k]);
      sb_puts(c, ";\n");
    }
  }
  /* Wasm 2.0 order: element segments, then data segments, each active one
   * initialised and then dropped; declared segments are dropped at once. */
  for (uint32_t i = 0; i < m->nelems; i++) {
    const wm_elem *e = &m->elems[i];
    if (e->mode == WS_ACTIVE) {
      sb_printf(c, "  wf_table_init_seg(inst->t%u, inst->eitems[%u], %u, "
                   "(u32)(", e->table, i, e->count);
      const_expr(c, m, &e->offset);
      sb_printf(c, "), 0, %u);\n", e->count);
    }
    if (e->mode != WS_PASSIVE) sb_printf(c, "  inst->elen[%u] = 0;\n", i);
  }
  for (uint32_t i = 0; i < m->ndata; i++) {
    const wm_data *d = &m->data[i];
    if (d->mode != WS_ACTIVE) continue;
    sb_printf(c, "  wf_memory_init_seg(inst->m%u, %s_d%u, %u, (u32)(",
              d->memory, o->prefix, i, d->size);
    const_expr(c, m, &d->offset);
    sb_printf(c, "), 0, %u);\n  inst->dlen[%u] = 0;\n", d->size, i);
  }
  if (m->has_start) {
    sb_puts(c, "  ");
    const wm_func *s = &m->funcs[m->start];
    if (s->imported)
      sb_printf(c, "((void (*)(void *))inst->fn[%u]->fn)(inst->fn[%u]->ctx);\n",
                m->start, m->start);
    else {
      emit_func_name(c, o, m, m->start);
      sb_puts(c, "(inst);\n");
    }
  }
}

/* Whether instantiation allocates anything, and so can run out. */
static bool can_fail(const wm_module *m) {
  for (uint32_t i = 0; i < m->nmemories; i++)
    if (!m->memories[i].imported) return true;
  for (uint32_t i = 0; i < m->ntables; i++)
    if (!m->tables[i].imported) return true;
  for (uint32_t i = 0; i < m->nelems; i++)
    if (m->elems[i].count) return true;
  return false;
}

/* On running out, instantiate releases what it took and returns -1. */
static void emit_instantiate(strbuf *c, const wm_module *m, const emit_opts *o) {
  const char *p = o->prefix;
  inst_tables(c, m, o);
  sb_printf(c, "int %s_instantiate(%s_instance *inst, void *const *imports) {\n"
               "  memset((char *)inst + sizeof inst->hdr, 0, "
               "sizeof *inst - sizeof inst->hdr);\n  (void)imports;\n", p, p);
  inst_imports(c, m);
  inst_own(c, m, o);
  inst_segments(c, m, o);
  sb_puts(c, "  return 0;\n");
  if (can_fail(m)) sb_printf(c, "fail:\n  %s_free(inst);\n  return -1;\n", p);
  sb_puts(c, "}\n\n");

  /* Safe on a partly instantiated instance and a second time: everything
   * released is forgotten. */
  sb_printf(c, "void %s_free(%s_instance *inst) {\n", p, p);
  for (uint32_t i = 0; i < m->nmemories; i++)
    if (!m->memories[i].imported)
      sb_printf(c, "  if (inst->m%u == &inst->m%u_own) {\n"
                   "    wf_memory_release(&inst->m%u_own);\n"
                   "    inst->m%u = NULL;\n  }\n", i, i, i, i);
  for (uint32_t i = 0; i < m->ntables; i++)
    if (!m->tables[i].imported)
      sb_printf(c, "  if (inst->t%u == &inst->t%u_own) {\n"
                   "    wf_table_release(&inst->t%u_own);\n"
                   "    inst->t%u = NULL;\n  }\n", i, i, i, i);
  for (uint32_t i = 0; i < m->nelems; i++)
    sb_printf(c, "  free(inst->eitems[%u]);\n  inst->eitems[%u] = NULL;\n", i, i);
  sb_puts(c, "  (void)inst;\n}\n\n");
  /* The descriptor's entry points take void *, so no function pointer is
   * ever called through a mismatched type. */
  sb_printf(c, "static int %s_instantiate_v(void *inst, void *const *imports) {\n"
               "  return %s_instantiate(inst, imports);\n}\n\n"
               "static void %s_free_v(void *inst) { %s_free(inst); }\n\n",
            p, p, p, p);
}

static void export_target(strbuf *c, const wm_module *m, const wm_export *x) {
  switch (x->kind) {
    case WX_FUNC: sb_printf(c, "(void *)inst->fn[%u]", x->index); break;
    case WX_TABLE: sb_printf(c, "inst->t%u", x->index); break;
    case WX_MEMORY: sb_printf(c, "inst->m%u", x->index); break;
    case WX_GLOBAL:
      sb_printf(c, "%sinst->g%u", m->globals[x->index].imported ? "" : "&",
                x->index);
      break;
  }
}

static void emit_exports(strbuf *c, const wm_module *m, const emit_opts *o) {
  for (uint32_t i = 0; i < m->nexports; i++) {
    const wm_export *x = &m->exports[i];
    export_decl(c, m, o, x);
    bool value = x->kind != WX_FUNC || m->funcs[x->index].type->nresults;
    sb_puts(c, value ? " {\n  return " : " {\n  ");
    if (x->kind != WX_FUNC) {
      export_target(c, m, x);
    } else {
      const wm_func *f = &m->funcs[x->index];
      if (f->imported) {
        sb_puts(c, "((");
        emit_fnptr_type(c, o, f->type);
        sb_printf(c, ")inst->fn[%u]->fn)(inst->fn[%u]->ctx", x->index, x->index);
      } else {
        emit_func_name(c, o, m, x->index);
        sb_puts(c, "(inst");
      }
      for (uint32_t k = 0; k < f->type->nparams; k++) sb_printf(c, ", a%u", k);
      sb_puts(c, ")");
    }
    sb_puts(c, ";\n}\n\n");
  }
  const char *p = o->prefix;
  sb_printf(c, "static void *%s_export_ptr(void *ctx, u32 i) {\n"
               "  %s_instance *inst = ctx;\n  switch (i) {\n", p, p);
  for (uint32_t i = 0; i < m->nexports; i++) {
    sb_printf(c, "    case %u: return ", i);
    export_target(c, m, &m->exports[i]);
    sb_puts(c, ";\n");
  }
  sb_puts(c, "    default: (void)inst; return NULL;\n  }\n}\n\n");
}

static const char *extern_sig(const wm_module *m, wm_extern_kind k,
                              uint32_t index, char *buf) {
  switch (k) {
    case WX_FUNC: return m->funcs[index].type->sig;
    case WX_TABLE: buf[0] = (char)m->tables[index].type; break;
    case WX_GLOBAL: buf[0] = (char)m->globals[index].type; break;
    case WX_MEMORY: buf[0] = 0; break;
  }
  buf[1] = 0;
  return buf;
}

static void emit_descriptor(strbuf *c, const wm_module *m, const emit_opts *o) {
  const char *p = o->prefix;
  char buf[2];
  if (m->nimports) {
    sb_printf(c, "static const wf_import_desc %s_imports[] = {\n", p);
    for (uint32_t i = 0; i < m->nimports; i++) {
      const wm_import *im = &m->imports[i];
      const char *mod = NULL, *name = NULL;
      wm_limits lim = {0, 0, false, false};
      bool mut = false;
      switch (im->kind) {
        case WX_FUNC: mod = m->funcs[im->index].imp_module, name = m->funcs[im->index].imp_name; break;
        case WX_TABLE: mod = m->tables[im->index].imp_module, name = m->tables[im->index].imp_name, lim = m->tables[im->index].limits; break;
        case WX_MEMORY: mod = m->memories[im->index].imp_module, name = m->memories[im->index].imp_name, lim = m->memories[im->index].limits; break;
        case WX_GLOBAL: mod = m->globals[im->index].imp_module, name = m->globals[im->index].imp_name, mut = m->globals[im->index].mut; break;
      }
      sb_puts(c, "  {");
      names_c_string(c, mod);
      sb_puts(c, ", ");
      names_c_string(c, name);
      sb_printf(c, ", %s, \"%s\", %d, {%" PRIu64 "u, %" PRIu64 "u, %d, %d}},\n",
                kind_name(im->kind), extern_sig(m, im->kind, im->index, buf),
                mut, lim.min, lim.max, lim.has_max, lim.shared);
    }
    sb_puts(c, "};\n\n");
  }
  if (m->nexports) {
    sb_printf(c, "static const wf_export_desc %s_exports[] = {\n", p);
    for (uint32_t i = 0; i < m->nexports; i++) {
      const wm_export *x = &m->exports[i];
      sb_puts(c, "  {");
      names_c_bytes(c, x->name, x->name_len);
      sb_printf(c, ", %s, \"%s\", %u},\n", kind_name(x->kind),
                extern_sig(m, x->kind, x->index, buf), x->name_len);
    }
    sb_puts(c, "};\n\n");
  }
  sb_printf(c, "const wf_module %s_module = {\n  \"%s\", sizeof(%s_instance),\n"
               "  %u, %s%s, %u, %s%s,\n"
               "  %s_instantiate_v, %s_free_v, %s_export_ptr,\n};\n",
            p, p, p, m->nimports, m->nimports ? p : "NULL",
            m->nimports ? "_imports" : "", m->nexports,
            m->nexports ? p : "NULL", m->nexports ? "_exports" : "", p, p, p);
}

/* Part k holds the defined functions [start[k], start[k+1]): consecutive
 * ones, since neighbours tend to call each other, and about equal code in
 * each part (a function's cost is its body's bytes plus a little). */
static uint32_t *partition(const wm_module *m, int nparts) {
  uint32_t *start = malloc(sizeof *start * ((size_t)nparts + 1));
  if (!start) abort();
  uint64_t total = 0, sum = 0;
  for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
    total += m->funcs[i].body_len + 16;
  int k = 0;
  start[k++] = m->nfunc_imports;
  for (uint32_t i = m->nfunc_imports; i < m->nfuncs && k < nparts; i++) {
    sum += m->funcs[i].body_len + 16;
    if (sum * (uint64_t)nparts >= total * (uint64_t)k) start[k++] = i + 1;
  }
  while (k <= nparts) start[k++] = m->nfuncs;
  return start;
}

/* Text past this is handed to the writer as it comes. */
#define EMIT_CHUNK (1u << 20)

/* ---- writing a part ------------------------------------------------------ */

/* Where a part's text goes; with -g also the part's C file name and how
 * many lines have been written to it, for the #line that c_lines marks. */
typedef struct part_out {
  emit_write_fn write;
  void *ctx;
  int part;
  strbuf c_name;    /* empty without -g: then nothing is counted */
  uint64_t lines;
} part_out;

static void part_out_init(part_out *po, const emit_opts *o, int part,
                          emit_write_fn write, void *ctx) {
  po->write = write, po->ctx = ctx, po->part = part, po->lines = 0;
  sb_init(&po->c_name);
  if (!o->lines) return;
  size_t n = strlen(o->header);  /* NAME.h -> NAME.c, NAME_1.c, ... */
  if (n > 2 && !strcmp(o->header + n - 2, ".h")) n -= 2;
  sb_putn(&po->c_name, o->header, n);
  if (part) sb_printf(&po->c_name, "_%d", part);
  sb_puts(&po->c_name, ".c");
}

void c_lines_mark(c_lines *cl, const strbuf *out) {
  if (!cl || !cl->in_source) return;
  cl->marks = fx_grow(cl->marks, &cl->cap, cl->nmarks + 1, sizeof *cl->marks);
  cl->marks[cl->nmarks++] = out->len;
  cl->in_source = false;
}

/* Writes n bytes of the part, counting its newlines with -g. */
static int put(part_out *po, const char *p, size_t n, char *err,
               size_t err_len) {
  if (!n) return 0;
  if (po->c_name.len)
    for (const char *q = p, *end = p + n;
         (q = memchr(q, '\n', (size_t)(end - q))); q++)
      po->lines++;
  return po->write(po->ctx, po->part, p, n, err, err_len);
}

/* Writes c's text and empties it; at each of cl's marks (if any) first a
 * #line giving the next line its number in the C file: the directive is
 * line lines + 1, since marks fall at line starts. */
static int flush(strbuf *c, c_lines *cl, part_out *po, char *err,
                 size_t err_len) {
  int r = 0;
  size_t at = 0;
  strbuf d;
  sb_init(&d);
  for (uint32_t i = 0; cl && i < cl->nmarks && !r; i++) {
    r = put(po, c->data + at, cl->marks[i] - at, err, err_len);
    d.len = 0;
    emit_line_named(&d, po->lines + 2, po->c_name.data);
    if (!r) r = put(po, d.data, d.len, err, err_len);
    at = cl->marks[i];
  }
  if (!r && c->len) r = put(po, c->data + at, c->len - at, err, err_len);
  if (cl) cl->nmarks = 0;
  c->len = 0;
  sb_free(&d);
  return r;
}

static void part_head(strbuf *c, const wm_module *m, const emit_opts *o,
                      int k) {
  template_expand(c, "module_prelude.c", o->prefix, o->source);
  sb_printf(c, "#include \"%s\"\n\n", o->header);
  if (o->nparts > 1)
    sb_printf(c, "/* Part %d of %d of the module's functions. */\n\n",
              k + 1, o->nparts);
  signatures(c, m, o, k == 0);
  data_segments(c, m, o, k == 0);
}

/* Part 0: everything declared up front (instantiation names every
 * function), its functions streamed, then instantiation and the rest. */
static int first_part(const wm_module *m, const emit_opts *o, uint32_t to,
                      emit_write_fn write, void *ctx, char *err,
                      size_t err_len) {
  strbuf c;
  part_out dest;
  c_lines cl = {0}, *lines = o->lines ? &cl : NULL;
  sb_init(&c);
  part_out_init(&dest, o, 0, write, ctx);
  part_head(&c, m, o, 0);
  prototypes(&c, m, o, NULL);
  int r = 0;
  for (uint32_t i = m->nfunc_imports; i < to && !r; i++) {
    r = emit_function(m, o, i, &c, lines, err, err_len);
    if (!r && c.len >= EMIT_CHUNK) r = flush(&c, lines, &dest, err, err_len);
  }
  if (!r) {
    c_lines_mark(lines, &c);  /* none of what follows has source lines */
    emit_exports(&c, m, o);
    emit_instantiate(&c, m, o);
    emit_descriptor(&c, m, o);
    if (o->plugin) r = emit_plugin(&c, m, o, err, err_len);
  }
  if (!r) r = flush(&c, lines, &dest, err, err_len);
  sb_free(&c), sb_free(&dest.c_name);
  free(cl.marks);
  return r;
}

/* Another part: its functions first, in memory, so that only the ones they
 * call are declared ahead of them. */
static int other_part(const wm_module *m, const emit_opts *o, int k,
                      uint32_t from, uint32_t to, emit_write_fn write,
                      void *ctx, char *err, size_t err_len) {
  strbuf c, body;
  part_out dest;
  c_lines cl = {0}, *lines = o->lines ? &cl : NULL;
  sb_init(&c), sb_init(&body);
  part_out_init(&dest, o, k, write, ctx);
  emit_opts po = *o;
  po.called = calloc(m->nfuncs + 1, 1);
  if (!po.called) abort();
  int r = 0;
  for (uint32_t i = from; i < to && !r; i++)
    r = emit_function(m, &po, i, &body, lines, err, err_len);
  if (!r) {
    part_head(&c, m, o, k);
    prototypes(&c, m, o, po.called);
    r = flush(&c, NULL, &dest, err, err_len);  /* its lines count */
  }
  if (!r) r = flush(&body, lines, &dest, err, err_len);
  free(po.called);
  sb_free(&c), sb_free(&body), sb_free(&dest.c_name);
  free(cl.marks);
  return r;
}

int emit_module(const wm_module *m, const emit_opts *o, emit_write_fn write,
                void *ctx, strbuf *h, char *err, size_t err_len) {
  uint32_t *start = partition(m, o->nparts);
  emit_header(h, m, o);
  int r = first_part(m, o, start[1], write, ctx, err, err_len);
  for (int k = 1; k < o->nparts && !r; k++)
    r = other_part(m, o, k, start[k], start[k + 1], write, ctx, err, err_len);
  free(start);
  return r;
}
