/*
 * emit_simd.c - the fixed-width SIMD instructions.  Each is a call to the
 * runtime helper of the same name (i32x4.add_sat_s -> wf_i32x4_add_sat_s,
 * see weft_rt_simd.h) on its operands, so this file is mostly a table of
 * opcodes and signatures; constants, shuffles, lane immediates and memory
 * accesses are written out here.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"

typedef struct simdop {
  uint16_t code;       /* after the 0xFD prefix */
  const char *name;    /* the instruction */
  const char *args;    /* operand types, signature characters */
  char result;         /* 0 for none */
} simdop;

#define VV(c, n) {c, n, "vv", 'v'}
#define V(c, n) {c, n, "v", 'v'}
#define VI(c, n) {c, n, "vi", 'v'}

static const simdop ops[] = {
  VV(0x0e, "i8x16.swizzle"),
  {0x0f, "i8x16.splat", "i", 'v'}, {0x10, "i16x8.splat", "i", 'v'},
  {0x11, "i32x4.splat", "i", 'v'}, {0x12, "i64x2.splat", "j", 'v'},
  {0x13, "f32x4.splat", "f", 'v'}, {0x14, "f64x2.splat", "d", 'v'},
  {0x15, "i8x16.extract_lane_s", "v", 'i'}, {0x16, "i8x16.extract_lane_u", "v", 'i'},
  {0x17, "i8x16.replace_lane", "vi", 'v'},
  {0x18, "i16x8.extract_lane_s", "v", 'i'}, {0x19, "i16x8.extract_lane_u", "v", 'i'},
  {0x1a, "i16x8.replace_lane", "vi", 'v'},
  {0x1b, "i32x4.extract_lane", "v", 'i'}, {0x1c, "i32x4.replace_lane", "vi", 'v'},
  {0x1d, "i64x2.extract_lane", "v", 'j'}, {0x1e, "i64x2.replace_lane", "vj", 'v'},
  {0x1f, "f32x4.extract_lane", "v", 'f'}, {0x20, "f32x4.replace_lane", "vf", 'v'},
  {0x21, "f64x2.extract_lane", "v", 'd'}, {0x22, "f64x2.replace_lane", "vd", 'v'},
  VV(0x23, "i8x16.eq"), VV(0x24, "i8x16.ne"), VV(0x25, "i8x16.lt_s"),
  VV(0x26, "i8x16.lt_u"), VV(0x27, "i8x16.gt_s"), VV(0x28, "i8x16.gt_u"),
  VV(0x29, "i8x16.le_s"), VV(0x2a, "i8x16.le_u"), VV(0x2b, "i8x16.ge_s"),
  VV(0x2c, "i8x16.ge_u"),
  VV(0x2d, "i16x8.eq"), VV(0x2e, "i16x8.ne"), VV(0x2f, "i16x8.lt_s"),
  VV(0x30, "i16x8.lt_u"), VV(0x31, "i16x8.gt_s"), VV(0x32, "i16x8.gt_u"),
  VV(0x33, "i16x8.le_s"), VV(0x34, "i16x8.le_u"), VV(0x35, "i16x8.ge_s"),
  VV(0x36, "i16x8.ge_u"),
  VV(0x37, "i32x4.eq"), VV(0x38, "i32x4.ne"), VV(0x39, "i32x4.lt_s"),
  VV(0x3a, "i32x4.lt_u"), VV(0x3b, "i32x4.gt_s"), VV(0x3c, "i32x4.gt_u"),
  VV(0x3d, "i32x4.le_s"), VV(0x3e, "i32x4.le_u"), VV(0x3f, "i32x4.ge_s"),
  VV(0x40, "i32x4.ge_u"),
  VV(0x41, "f32x4.eq"), VV(0x42, "f32x4.ne"), VV(0x43, "f32x4.lt"),
  VV(0x44, "f32x4.gt"), VV(0x45, "f32x4.le"), VV(0x46, "f32x4.ge"),
  VV(0x47, "f64x2.eq"), VV(0x48, "f64x2.ne"), VV(0x49, "f64x2.lt"),
  VV(0x4a, "f64x2.gt"), VV(0x4b, "f64x2.le"), VV(0x4c, "f64x2.ge"),
  V(0x4d, "v128.not"), VV(0x4e, "v128.and"), VV(0x4f, "v128.andnot"),
  VV(0x50, "v128.or"), VV(0x51, "v128.xor"), {0x52, "v128.bitselect", "vvv", 'v'},
  {0x53, "v128.any_true", "v", 'i'},
  V(0x5e, "f32x4.demote_f64x2_zero"), V(0x5f, "f64x2.promote_low_f32x4"),
  V(0x60, "i8x16.abs"), V(0x61, "i8x16.neg"), V(0x62, "i8x16.popcnt"),
  {0x63, "i8x16.all_true", "v", 'i'}, {0x64, "i8x16.bitmask", "v", 'i'},
  VV(0x65, "i8x16.narrow_i16x8_s"), VV(0x66, "i8x16.narrow_i16x8_u"),
  V(0x67, "f32x4.ceil"), V(0x68, "f32x4.floor"), V(0x69, "f32x4.trunc"),
  V(0x6a, "f32x4.nearest"),
  VI(0x6b, "i8x16.shl"), VI(0x6c, "i8x16.shr_s"), VI(0x6d, "i8x16.shr_u"),
  VV(0x6e, "i8x16.add"), VV(0x6f, "i8x16.add_sat_s"), VV(0x70, "i8x16.add_sat_u"),
  VV(0x71, "i8x16.sub"), VV(0x72, "i8x16.sub_sat_s"), VV(0x73, "i8x16.sub_sat_u"),
  V(0x74, "f64x2.ceil"), V(0x75, "f64x2.floor"),
  VV(0x76, "i8x16.min_s"), VV(0x77, "i8x16.min_u"), VV(0x78, "i8x16.max_s"),
  VV(0x79, "i8x16.max_u"), V(0x7a, "f64x2.trunc"), VV(0x7b, "i8x16.avgr_u"),
  V(0x7c, "i16x8.extadd_pairwise_i8x16_s"), V(0x7d, "i16x8.extadd_pairwise_i8x16_u"),
  V(0x7e, "i32x4.extadd_pairwise_i16x8_s"), V(0x7f, "i32x4.extadd_pairwise_i16x8_u"),
  V(0x80, "i16x8.abs"), V(0x81, "i16x8.neg"), VV(0x82, "i16x8.q15mulr_sat_s"),
  {0x83, "i16x8.all_true", "v", 'i'}, {0x84, "i16x8.bitmask", "v", 'i'},
  VV(0x85, "i16x8.narrow_i32x4_s"), VV(0x86, "i16x8.narrow_i32x4_u"),
  V(0x87, "i16x8.extend_low_i8x16_s"), V(0x88, "i16x8.extend_high_i8x16_s"),
  V(0x89, "i16x8.extend_low_i8x16_u"), V(0x8a, "i16x8.extend_high_i8x16_u"),
  VI(0x8b, "i16x8.shl"), VI(0x8c, "i16x8.shr_s"), VI(0x8d, "i16x8.shr_u"),
  VV(0x8e, "i16x8.add"), VV(0x8f, "i16x8.add_sat_s"), VV(0x90, "i16x8.add_sat_u"),
  VV(0x91, "i16x8.sub"), VV(0x92, "i16x8.sub_sat_s"), VV(0x93, "i16x8.sub_sat_u"),
  V(0x94, "f64x2.nearest"), VV(0x95, "i16x8.mul"),
  VV(0x96, "i16x8.min_s"), VV(0x97, "i16x8.min_u"), VV(0x98, "i16x8.max_s"),
  VV(0x99, "i16x8.max_u"), VV(0x9b, "i16x8.avgr_u"),
  VV(0x9c, "i16x8.extmul_low_i8x16_s"), VV(0x9d, "i16x8.extmul_high_i8x16_s"),
  VV(0x9e, "i16x8.extmul_low_i8x16_u"), VV(0x9f, "i16x8.extmul_high_i8x16_u"),
  V(0xa0, "i32x4.abs"), V(0xa1, "i32x4.neg"),
  {0xa3, "i32x4.all_true", "v", 'i'}, {0xa4, "i32x4.bitmask", "v", 'i'},
  V(0xa7, "i32x4.extend_low_i16x8_s"), V(0xa8, "i32x4.extend_high_i16x8_s"),
  V(0xa9, "i32x4.extend_low_i16x8_u"), V(0xaa, "i32x4.extend_high_i16x8_u"),
  VI(0xab, "i32x4.shl"), VI(0xac, "i32x4.shr_s"), VI(0xad, "i32x4.shr_u"),
  VV(0xae, "i32x4.add"), VV(0xb1, "i32x4.sub"), VV(0xb5, "i32x4.mul"),
  VV(0xb6, "i32x4.min_s"), VV(0xb7, "i32x4.min_u"), VV(0xb8, "i32x4.max_s"),
  VV(0xb9, "i32x4.max_u"), VV(0xba, "i32x4.dot_i16x8_s"),
  VV(0xbc, "i32x4.extmul_low_i16x8_s"), VV(0xbd, "i32x4.extmul_high_i16x8_s"),
  VV(0xbe, "i32x4.extmul_low_i16x8_u"), VV(0xbf, "i32x4.extmul_high_i16x8_u"),
  V(0xc0, "i64x2.abs"), V(0xc1, "i64x2.neg"),
  {0xc3, "i64x2.all_true", "v", 'i'}, {0xc4, "i64x2.bitmask", "v", 'i'},
  V(0xc7, "i64x2.extend_low_i32x4_s"), V(0xc8, "i64x2.extend_high_i32x4_s"),
  V(0xc9, "i64x2.extend_low_i32x4_u"), V(0xca, "i64x2.extend_high_i32x4_u"),
  VI(0xcb, "i64x2.shl"), VI(0xcc, "i64x2.shr_s"), VI(0xcd, "i64x2.shr_u"),
  VV(0xce, "i64x2.add"), VV(0xd1, "i64x2.sub"), VV(0xd5, "i64x2.mul"),
  VV(0xd6, "i64x2.eq"), VV(0xd7, "i64x2.ne"), VV(0xd8, "i64x2.lt_s"),
  VV(0xd9, "i64x2.gt_s"), VV(0xda, "i64x2.le_s"), VV(0xdb, "i64x2.ge_s"),
  VV(0xdc, "i64x2.extmul_low_i32x4_s"), VV(0xdd, "i64x2.extmul_high_i32x4_s"),
  VV(0xde, "i64x2.extmul_low_i32x4_u"), VV(0xdf, "i64x2.extmul_high_i32x4_u"),
  V(0xe0, "f32x4.abs"), V(0xe1, "f32x4.neg"), V(0xe3, "f32x4.sqrt"),
  VV(0xe4, "f32x4.add"), VV(0xe5, "f32x4.sub"), VV(0xe6, "f32x4.mul"),
  VV(0xe7, "f32x4.div"), VV(0xe8, "f32x4.min"), VV(0xe9, "f32x4.max"),
  VV(0xea, "f32x4.pmin"), VV(0xeb, "f32x4.pmax"),
  V(0xec, "f64x2.abs"), V(0xed, "f64x2.neg"), V(0xef, "f64x2.sqrt"),
  VV(0xf0, "f64x2.add"), VV(0xf1, "f64x2.sub"), VV(0xf2, "f64x2.mul"),
  VV(0xf3, "f64x2.div"), VV(0xf4, "f64x2.min"), VV(0xf5, "f64x2.max"),
  VV(0xf6, "f64x2.pmin"), VV(0xf7, "f64x2.pmax"),
  V(0xf8, "i32x4.trunc_sat_f32x4_s"), V(0xf9, "i32x4.trunc_sat_f32x4_u"),
  V(0xfa, "f32x4.convert_i32x4_s"), V(0xfb, "f32x4.convert_i32x4_u"),
  V(0xfc, "i32x4.trunc_sat_f64x2_s_zero"), V(0xfd, "i32x4.trunc_sat_f64x2_u_zero"),
  V(0xfe, "f64x2.convert_low_i32x4_s"), V(0xff, "f64x2.convert_low_i32x4_u"),
};

/* Memory instructions: the helper (wf_v128_NAME), the bytes accessed, and
 * whether it takes a vector operand (stores, lane loads) and a lane. */
typedef struct simdmem {
  uint16_t code;
  const char *name;
  uint8_t bytes;
  bool store, takes_vec, lane;
} simdmem;

static const simdmem mems[] = {
  {0x00, "load", 16, false, false, false},
  {0x01, "load8x8_s", 8, false, false, false},
  {0x02, "load8x8_u", 8, false, false, false},
  {0x03, "load16x4_s", 8, false, false, false},
  {0x04, "load16x4_u", 8, false, false, false},
  {0x05, "load32x2_s", 8, false, false, false},
  {0x06, "load32x2_u", 8, false, false, false},
  {0x07, "load8_splat", 1, false, false, false},
  {0x08, "load16_splat", 2, false, false, false},
  {0x09, "load32_splat", 4, false, false, false},
  {0x0a, "load64_splat", 8, false, false, false},
  {0x0b, "store", 16, true, true, false},
  {0x54, "load8_lane", 1, false, true, true},
  {0x55, "load16_lane", 2, false, true, true},
  {0x56, "load32_lane", 4, false, true, true},
  {0x57, "load64_lane", 8, false, true, true},
  {0x58, "store8_lane", 1, true, true, true},
  {0x59, "store16_lane", 2, true, true, true},
  {0x5a, "store32_lane", 4, true, true, true},
  {0x5b, "store64_lane", 8, true, true, true},
  {0x5c, "load32_zero", 4, false, false, false},
  {0x5d, "load64_zero", 8, false, false, false},
};

static void helper_name(char *buf, size_t n, const char *insn) {
  snprintf(buf, n, "wf_%s", insn);
  for (char *p = buf; *p; p++)
    if (*p == '.') *p = '_';
}

static void emit_const(fctx *fx, const wm_instr *in) {
  uint64_t lo = 0, hi = 0;
  for (int i = 7; i >= 0; i--) {
    lo = lo << 8 | in->bytes[i];
    hi = hi << 8 | in->bytes[8 + i];
  }
  fx_push_expr(fx, 'v', fx_fmt(fx, "wf_v128_const(0x%016" PRIx64
                                "ull, 0x%016" PRIx64 "ull)", lo, hi));
}

static void emit_shuffle(fctx *fx, const wm_instr *in) {
  const char *a, *b;
  char lanes[80];
  a = fx_top(fx, 1);
  b = fx_top(fx, 0);
  fx_pop(fx, 2);
  size_t k = 0;
  for (int i = 0; i < 16; i++)
    k += (size_t)snprintf(lanes + k, sizeof lanes - k, "%s%u", i ? ", " : "",
                          in->bytes[i]);
  fx_push_expr(fx, 'v', fx_fmt(fx, "wf_i8x16_shuffle(%s, %s, %s)", a, b,
                                lanes));
}

static void emit_mem(fctx *fx, const wm_instr *in, const simdmem *m) {
  const char *vec = "", *lane = "";
  if (m->takes_vec) {
    vec = fx_fmt(fx, ", %s", fx_top(fx, 0));
    fx_pop(fx, 1);
  }
  const char *addr = fx_top(fx, 0);
  fx_pop(fx, 1);
  if (m->lane) lane = fx_fmt(fx, ", %u", in->b);
  fx_need_mem(fx);
  bool shared = fx->shared_memory;
  /* shared memories: fenced like plain scalar accesses (weft_rt_mem.h) */
  const char *fence = shared && (m->code != 0x00 && m->code != 0x0b) ? "WF_FENCE(); " : "";
  const char *sfx = shared && (m->code == 0x00 || m->code == 0x0b) ? "s" : "";
  const char *ea = fx_fmt(fx, "WF_EA(mb, %s, %s, %" PRIu64 "u, %u)",
                          fx_mem_size_expr(fx), addr, in->imm, m->bytes);
  if (m->store) {
    fx_line(fx, "%swf_v128_%s%s(%s%s%s);%s", fence, m->name, sfx, ea, vec,
            lane, *fence ? " WF_FENCE();" : "");
    return;
  }
  const char *dst = fx_push(fx, 'v');
  fx_line(fx, "%s%s = wf_v128_%s%s(%s%s%s);%s", fence, dst, m->name, sfx, ea,
          vec, lane, *fence ? " WF_FENCE();" : "");
  /* with guard pages the fault is the bounds check: keep the load */
  fx_line(fx, "WF_FORCE_READ_V128(%s);", dst);
}

bool emit_simd(fctx *fx, const wm_instr *in) {
  if ((in->op & 0xff0000) != OP_SIMD) return false;
  uint32_t code = in->op & 0xffff;
  if (in->op == OP_V128_CONST) {
    emit_const(fx, in);
    return true;
  }
  if (in->op == OP_I8X16_SHUFFLE) {
    emit_shuffle(fx, in);
    return true;
  }
  for (size_t i = 0; i < sizeof mems / sizeof mems[0]; i++)
    if (mems[i].code == code) {
      emit_mem(fx, in, &mems[i]);
      return true;
    }
  const simdop *op = NULL;
  for (size_t i = 0; i < sizeof ops / sizeof ops[0] && !op; i++)
    if (ops[i].code == code) op = &ops[i];
  if (!op) return false;
  uint32_t n = (uint32_t)strlen(op->args);
  bool lane = strstr(op->name, "_lane") != NULL;
  strbuf call;
  sb_init(&call);
  char name[64];
  helper_name(name, sizeof name, op->name);
  sb_printf(&call, "%s(", name);
  for (uint32_t k = 0; k < n; k++) {
    sb_printf(&call, "%s%s", k ? ", " : "", fx_top(fx, n - 1 - k));
    if (lane && k == 0) sb_printf(&call, ", %u", in->a);
  }
  sb_puts(&call, ")");
  fx_pop(fx, n);
  fx_push_expr(fx, (uint8_t)op->result, call.data);
  sb_free(&call);
  return true;
}
