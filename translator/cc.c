/* cc.c - parallel compiler invocation; see cc.h. */
#define _XOPEN_SOURCE 700
#include "cc.h"

#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

int cc_run_all(cc_cmd *cmds, int n, int jobs, const char **failed) {
  pid_t *pids = calloc((size_t)n + 1, sizeof *pids);
  if (!pids) return -1;
  int next = 0, running = 0, bad = -1;
  while ((next < n && bad < 0) || running) {
    if (next < n && bad < 0 && running < jobs) {
      pid_t pid;
      if (posix_spawnp(&pid, cmds[next].argv[0], NULL, NULL, cmds[next].argv,
                       environ)) {
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
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
      for (int i = 0; i < n; i++)
        if (pids[i] == pid && (bad < 0 || i < bad)) bad = i;
    }
  }
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
