/* call.c - calls into plugins, host functions called from them, and the
 * errors both report; see weft.h. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "host_internal.h"

/* What this thread's last trap left behind: a host function's message
 * (WF_TRAP_HOST) or proc_exit's code (WF_TRAP_EXIT). */
static _Thread_local char host_message[200];
static _Thread_local int exit_code;

weft_status host_fail(weft_error *err, weft_status s, const char *fmt, ...) {
  if (!err) return s;
  memset(err, 0, sizeof *err);
  err->status = s;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return s;
}

/* wf_trap_code -> weft_trap: the same order up to OUT_OF_MEMORY. */
static weft_trap public_trap(wf_trap_code c) {
  if (c == WF_TRAP_HOST) return WEFT_TRAP_HOST;
  return c <= WF_TRAP_OUT_OF_MEMORY ? (weft_trap)c : WEFT_TRAP_NONE;
}

weft_status host_trap_error(weft_error *err, wf_trap_code code,
                            const char *where) {
  weft_error e;
  memset(&e, 0, sizeof e);
  switch (code) {
    case WF_TRAP_EXIT:
      e.status = WEFT_EXITED;
      e.exit_code = exit_code;
      snprintf(e.message, sizeof e.message, "%sexited with %d", where,
               exit_code);
      break;
    case WF_TRAP_INTERRUPTED:
      e.status = WEFT_INTERRUPTED;
      snprintf(e.message, sizeof e.message, "%sinterrupted", where);
      break;
    case WF_TRAP_HOST:
      e.status = WEFT_TRAP;
      e.trap = WEFT_TRAP_HOST;
      snprintf(e.message, sizeof e.message, "%swasm trap: host function "
               "failed: %s", where, host_message[0] ? host_message : "error");
      break;
    default:
      e.status = WEFT_TRAP;
      e.trap = public_trap(code);
      snprintf(e.message, sizeof e.message, "%swasm trap: %s", where,
               wf_trap_reason(code));
      break;
  }
  if (err) *err = e;
  return e.status;
}

void host_on_exit(wasi_ctx *ctx, u32 code) {
  (void)ctx;
  exit_code = (int)code;
  wf_trap(WF_TRAP_EXIT);
}

void weft_host_error(weft_instance *caller, const char *fmt, ...) {
  (void)caller;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(host_message, sizeof host_message, fmt, ap);
  va_end(ap);
}

void wf_host_call(void *b, const wf_raw *args, wf_raw *results) {
  binding *bd = b;
  host_message[0] = 0;
  /* weft_raw and wf_raw are the same union */
  if (bd->fn(bd->env, bd->owner, (const weft_raw *)args, (weft_raw *)results))
    wf_trap(WF_TRAP_HOST);
  /* an interruption that came while the host function ran */
  const wf_preempt_scope *s = wf_preempt_current;
  if (s && atomic_load(s->word)) wf_trap(WF_TRAP_INTERRUPTED);
}

const char *weft_status_name(weft_status s) {
  static const char *const names[] = {"ok", "error", "trap", "exited",
                                      "interrupted"};
  return (unsigned)s < 5 ? names[s] : "unknown status";
}

/* ---- calling exports -------------------------------------------------- */

typedef struct call_job {
  wf_array_call fn;
  void *inst;
  const wf_raw *args;
  wf_raw *results;
} call_job;

static void run_call(void *arg) {
  call_job *j = arg;
  j->fn(j->inst, j->args, j->results);
}

/* If the instance has ended (exited, or poisoned by one of its threads,
 * which may be doing so now), copies why into *err and returns true. */
static bool ended(weft_instance *in, weft_error *err) {
  pthread_mutex_lock(&in->lock);
  bool done = in->done;
  if (done && err) *err = in->end;
  pthread_mutex_unlock(&in->lock);
  return done;
}

/* Runs one call under wf_protect, with the instance's deadline, as the
 * interruptible target of this thread; a trap becomes the returned status. */
static weft_status protected_call(weft_instance *in, wf_array_call fn,
                                  const wf_raw *args, wf_raw *results,
                                  weft_error *err) {
  weft_error end;
  if (ended(in, &end)) {
    if (err) *err = end;
    return end.status;
  }
  call_job j = {fn, in->inst, args, results};
  wf_instance_hdr *hdr = host_hdr(in->inst);
  const wf_preempt_scope *outer_scope = wf_preempt_current;
  bool outer = in->depth++ == 0;
  if (outer) {
    if (!wf_stack_limit) wf_thread_init_stack_limit();
    hdr->stack_limit = wf_stack_limit;
    host_target_bind(&in->target);
    /* read by the timer thread only to decide whether to signal again */
    atomic_store_explicit(&in->target.running, true, memory_order_release);
    if (in->timeout_ns) host_deadline_arm(in, in->timeout_ns);
  }
  _Atomic u32 *word = wf_interrupt_word;  /* waits here are interruptible */
  wf_interrupt_word = &hdr->interrupt;
  wf_preempt_current = &in->target.scope;
  /* an interruption asked for before the call stops it at once */
  wf_trap_code code = atomic_load(&hdr->interrupt) ? WF_TRAP_INTERRUPTED
                                                   : wf_protect(run_call, &j);
  wf_preempt_current = outer_scope;
  wf_interrupt_word = word;
  if (outer) {
    atomic_store_explicit(&in->target.running, false, memory_order_release);
    if (in->timeout_ns) host_deadline_disarm(in);
  }
  in->depth--;
  if (!code) {
    host_ok(err);
    return WEFT_OK;
  }
  weft_status s = host_trap_error(err, code, "");
  if (code == WF_TRAP_INTERRUPTED)  /* the interruption is spent */
    atomic_fetch_and(&hdr->interrupt,
                     ~(u32)(INTERRUPT_HOST | INTERRUPT_DEADLINE));
  if (code == WF_TRAP_EXIT) {       /* the instance is finished */
    pthread_mutex_lock(&in->lock);
    if (!in->done) {
      in->done = true;
      host_trap_error(&in->end, code, "");
    }
    pthread_mutex_unlock(&in->lock);
  }
  /* a thread's end may have been what interrupted this call */
  if (code == WF_TRAP_INTERRUPTED && ended(in, &end)) {
    if (err) *err = end;
    return end.status;
  }
  return s;
}

static bool sig_matches(const char *sig, const weft_val *args, size_t nargs,
                        size_t nresults) {
  const char *colon = strchr(sig, ':');
  size_t np = (size_t)(colon - sig), nr = strlen(colon + 1);
  if (np != nargs || nr != nresults) return false;
  for (size_t i = 0; i < nargs; i++)
    if ((char)args[i].type != sig[i]) return false;
  return true;
}

static int find_func(weft_instance *in, const char *name, weft_error *err) {
  int x = wf_module_find_export(in->plugin->mod, name);
  if (x < 0 || in->plugin->mod->exports[x].kind != WF_EXTERN_FUNC) {
    host_fail(err, WEFT_ERROR, "%s: no exported function '%s'",
              in->plugin->path, name);
    return -1;
  }
  return x;
}

weft_status weft_call(weft_instance *in, const char *name,
                      const weft_val *args, size_t nargs, weft_val *results,
                      size_t nresults, weft_error *err) {
  if (!in || !name) return host_fail(err, WEFT_ERROR, "weft_call: no instance or name");
  int x = find_func(in, name, err);
  if (x < 0) return WEFT_ERROR;
  const char *sig = in->plugin->mod->exports[x].sig;
  if (!sig_matches(sig, args, nargs, nresults))
    return host_fail(err, WEFT_ERROR, "%s: '%s' has signature %s; the call "
                     "gives %zu argument(s) and wants %zu result(s), or "
                     "other types", in->plugin->path, name, sig, nargs,
                     nresults);
  wf_raw a[nargs ? nargs : 1], r[nresults ? nresults : 1];
  for (size_t i = 0; i < nargs; i++) memcpy(&a[i], &args[i].of, sizeof a[i]);
  weft_status s = protected_call(in, in->plugin->desc->export_calls[x], a, r,
                                 err);
  if (s != WEFT_OK) return s;
  const char *rt = strchr(sig, ':') + 1;
  for (size_t i = 0; i < nresults; i++) {
    results[i].type = (weft_type)rt[i];
    memcpy(&results[i].of, &r[i], sizeof r[i]);
  }
  return WEFT_OK;
}

weft_status weft_func_lookup(weft_instance *in, const char *name,
                             const char *signature, weft_func *out,
                             weft_error *err) {
  if (!in || !name || !signature || !out)
    return host_fail(err, WEFT_ERROR, "weft_func_lookup: missing argument");
  int x = find_func(in, name, err);
  if (x < 0) return WEFT_ERROR;
  const char *sig = in->plugin->mod->exports[x].sig;
  if (strcmp(sig, signature))
    return host_fail(err, WEFT_ERROR, "%s: '%s' has signature %s, not %s",
                     in->plugin->path, name, sig, signature);
  memset(out, 0, sizeof *out);
  out->opaque[0] = in;
  out->opaque[1] = (void *)in->plugin->desc->export_calls[x];
  host_ok(err);
  return WEFT_OK;
}

weft_status weft_func_call(weft_instance *in, const weft_func *f,
                           const weft_raw *args, weft_raw *results,
                           weft_error *err) {
  if (!in || !f || f->opaque[0] != in)
    return host_fail(err, WEFT_ERROR, "weft_func_call: function not looked "
                     "up in this instance");
  wf_array_call fn = (wf_array_call)f->opaque[1];
  return protected_call(in, fn, (const wf_raw *)args, (wf_raw *)results, err);
}
