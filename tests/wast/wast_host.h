/*
 * wast_host.h - the contract between run_wast.py's generated harness and
 * the fixed host (wast_host.c) that executes a .wast script's commands.
 *
 * The generated file (one per script) defines wast_cmds[] and
 * wast_ncmds/wast_nslots: the script's commands in order, as data, with
 * one call thunk per distinct function signature.  wast_host.c provides
 * the `spectest` module, links imports generically through each module's
 * wf_module descriptor, runs every command under wf_protect and prints one
 * line per command on stdout:
 *   P <index>             the command did what the script expects
 *   F <index> <message>   it did not; the message says what was expected
 *                         and what came
 * then "D" when the script is finished.  stdout is line-buffered, so a
 * harness that dies still leaves the lines of the commands it completed.
 *
 * Scripts of the threads proposal run some commands on other threads:
 * every command names the thread group that runs it (0: the main script).
 * WAST_SPAWN, in the parent's sequence, starts group `target` on a new
 * pthread, which runs that group's commands in order; WAST_JOIN joins it.
 * Each group has its own registry (`register` does not leak to other
 * threads; spectest is visible everywhere); the generator has already
 * resolved which instance slot each command acts on.  A command with
 * barrier >= 0 first meets its siblings at that start barrier (counts in
 * wast_barrier_counts[]; a participant that never arrives only delays the
 * others by a few seconds), so litmus threads really overlap.
 *
 * Values travel as u64 bit patterns: integers zero-extended, floats as
 * their IEEE bits, references as the pointer (NULL is ref.null; host
 * externref N is the pointer N + 0x1000, so externref 0 is not null).  A
 * v128 takes two: its low half (type 'v') and its high half ('V'), each
 * the little-endian lanes as a number; where float lanes are NaN patterns
 * the half's kind is WAST_LANES and lane_kinds says, per lane, how it
 * matches.
 */
#ifndef WAST_HOST_H
#define WAST_HOST_H

#include "weft_rt.h"

#define WAST_MAX_VALUES 64

typedef enum wast_op {
  WAST_MODULE,           /* instantiate into `slot` */
  WAST_REGISTER,         /* make `slot` importable as `name` */
  WAST_ACTION,           /* invoke or get; must not trap */
  WAST_RETURN,           /* assert_return */
  WAST_TRAP,             /* assert_trap: an action traps with `text` */
  WAST_EXHAUSTION,       /* assert_exhaustion */
  WAST_UNLINKABLE,       /* the module's imports must not link */
  WAST_UNINSTANTIABLE,   /* instantiation must trap with `text` */
  WAST_NOP,              /* failed before the harness; prints nothing */
  WAST_SPAWN,            /* start group `target` on a new thread; silent */
  WAST_JOIN              /* wait for group `target` to finish; silent */
} wast_op;

typedef enum wast_expect_kind {
  WAST_EXACT,            /* the same bits */
  WAST_NAN_CANONICAL,
  WAST_NAN_ARITHMETIC,
  WAST_NONNULL_REF,      /* any non-null reference */
  WAST_ANY,              /* only the type is known (assert_trap, action) */
  WAST_LANES             /* a v128 half of float lanes: see lane_kinds */
} wast_expect_kind;

typedef struct wast_value {
  char type;             /* signature character, see weft_rt.h; 'V' for a
                            v128's high half */
  unsigned char kind;    /* wast_expect_kind, for expected values */
  u64 bits;
  char lane;             /* v128 halves: 'f' or 'd' lanes for WAST_LANES */
  unsigned char lane_kinds[2];  /* per lane of the half, as kind */
} wast_value;

/* Calls f with args and stores its results, both as bit patterns. */
typedef void (*wast_thunk)(const wf_func *f, const u64 *args, u64 *results);

typedef struct wast_cmd {
  wast_op op;
  int line;
  int slot;                 /* instance slot created or acted on; -1 none */
  const wf_module *mod;     /* module commands; NULL if weft gave no C */
  const char *name;         /* register: the "as" name; action: field */
  size_t name_len;          /* names may contain NUL bytes */
  bool is_get;              /* action reads a global instead of calling */
  const char *sig;          /* invoke: the signature the script implies */
  wast_thunk thunk;
  int nargs;
  const wast_value *args;
  int nresults;
  const wast_value *results;
  const char *text;         /* expected trap text */
  bool either;              /* assert_return: result 0 is any of results[] */
  int group;                /* thread group that runs the command */
  int target;               /* WAST_SPAWN/WAST_JOIN: the child group */
  int barrier;              /* start barrier to meet first, or -1 */
} wast_cmd;

/* Bit-pattern conversions for the generated thunks. */
static inline f32 wast_f32(u64 b) {
  u32 x = (u32)b;
  f32 f;
  memcpy(&f, &x, sizeof f);
  return f;
}
static inline f64 wast_f64(u64 b) {
  f64 d;
  memcpy(&d, &b, sizeof d);
  return d;
}
static inline u64 wast_f32_bits(f32 f) {
  u32 x;
  memcpy(&x, &f, sizeof x);
  return x;
}
static inline u64 wast_f64_bits(f64 d) {
  u64 x;
  memcpy(&x, &d, sizeof x);
  return x;
}

/* v128 arguments and results, as their two halves (see above). */
static inline v128 wast_v128(u64 lo, u64 hi) {
  u8 b[16];
  wf_st64(b, lo);
  wf_st64(b + 8, hi);
  return wf_v128_load(b);
}
static inline void wast_v128_split(v128 v, u64 *out) {
  u8 b[16];
  wf_v128_store(b, v);
  out[0] = wf_rd64(b);
  out[1] = wf_rd64(b + 8);
}

extern const wast_cmd wast_cmds[];
extern const int wast_ncmds;
extern const int wast_nslots;
extern const int wast_ngroups;
extern const int wast_nbarriers;
extern const int wast_barrier_counts[];

#endif /* WAST_HOST_H */
