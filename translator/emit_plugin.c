/*
 * emit_plugin.c - what turns a translated module into a plugin .so: an
 * adapter per imported function (its native C signature to an array of
 * values for wf_host_call), an array call per exported function, the
 * wf_plugin descriptor and the entry symbol, the only one the .so exports.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "names.h"

static const char *raw_field(uint8_t t) {
  switch (t) {
    case 'i': return "i32";
    case 'j': return "i64";
    case 'f': return "f32";
    case 'd': return "f64";
    default: return "ref";
  }
}

/* RET PREFIX_imp<i>(void *b, PARAMS): packs, calls the host, unpacks. */
static void import_adapter(strbuf *c, const wm_module *m, const emit_opts *o,
                           uint32_t findex) {
  const wm_functype *t = m->funcs[findex].type;
  sb_puts(c, "static ");
  emit_c_result_type(c, o, t);
  sb_printf(c, " %s_imp%u(void *binding", o->prefix, findex);
  for (uint32_t i = 0; i < t->nparams; i++)
    sb_printf(c, ", %s a%u", fx_ctype(t->params[i]), i);
  sb_printf(c, ") {\n  wf_raw a[%u], r[%u];\n", t->nparams ? t->nparams : 1,
            t->nresults ? t->nresults : 1);
  for (uint32_t i = 0; i < t->nparams; i++)
    sb_printf(c, "  a[%u].i64 = 0;\n  a[%u].%s = a%u;\n", i, i,
              raw_field(t->params[i]), i);
  sb_puts(c, "  wf_host_call(binding, a, r);\n");
  if (t->nresults == 1) {
    sb_printf(c, "  return r[0].%s;\n", raw_field(t->results[0]));
  } else if (t->nresults > 1) {
    sb_puts(c, "  return (");
    emit_c_result_type(c, o, t);
    sb_puts(c, "){");
    for (uint32_t i = 0; i < t->nresults; i++)
      sb_printf(c, "%sr[%u].%s", i ? ", " : "", i, raw_field(t->results[i]));
    sb_puts(c, "};\n");
  }
  sb_puts(c, "}\n\n");
}

/* PREFIX_call<x>(inst, args, results) for export x. */
static void export_call(strbuf *c, const wm_module *m, const emit_opts *o,
                        uint32_t x) {
  const wm_export *e = &m->exports[x];
  const wm_functype *t = m->funcs[e->index].type;
  sb_printf(c, "static void %s_call%u(void *inst, const wf_raw *a, "
               "wf_raw *r) {\n  ", o->prefix, x);
  if (t->nresults == 1) {
    sb_printf(c, "r[0].%s = ", raw_field(t->results[0]));
  } else if (t->nresults > 1) {
    emit_c_result_type(c, o, t);
    sb_puts(c, " v = ");
  }
  sb_printf(c, "%s_", o->prefix);
  names_export(c, e->name, e->name_len);
  sb_puts(c, "(inst");
  for (uint32_t i = 0; i < t->nparams; i++)
    sb_printf(c, ", a[%u].%s", i, raw_field(t->params[i]));
  sb_puts(c, ");\n");
  for (uint32_t i = 0; t->nresults > 1 && i < t->nresults; i++)
    sb_printf(c, "  r[%u].%s = v.r%u;\n", i, raw_field(t->results[i]), i);
  if (!t->nresults) sb_puts(c, "  (void)r;\n");
  sb_puts(c, "}\n\n");
}

/* The host API passes values as weft_raw (8 bytes): a v128 parameter or
 * result cannot cross the host boundary in plugin ABI 1. */
static const char *v128_boundary(const wm_module *m) {
  for (uint32_t i = 0; i < m->nfunc_imports; i++)
    if (strchr(m->funcs[i].type->sig, 'v')) return m->funcs[i].imp_name;
  for (uint32_t x = 0; x < m->nexports; x++)
    if (m->exports[x].kind == WX_FUNC &&
        strchr(m->funcs[m->exports[x].index].type->sig, 'v'))
      return m->exports[x].name;
  return NULL;
}

int emit_plugin(strbuf *c, const wm_module *m, const emit_opts *o, char *err,
                size_t err_len) {
  const char *p = o->prefix;
  const char *v = v128_boundary(m);
  if (v) {
    snprintf(err, err_len, "%s: function '%s' takes or returns a v128: plugins "
             "pass no v128 across the host boundary (SIMD inside is fine)",
             o->path, v);
    return -1;
  }
  sb_puts(c, "/* ---- plugin entry (weft build --shared) ---- */\n\n");
  for (uint32_t i = 0; i < m->nfunc_imports; i++) import_adapter(c, m, o, i);
  for (uint32_t x = 0; x < m->nexports; x++)
    if (m->exports[x].kind == WX_FUNC) export_call(c, m, o, x);
  sb_printf(c, "static const wf_fnptr %s_import_adapters[%u] = {\n", p,
            m->nimports ? m->nimports : 1);
  for (uint32_t i = 0; i < m->nimports; i++) {
    if (m->imports[i].kind == WX_FUNC)
      sb_printf(c, "  (wf_fnptr)%s_imp%u,\n", p, m->imports[i].index);
    else
      sb_puts(c, "  NULL,\n");
  }
  sb_printf(c, "};\n\nstatic const wf_array_call %s_export_calls[%u] = {\n", p,
            m->nexports ? m->nexports : 1);
  for (uint32_t x = 0; x < m->nexports; x++) {
    if (m->exports[x].kind == WX_FUNC)
      sb_printf(c, "  %s_call%u,\n", p, x);
    else
      sb_puts(c, "  NULL,\n");
  }
  wm_limits l = m->nmemories ? m->memories[0].limits : (wm_limits){0};
  sb_printf(c, "};\n\nstatic const wf_plugin %s_plugin = {\n"
               "  WF_PLUGIN_ABI, WF_PLUGIN_INTERRUPTIBLE, &%s_module,\n"
               "  %s_import_adapters, %s_export_calls,\n"
               "  %u, {%" PRIu64 "u, %" PRIu64 "u, %d, %d},\n};\n\n",
            p, p, p, p, m->nmemories, l.min, l.max, l.has_max, l.shared);
  /* Referring to the host library's marker makes loading fail, naming it,
   * in a process without libweft. */
  sb_printf(c, "__attribute__((visibility(\"default\")))\n"
               "const wf_plugin *WF_PLUGIN_ENTRY(void) {\n"
               "  return weft_host_library_v1 == WF_PLUGIN_ABI ? &%s_plugin "
               ": NULL;\n}\n", p);
  return 0;
}
