/* recursion - calls and recursion: naive Fibonacci, Takeuchi, Ackermann
 * (deep, 10k+ frames) and a recursive tree build/walk through pointers. */
#include "bench.h"

#define FIB_N BENCH_SIZE(39, 20)
#define TAK_X BENCH_SIZE(26, 14)
#define ACK_N BENCH_SIZE(9, 5)
#define TREE_DEPTH BENCH_SIZE(22, 10)

static NOINLINE uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static NOINLINE int32_t tak(int32_t x, int32_t y, int32_t z) {
  return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z;
}

static NOINLINE uint32_t ack(uint32_t m, uint32_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

typedef struct node {
  struct node *l, *r;
  uint32_t v;
} node;

static node *build(uint32_t depth, uint32_t v) {
  node *n = xmalloc(sizeof *n);
  n->v = v;
  n->l = depth ? build(depth - 1, v * 2) : NULL;
  n->r = depth ? build(depth - 1, v * 2 + 1) : NULL;
  return n;
}

static uint64_t walk(const node *n, uint32_t depth) {
  if (!n) return 0;
  return (n->v ^ depth) + 3 * walk(n->l, depth + 1) + walk(n->r, depth + 1);
}

static void release(node *n) {
  if (!n) return;
  release(n->l), release(n->r);
  free(n);
}

static uint64_t kernel(void) {
  uint64_t h = fib(FIB_N);
  h = mix(h, (uint32_t)tak(TAK_X, TAK_X / 2, TAK_X / 4));
  h = mix(h, ack(2, 3000));
  h = mix(h, ack(3, ACK_N));
  for (int rep = 0; rep < 3; rep++) {
    node *t = build(TREE_DEPTH, 1);
    h = mix(h, walk(t, (uint32_t)rep));
    release(t);
  }
  return h;
}

BENCH_MAIN("recursion", 0x07a11e3b3093cc40ULL, 0x3e994d75474c7585ULL)
