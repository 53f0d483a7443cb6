/*
 * cc.h - running the user's C compiler: a list of commands run at most
 * `jobs` at a time, stopping at the first failure.  The compiler's own
 * diagnostics go to our stderr; the caller prints weft's one-line error.
 */
#ifndef WEFT_CC_H
#define WEFT_CC_H

typedef struct cc_cmd {
  char **argv;         /* NULL-terminated */
  const char *what;    /* for messages: the file being compiled */
  const char *cwd;     /* where it runs; NULL: here */
} cc_cmd;

/* 0 if every command exited 0; else -1 and *failed names the first that
 * did not.  With a label, and stderr a terminal, a status line counts the
 * commands done and the time taken (it is erased at the end). */
int cc_run_all(cc_cmd *cmds, int n, int jobs, const char **failed,
               const char *label);

/* Splits a space-separated flag string into argv (no quoting). */
int cc_split_flags(const char *flags, char ***out);

#endif /* WEFT_CC_H */
