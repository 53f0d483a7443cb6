/* integer_ops.c - integer arithmetic as Wasm sees it: 32- and 64-bit
 * wrap-around, signed division and remainder of negatives, shifts and
 * rotates, clz/ctz/popcount, sign and zero extension, CRC-32 and FNV-1a,
 * a dense switch (br_table), a dispatch table of function pointers
 * (call_indirect), varargs, bitfields and unions. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t crc32(const void *data, size_t n) {
  static uint32_t table[256];
  if (!table[1])
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
  uint32_t c = 0xffffffffu;
  const uint8_t *p = data;
  while (n--) c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

static uint64_t fnv1a64(const char *s) {
  uint64_t h = 0xcbf29ce484222325ull;
  while (*s) h = (h ^ (uint8_t)*s++) * 0x100000001b3ull;
  return h;
}

static uint32_t rotl32(uint32_t x, unsigned r) { return x << (r & 31) | x >> (-r & 31); }
static uint64_t rotr64(uint64_t x, unsigned r) { return x >> (r & 63) | x << (-r & 63); }

static const char *day_kind(int d) { /* dense switch: a br_table */
  switch (d) {
    case 0: return "sun";
    case 1: return "mon";
    case 2: return "tue";
    case 3: return "wed";
    case 4: return "thu";
    case 5: return "fri";
    case 6: return "sat";
    case 7: return "holiday";
    default: return "?";
  }
}

static int64_t op_add(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static int64_t op_sub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
static int64_t op_mul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }
static int64_t op_div(int64_t a, int64_t b) { return b ? a / b : 0; }
static int64_t op_rem(int64_t a, int64_t b) { return b ? a % b : 0; }
static int64_t op_xor(int64_t a, int64_t b) { return a ^ b; }

static long long sum_ints(int count, ...) {
  va_list ap;
  va_start(ap, count);
  long long s = 0;
  for (int i = 0; i < count; i++) s += i % 2 ? va_arg(ap, long long) : va_arg(ap, int);
  va_end(ap);
  return s;
}

struct packed {
  unsigned a : 3;
  signed b : 5;
  unsigned c : 12;
  unsigned d : 12;
};

int main(void) {
  volatile int32_t imin = INT32_MIN, neg7 = -7, two = 2, m1 = -1;
  printf("div: %d %d %d %d\n", neg7 / two, neg7 % two, 7 / -two, 7 % -two);
  printf("wrap: %u %" PRIu64 " %d\n", (uint32_t)imin + (uint32_t)imin,
         (uint64_t)UINT64_MAX + 2u, (int32_t)((uint32_t)imin * 3u));
  printf("shift: %d %u %" PRId64 " %" PRIx64 "\n", m1 >> 4, (uint32_t)m1 >> 4,
         (int64_t)m1 << 40 >> 20, (uint64_t)0x8000000000000000ull >> 63);
  printf("rot: %08x %016" PRIx64 "\n", rotl32(0x12345678u, 12),
         rotr64(0x0123456789abcdefull, 20));
  volatile uint32_t x32 = 0x00f0a000u;
  volatile uint64_t x64 = 0x0000100000000000ull;
  printf("bits: clz %d ctz %d pop %d clzll %d ctzll %d popll %d\n",
         __builtin_clz(x32), __builtin_ctz(x32), __builtin_popcount(x32),
         __builtin_clzll(x64), __builtin_ctzll(x64),
         __builtin_popcountll(0xf0f0f0f0f0f0f0f0ull));
  volatile uint8_t byte = 0xf0;
  volatile uint16_t half = 0x8001;
  printf("ext: %d %d %u %" PRId64 " %" PRId64 "\n", (int8_t)byte, (int16_t)half,
         (uint32_t)(int8_t)byte, (int64_t)(int32_t)0x80000000u,
         (int64_t)(uint32_t)-1);
  volatile int64_t big = INT64_MAX, small = INT64_MIN;
  printf("i64: %" PRId64 " %" PRId64 " %" PRId64 " %" PRIu64 "\n", big / 3,
         small / 7, small % 1000, (uint64_t)big * 2 + 1);
  volatile double dv = -123456.789;
  volatile float fv = 3e9f;
  printf("conv: %d %" PRId64 " %u %.1f %.1f\n", (int)dv, (int64_t)(dv * 1e6),
         (uint32_t)fv, (double)(int64_t)9007199254740993ll,
         (double)(float)16777217);

  const char *msg = "The quick brown fox jumps over the lazy dog";
  printf("crc32 %08x fnv1a %016" PRIx64 "\n", crc32(msg, strlen(msg)), fnv1a64(msg));
  uint32_t acc = 0;
  for (uint32_t i = 0; i < 100000; i++) acc = rotl32(acc ^ i * 0x9e3779b9u, 5) + (i >> 3);
  printf("mix %08x\n", acc);

  for (int d = -1; d <= 8; d++) printf("%s%c", day_kind(d), d == 8 ? '\n' : ' ');
  int64_t (*ops[])(int64_t, int64_t) = {op_add, op_sub, op_mul, op_div, op_rem, op_xor};
  const char *opn = "+-*/%^";
  int64_t vals[][2] = {{100, 7}, {-100, 7}, {INT64_MAX, 2}, {-5, -3}, {123456789012ll, 0}};
  for (int v = 0; v < 5; v++) {
    for (int o = 0; o < 6; o++) {
      int64_t (*volatile op)(int64_t, int64_t) = ops[o]; /* no inlining */
      printf("%" PRId64 "%c%" PRId64 "=%" PRId64 " ", vals[v][0], opn[o],
             vals[v][1], op(vals[v][0], vals[v][1]));
    }
    printf("\n");
  }
  printf("varargs %lld\n", sum_ints(6, 1, 2000000000000ll, -3, 4ll, 5, -6ll));
  struct packed pk = {5, -9, 4000, 123};
  pk.c += 100;
  printf("bitfields %u %d %u %u size %zu\n", pk.a, pk.b, pk.c, pk.d, sizeof pk);
  union { float f; uint32_t u; double d; uint64_t q; } un;
  un.f = -1.5f;
  printf("union f %08x", un.u);
  un.d = 0.1;
  printf(" d %016" PRIx64 "\n", un.q);
  return 0;
}
