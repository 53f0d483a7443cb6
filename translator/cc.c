/* cc.c - parallel compiler invocation; see cc.h. */
#define _GNU_SOURCE  /* posix_spawn_file_actions_addchdir_np */
#include "cc.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int spawn(const cc_cmd *c, pid_t *pid) {
  posix_spawn_file_actions_t fa;
  if (posix_spawn_file_actions_init(&fa)) return -1;
  int r = c->cwd ? posix_spawn_file_actions_addchdir_np(&fa, c->cwd) : 0;
  if (!r) r = posix_spawnp(pid, c->argv[0], &fa, NULL, c->argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  return r;
}

static void progress(const char *label, int done, int n, double start) {
  fprintf(stderr, "\r%s: %d/%d compiled, %.0f s", label, done, n,
          now() - start);
  fflush(stderr);
}

int cc_run_all(cc_cmd *cmds, int n, int jobs, const char **failed,
               const char *label) {
  pid_t *pids = calloc((size_t)n + 1, sizeof *pids);
  if (!pids) return -1;
  if (label && (n < 2 || !isatty(2))) label = NULL;
  int next = 0, running = 0, bad = -1, done = 0;
  double start = now();
  if (label) progress(label, 0, n, start);
  while ((next < n && bad < 0) || running) {
    if (next < n && bad < 0 && running < jobs) {
      pid_t pid;
      if (spawn(&cmds[next], &pid)) {
        bad = next;
      } else {
        pids[next] = pid;
        running++;
      }
      next++;
      continue;
    }
    int status;
    pid_t pid = wait(&status);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;
    }
    running--;
    if (label) progress(label, ++done, n, start);
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
      for (int i = 0; i < n; i++)
        if (pids[i] == pid && (bad < 0 || i < bad)) bad = i;
    }
  }
  if (label) fputs("\r\033[K", stderr);
  free(pids);
  if (bad >= 0) {
    *failed = cmds[bad].what;
    return -1;
  }
  return 0;
}

int cc_split_flags(const char *flags, char ***out) {
  int n = 0;
  char **v = NULL;
  const char *p = flags ? flags : "";
  while (*p) {
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) break;
    const char *s = p;
    while (*p && *p != ' ' && *p != '\t') p++;
    v = realloc(v, sizeof *v * (size_t)(n + 2));
    if (!v) abort();
    v[n] = strndup(s, (size_t)(p - s));
    if (!v[n]) abort();
    n++;
  }
  if (!v) {
    v = calloc(1, sizeof *v);
    if (!v) abort();
  }
  v[n] = NULL;
  *out = v;
  return n;
}
