/*
 * arena.h - bump allocation for everything a loaded module owns, freed in
 * one go.  Allocation failure aborts: the translator cannot do anything
 * useful without memory, and every caller would otherwise need a path for
 * it.
 */
#ifndef WEFT_ARENA_H
#define WEFT_ARENA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct wm_arena;
struct wm_arena *arena_new(void);
void *arena_alloc(struct wm_arena *a, size_t n);   /* zeroed */
char *arena_strndup(struct wm_arena *a, const char *s, size_t n);
void arena_free(struct wm_arena *a);

#ifdef __cplusplus
}
#endif

#endif /* WEFT_ARENA_H */
