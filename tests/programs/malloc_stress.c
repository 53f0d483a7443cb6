/* malloc_stress.c - many malloc/calloc/realloc/free calls of varied sizes
 * driven by a fixed pseudo-random sequence.  Every block is filled with a
 * pattern derived from its slot and checked before it is resized or freed;
 * the program prints running checksums and the number of corrupt blocks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512
#define ROUNDS 60000

static uint32_t rng_state = 12345;
static uint32_t rng(void) { /* xorshift32 */
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

typedef struct slot {
  unsigned char *p;
  size_t size;
  uint8_t seed;
} slot;

static slot slots[SLOTS];
static unsigned corrupt;

static void fill(slot *s, size_t from) {
  for (size_t i = from; i < s->size; i++) s->p[i] = (uint8_t)(s->seed + i * 7);
}

static uint32_t check(const slot *s, size_t upto) {
  uint32_t sum = 0;
  for (size_t i = 0; i < upto; i++) {
    if (s->p[i] != (uint8_t)(s->seed + i * 7)) corrupt++;
    sum = sum * 31 + s->p[i];
  }
  return sum;
}

static size_t pick_size(void) {
  uint32_t r = rng();
  switch (r % 8) {
    case 0: return 0;
    case 1: case 2: case 3: return 1 + r % 64;        /* small */
    case 4: case 5: return 64 + r % 1024;             /* medium */
    case 6: return 4096 + r % 16384;                  /* page-ish */
    default: return (r >> 8) % 200000 + 1;            /* large */
  }
}

int main(void) {
  uint32_t checksum = 0;
  unsigned nmalloc = 0, nrealloc = 0, nfree = 0, ncalloc = 0;
  for (int round = 0; round < ROUNDS; round++) {
    slot *s = &slots[rng() % SLOTS];
    uint32_t op = rng() % 10;
    if (!s->p) {
      s->size = pick_size();
      s->seed = (uint8_t)rng();
      if (op < 3) {
        s->p = calloc(s->size ? s->size : 1, 1);
        ncalloc++;
        for (size_t i = 0; s->p && i < s->size; i++)
          if (s->p[i]) corrupt++;
      } else {
        s->p = malloc(s->size ? s->size : 1);
        nmalloc++;
      }
      if (!s->p) { printf("allocation of %zu failed\n", s->size); return 1; }
      fill(s, 0);
    } else if (op < 4) {
      size_t old = s->size, nsize = pick_size();
      checksum ^= check(s, old);
      unsigned char *q = realloc(s->p, nsize ? nsize : 1);
      if (!q) { printf("realloc to %zu failed\n", nsize); return 1; }
      nrealloc++;
      s->p = q, s->size = nsize;
      check(s, old < nsize ? old : nsize); /* the kept prefix survived */
      fill(s, old < nsize ? old : nsize);
    } else {
      checksum = checksum * 3 + check(s, s->size);
      free(s->p);
      nfree++;
      s->p = NULL, s->size = 0;
    }
    if (round % 10000 == 9999)
      printf("round %d: checksum %08x corrupt %u\n", round + 1,
             (unsigned)checksum, corrupt);
  }
  size_t live = 0, bytes = 0;
  for (int i = 0; i < SLOTS; i++)
    if (slots[i].p) {
      live++, bytes += slots[i].size;
      checksum += check(&slots[i], slots[i].size);
      free(slots[i].p);
    }
  /* One big block, grown step by step, keeps its contents. */
  size_t n = 16;
  uint32_t *big = malloc(n * sizeof *big);
  for (size_t i = 0; i < n; i++) big[i] = (uint32_t)i * 2654435761u;
  while (n < (1u << 20)) {
    big = realloc(big, 2 * n * sizeof *big);
    if (!big) { puts("growing realloc failed"); return 1; }
    for (size_t i = n; i < 2 * n; i++) big[i] = (uint32_t)i * 2654435761u;
    n *= 2;
  }
  uint32_t bigsum = 0;
  for (size_t i = 0; i < n; i++) bigsum += big[i] ^ (uint32_t)i;
  free(big);
  printf("malloc %u calloc %u realloc %u free %u\n", nmalloc, ncalloc,
         nrealloc, nfree);
  printf("live at end %zu (%zu bytes)\n", live, bytes);
  printf("final checksum %08x big %08x corrupt %u\n", (unsigned)checksum,
         (unsigned)bigsum, corrupt);
  return corrupt ? 2 : 0;
}
