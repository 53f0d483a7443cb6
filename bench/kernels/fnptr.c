/* fnptr - indirect calls: a table of operations dispatched by data, and
 * "objects" with a vtable of methods (call_indirect in Wasm). */
#include "bench.h"

#define STEPS BENCH_SIZE(70000000u, 100000u)
#define SHAPES BENCH_SIZE(2000, 100)
#define SHAPE_ROUNDS BENCH_SIZE(6000, 20)

typedef uint32_t (*op_fn)(uint32_t, uint32_t);

static NOINLINE uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static NOINLINE uint32_t op_sub(uint32_t a, uint32_t b) { return a - b * 3; }
static NOINLINE uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ (b << 5); }
static NOINLINE uint32_t op_mul(uint32_t a, uint32_t b) { return a * (b | 1); }
static NOINLINE uint32_t op_rot(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> ((32 - b) & 31)); }
static NOINLINE uint32_t op_shr(uint32_t a, uint32_t b) { return (a >> 3) + b; }
static NOINLINE uint32_t op_mix(uint32_t a, uint32_t b) { return (a ^ b) * 0x9e3779b1u; }
static NOINLINE uint32_t op_min(uint32_t a, uint32_t b) { return (a < b ? a : b) + 0x1234567u; }

static op_fn ops[8] = {op_add, op_sub, op_xor, op_mul, op_rot, op_shr, op_mix, op_min};

typedef struct shape shape;
typedef struct {
  int64_t (*area)(const shape *);
  int64_t (*perimeter)(const shape *);
  void (*scale)(shape *, int32_t);
} shape_vt;
struct shape {
  const shape_vt *vt;
  int32_t a, b;
};

static int64_t rect_area(const shape *s) { return (int64_t)s->a * s->b; }
static int64_t rect_per(const shape *s) { return 2 * ((int64_t)s->a + s->b); }
static void rect_scale(shape *s, int32_t k) { s->a = s->a * k % 1000 + 1, s->b = s->b * k % 997 + 1; }
static int64_t circ_area(const shape *s) { return 3 * (int64_t)s->a * s->a; }
static int64_t circ_per(const shape *s) { return 6 * (int64_t)s->a; }
static void circ_scale(shape *s, int32_t k) { s->a = s->a * k % 1009 + 1; }
static int64_t tri_area(const shape *s) { return (int64_t)s->a * s->b / 2; }
static int64_t tri_per(const shape *s) { return (int64_t)s->a + s->b + (s->a > s->b ? s->a : s->b); }
static void tri_scale(shape *s, int32_t k) { s->a = s->a * k % 991 + 1, s->b = (s->b + k) % 983 + 1; }

static const shape_vt vts[3] = {{rect_area, rect_per, rect_scale},
                                {circ_area, circ_per, circ_scale},
                                {tri_area, tri_per, tri_scale}};

static uint64_t kernel(void) {
  uint32_t x = 1, y = 2;
  for (uint32_t i = 0; i < STEPS; i++) {
    x = ops[(x >> 7 ^ i) & 7](x, y);
    y = ops[(y ^ i) & 7](y, x) ^ i;
  }
  uint64_t h = mix(x, y);
  shape *sh = xmalloc(sizeof(shape) * SHAPES);
  uint64_t s = 5;
  for (int i = 0; i < SHAPES; i++) {
    uint64_t r = rng_next(&s);
    sh[i].vt = &vts[r % 3];
    sh[i].a = (int32_t)(r >> 8 & 255) + 1;
    sh[i].b = (int32_t)(r >> 16 & 255) + 1;
  }
  int64_t acc = 0;
  for (int round = 0; round < SHAPE_ROUNDS; round++)
    for (int i = 0; i < SHAPES; i++) {
      shape *p = &sh[i];
      acc += p->vt->area(p) - p->vt->perimeter(p);
      p->vt->scale(p, round % 7 + 2);
    }
  free(sh);
  return mix(h, (uint64_t)acc);
}

BENCH_MAIN("fnptr", 0x9f6185f63ba7716dULL, 0xc9fed381013d1766ULL)
