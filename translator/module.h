/*
 * module.h - the plain C picture of a validated Wasm module.
 *
 * Filled by the libwabt bridge (wabt_bridge.cc), which validates the
 * module as it streams through it, and read by the emitters.  Everything
 * here is immutable after loading and owned by the wm_module (its arena
 * and the module's bytes); indices are Wasm indices (imports first in
 * every index space).
 *
 * Function bodies stay encoded: wm_decode_body (decode.c) turns one into a
 * flat instruction array when it is emitted, so a 30 MB module never
 * exists as a whole in decoded form.  Block/loop/if open a construct,
 * `else` and `end` appear as instructions (every `if` gets an `else`), and
 * the body ends with the function's own `end`.
 */
#ifndef WEFT_MODULE_H
#define WEFT_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Value types, spelled as their signature characters (see weft_rt.h). */
typedef enum wm_type {
  WM_I32 = 'i',
  WM_I64 = 'j',
  WM_F32 = 'f',
  WM_F64 = 'd',
  WM_V128 = 'v',
  WM_FUNCREF = 'r',
  WM_EXTERNREF = 'x',
} wm_type;

typedef struct wm_functype {
  uint32_t nparams, nresults;
  const uint8_t *params;   /* wm_type characters */
  const uint8_t *results;
  const char *sig;         /* "params:results" */
} wm_functype;

/* Opcode numbering: single-byte opcodes as in the binary format, 0xFCnn for
 * the 0xFC prefix (saturating truncation, bulk memory, tables), 0xFEnn
 * for the threads prefix and 0xFD0nnn for SIMD (whose codes pass 0xff). */
enum {
  OP_UNREACHABLE = 0x00, OP_NOP = 0x01, OP_BLOCK = 0x02, OP_LOOP = 0x03,
  OP_IF = 0x04, OP_ELSE = 0x05, OP_END = 0x0b, OP_BR = 0x0c, OP_BR_IF = 0x0d,
  OP_BR_TABLE = 0x0e, OP_RETURN = 0x0f, OP_CALL = 0x10,
  OP_CALL_INDIRECT = 0x11, OP_DROP = 0x1a, OP_SELECT = 0x1b,
  OP_SELECT_T = 0x1c, OP_LOCAL_GET = 0x20, OP_LOCAL_SET = 0x21,
  OP_LOCAL_TEE = 0x22, OP_GLOBAL_GET = 0x23, OP_GLOBAL_SET = 0x24,
  OP_TABLE_GET = 0x25, OP_TABLE_SET = 0x26, OP_MEMORY_SIZE = 0x3f,
  OP_MEMORY_GROW = 0x40, OP_I32_CONST = 0x41, OP_I64_CONST = 0x42,
  OP_F32_CONST = 0x43, OP_F64_CONST = 0x44, OP_REF_NULL = 0xd0,
  OP_REF_IS_NULL = 0xd1, OP_REF_FUNC = 0xd2,
  OP_MEMORY_INIT = 0xfc08, OP_DATA_DROP = 0xfc09, OP_MEMORY_COPY = 0xfc0a,
  OP_MEMORY_FILL = 0xfc0b, OP_TABLE_INIT = 0xfc0c, OP_ELEM_DROP = 0xfc0d,
  OP_TABLE_COPY = 0xfc0e, OP_TABLE_GROW = 0xfc0f, OP_TABLE_SIZE = 0xfc10,
  OP_TABLE_FILL = 0xfc11,
  OP_ATOMIC_NOTIFY = 0xfe00, OP_ATOMIC_WAIT32 = 0xfe01,
  OP_ATOMIC_WAIT64 = 0xfe02, OP_ATOMIC_FENCE = 0xfe03,
  OP_SIMD = 0xfd0000, OP_V128_CONST = 0xfd000c, OP_I8X16_SHUFFLE = 0xfd000d,
};

typedef struct wm_instr {
  uint32_t op;
  uint32_t a;        /* index: local/global/func/table/type/data/elem, label
                        depth; memarg: log2 alignment */
  uint32_t b;        /* second index (table.copy src, table.init table,
                        call_indirect table) */
  uint64_t imm;      /* constant bits; memarg offset */
  const wm_functype *bt;     /* block/loop/if/call_indirect type */
  const uint32_t *targets;   /* br_table: ntargets depths, then default */
  uint32_t ntargets;
  uint8_t vt;                /* select_t / ref.null type */
  const uint8_t *bytes;      /* v128.const value, i8x16.shuffle lanes (16) */
  uint32_t offset;           /* byte offset in the module, for messages */
} wm_instr;

typedef struct wm_func {
  const wm_functype *type;
  uint32_t type_index;
  const char *name;          /* from the name section or WAT, or NULL */
  bool imported;
  const char *imp_module, *imp_name;
  bool referenced;           /* exported, in an element segment, or named by
                                ref.func: needs a wf_func of its own */
  uint32_t nlocals;          /* excluding params */
  const char **local_names;  /* NULL, or nparams+nlocals entries (may be
                                NULL each) */
  const uint8_t *body;       /* local declarations, then the code */
  uint32_t body_len;
  uint32_t body_offset;      /* of body in the module, for messages */
} wm_func;

/* One function's decoded body (wm_decode_body); wm_body_free frees it. */
typedef struct wm_body {
  uint32_t nlocals;          /* excluding params */
  uint8_t *locals;           /* wm_type per local */
  uint32_t ninstrs;
  wm_instr *code;
} wm_body;

/* A constant expression (global initialiser, segment offset or element):
 * one of these forms after validation. */
typedef struct wm_const {
  enum { WC_CONST, WC_GLOBAL_GET, WC_REF_NULL, WC_REF_FUNC } kind;
  uint8_t type;              /* wm_type of the value */
  uint64_t bits;             /* WC_CONST; a v128's low half */
  uint64_t hi;               /* WC_CONST: a v128's high half */
  uint32_t index;            /* global or function index */
} wm_const;

typedef struct wm_limits {
  uint64_t min, max;
  bool has_max, shared;
} wm_limits;

typedef struct wm_global {
  uint8_t type;
  bool mut;
  const char *name;
  bool imported;
  const char *imp_module, *imp_name;
  wm_const init;
} wm_global;

typedef struct wm_table {
  uint8_t type;              /* WM_FUNCREF or WM_EXTERNREF */
  wm_limits limits;
  bool imported;
  const char *imp_module, *imp_name;
} wm_table;

typedef struct wm_memory {
  wm_limits limits;
  bool imported;
  const char *imp_module, *imp_name;
} wm_memory;

typedef enum { WS_ACTIVE, WS_PASSIVE, WS_DECLARED } wm_seg_mode;

typedef struct wm_data {
  wm_seg_mode mode;
  uint32_t memory;
  wm_const offset;
  uint32_t size;
  const uint8_t *bytes;
} wm_data;

typedef struct wm_elem {
  wm_seg_mode mode;
  uint8_t type;
  uint32_t table;
  wm_const offset;
  uint32_t count;
  const wm_const *items;     /* WC_REF_FUNC, WC_REF_NULL or WC_GLOBAL_GET */
} wm_elem;

typedef enum { WX_FUNC, WX_TABLE, WX_MEMORY, WX_GLOBAL } wm_extern_kind;

typedef struct wm_export {
  const char *name;          /* may hold NUL bytes: name_len counts */
  uint32_t name_len;
  wm_extern_kind kind;
  uint32_t index;
} wm_export;

typedef struct wm_import {
  wm_extern_kind kind;
  uint32_t index;            /* in its own index space */
} wm_import;

typedef struct wm_module {
  uint8_t *bytes;            /* the binary module; bodies and data point in */
  size_t nbytes;
  uint32_t ntypes, nfuncs, nfunc_imports, nglobals, nglobal_imports;
  uint32_t ntables, ntable_imports, nmemories, nmemory_imports;
  uint32_t ndata, nelems, nexports, nimports;
  const wm_functype *types;
  const wm_func *funcs;
  const wm_global *globals;
  const wm_table *tables;
  const wm_memory *memories;
  const wm_data *data;
  const wm_elem *elems;
  const wm_export *exports;
  const wm_import *imports;  /* in declaration order */
  bool has_start;
  uint32_t start;
  const wm_functype *blocktypes[128]; /* [] -> [t] by type char; [0]: [] -> [] */
  struct wm_arena *arena;
} wm_module;

/* Decodes function f's body (already validated) into *out; 0, or -1 with
 * a message (which only a module changed after validation could cause). */
int wm_decode_body(const wm_module *m, const wm_func *f, wm_body *out,
                   char *err, size_t err_len);
void wm_body_free(wm_body *b);
/* The wm_type of a binary value-type code (0x7f ...), or 0. */
uint8_t wm_valtype_char(uint8_t code);

/* Reads and validates `path` (.wasm or .wat, told apart by content) into
 * *out.  On failure returns -1 and writes a one-line message naming the
 * file and the position to err.  bridge: wabt_bridge.cc */
int wm_load(const char *path, wm_module *out, char *err, size_t err_len);
/* The same for a module in memory: bytes (malloc'd, len of them) are taken
 * over, and freed on failure or by wm_free; path names it in messages. */
int wm_load_bytes(const char *path, uint8_t *bytes, size_t len, wm_module *out,
                  char *err, size_t err_len);
void wm_free(wm_module *m);

/* Reads a whole file; NULL with errno set on failure.  */
uint8_t *wm_read_file(const char *path, size_t *len);

#endif /* WEFT_MODULE_H */
