/* arena.c - bump allocator; see arena.h. */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chunk {
  struct chunk *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
};

struct wm_arena {
  struct chunk *head;
};

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n, size);
  if (!p) {
    fputs("weft: out of memory\n", stderr);
    abort();
  }
  return p;
}

struct wm_arena *arena_new(void) { return xcalloc(1, sizeof(struct wm_arena)); }

void *arena_alloc(struct wm_arena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  struct chunk *c = a->head;
  if (!c || c->cap - c->used < n) {
    size_t cap = n > 65536 ? n : 65536;
    c = xcalloc(1, sizeof *c + cap);
    c->cap = cap;
    c->next = a->head;
    a->head = c;
  }
  void *p = c->data + c->used;
  c->used += n;
  return p;
}

char *arena_strndup(struct wm_arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  return p;
}

void arena_free(struct wm_arena *a) {
  if (!a) return;
  for (struct chunk *c = a->head, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  free(a);
}
