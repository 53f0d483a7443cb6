/* sort_search.c - qsort and bsearch on arrays of structs with several
 * comparison functions (called through function pointers: call_indirect),
 * multi-key ordering, and searches for present and absent keys. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct person {
  char name[16];
  int age;
  double score;
  uint32_t id;
} person;

#define N 2000

static person people[N];
static uint32_t seed = 2463534242u;
static uint32_t rng(void) {
  seed = seed * 1664525u + 1013904223u;
  return seed >> 8;
}

static int by_id(const void *a, const void *b) {
  uint32_t x = ((const person *)a)->id, y = ((const person *)b)->id;
  return (x > y) - (x < y);
}

/* age ascending, then score descending, then name, then id: a total order
 * so that the result does not depend on qsort's algorithm. */
static int by_age_score_name(const void *a, const void *b) {
  const person *p = a, *q = b;
  if (p->age != q->age) return p->age - q->age;
  if (p->score != q->score) return p->score < q->score ? 1 : -1;
  int c = strcmp(p->name, q->name);
  return c ? c : by_id(a, b);
}

static int by_name(const void *a, const void *b) {
  int c = strcmp(((const person *)a)->name, ((const person *)b)->name);
  return c ? c : by_id(a, b);
}

static int cmp_int_desc(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x < y) - (x > y);
}

static void show(const char *title, int from, int count) {
  printf("%s:\n", title);
  for (int i = from; i < from + count; i++)
    printf("  %-10s age %3d score %8.3f id %u\n", people[i].name,
           people[i].age, people[i].score, people[i].id);
}

int main(void) {
  static const char *syll[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo"};
  for (int i = 0; i < N; i++) {
    person *p = &people[i];
    int len = 2 + (int)(rng() % 3);
    p->name[0] = 0;
    for (int k = 0; k < len; k++) strcat(p->name, syll[rng() % 8]);
    p->age = 18 + (int)(rng() % 60);
    p->score = (double)(rng() % 100000) / 997.0;
    /* unique odd ids (even ids are never present), in random order */
    p->id = (rng() % 16384) * 4096 + (uint32_t)i * 2 + 1;
  }
  int (*orders[])(const void *, const void *) = {by_age_score_name, by_name,
                                                  by_id};
  const char *names[] = {"by age, score, name", "by name", "by id"};
  for (int o = 0; o < 3; o++) {
    qsort(people, N, sizeof people[0], orders[o]);
    int sorted = 1;
    for (int i = 1; i < N; i++)
      if (orders[o](&people[i - 1], &people[i]) > 0) sorted = 0;
    printf("%s sorted=%d\n", names[o], sorted);
    show("first", 0, 4);
    show("last", N - 2, 2);
  }
  /* people is now sorted by id: search for every 97th and for misses */
  int found = 0, missed = 0;
  uint64_t pos_sum = 0;
  for (int i = 0; i < N; i += 97) {
    person key = {.id = people[i].id};
    person *hit = bsearch(&key, people, N, sizeof people[0], by_id);
    if (hit) found++, pos_sum += (uint64_t)(hit - people);
    key.id = people[i].id + 1;
    if (!bsearch(&key, people, N, sizeof people[0], by_id)) missed++;
  }
  printf("bsearch found %d missed %d position sum %llu\n", found, missed,
         (unsigned long long)pos_sum);
  int nums[50];
  for (int i = 0; i < 50; i++) nums[i] = (int)(rng() % 1000) - 500;
  qsort(nums, 50, sizeof nums[0], cmp_int_desc);
  for (int i = 0; i < 50; i++) printf("%d%c", nums[i], i % 10 == 9 ? '\n' : ' ');
  int want = nums[17];
  int *at = bsearch(&want, nums, 50, sizeof nums[0], cmp_int_desc);
  printf("found %d: %s\n", want, at && *at == want ? "yes" : "no");
  qsort(nums, 0, sizeof nums[0], cmp_int_desc); /* empty: must not crash */
  return 0;
}
