/* recursion.c - recursive algorithms: N-queens (backtracking), Ackermann,
 * a recursive-descent parser and evaluator for integer expressions with
 * precedence, unary minus, parentheses and error reporting, Towers of Hanoi
 * and a 4000-deep non-tail recursion. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- N-queens ------------------------------------------------------ */
static int queens(int n, int row, uint32_t cols, uint32_t d1, uint32_t d2,
                  int *board, int *first) {
  if (row == n) {
    if (!first[0]) { /* remember the first solution */
      memcpy(first + 1, board, sizeof(int) * (size_t)n);
      first[0] = 1;
    }
    return 1;
  }
  int count = 0;
  for (int c = 0; c < n; c++) {
    if ((cols >> c & 1) || (d1 >> (row + c) & 1) || (d2 >> (row - c + n) & 1))
      continue;
    board[row] = c;
    count += queens(n, row + 1, cols | 1u << c, d1 | 1u << (row + c),
                    d2 | 1u << (row - c + n), board, first);
  }
  return count;
}

/* ---- Ackermann ----------------------------------------------------- */
static unsigned long long ack_calls;
static unsigned ack(unsigned m, unsigned n) {
  ack_calls++;
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

/* ---- expression parser --------------------------------------------- */
typedef struct parser {
  const char *p;
  const char *err;
} parser;

static long long expr(parser *ps);

static void skip(parser *ps) {
  while (*ps->p == ' ') ps->p++;
}

static long long primary(parser *ps) {
  skip(ps);
  if (*ps->p == '(') {
    ps->p++;
    long long v = expr(ps);
    skip(ps);
    if (*ps->p != ')') { if (!ps->err) ps->err = "expected )"; return 0; }
    ps->p++;
    return v;
  }
  if (*ps->p == '-') { ps->p++; return -primary(ps); }
  if (*ps->p < '0' || *ps->p > '9') {
    if (!ps->err) ps->err = "expected a number";
    return 0;
  }
  long long v = 0;
  while (*ps->p >= '0' && *ps->p <= '9') v = v * 10 + (*ps->p++ - '0');
  return v;
}

static long long power(parser *ps) { /* right-associative ^ */
  long long base = primary(ps);
  skip(ps);
  if (*ps->p != '^') return base;
  ps->p++;
  long long e = power(ps), r = 1;
  while (e-- > 0) r *= base;
  return r;
}

static long long term(parser *ps) {
  long long v = power(ps);
  for (;;) {
    skip(ps);
    char op = *ps->p;
    if (op != '*' && op != '/' && op != '%') return v;
    ps->p++;
    long long r = power(ps);
    if (op != '*' && r == 0) { if (!ps->err) ps->err = "division by zero"; return 0; }
    v = op == '*' ? v * r : op == '/' ? v / r : v % r;
  }
}

static long long expr(parser *ps) {
  long long v = term(ps);
  for (;;) {
    skip(ps);
    if (*ps->p == '+') ps->p++, v += term(ps);
    else if (*ps->p == '-') ps->p++, v -= term(ps);
    else return v;
  }
}

static void evaluate(const char *s) {
  parser ps = {s, NULL};
  long long v = expr(&ps);
  skip(&ps);
  if (!ps.err && *ps.p) ps.err = "trailing input";
  if (ps.err) printf("%-28s -> error: %s at column %d\n", s, ps.err, (int)(ps.p - s));
  else printf("%-28s -> %lld\n", s, v);
}

/* ---- the rest ------------------------------------------------------ */
static unsigned long long hanoi(int n, int from, int to, int via, unsigned *sig) {
  if (n == 0) return 0;
  unsigned long long moves = hanoi(n - 1, from, via, to, sig);
  *sig = *sig * 7 + (unsigned)(from * 3 + to);
  return moves + 1 + hanoi(n - 1, via, to, from, sig);
}

static int deep(int n) { return n == 0 ? 0 : (n % 7) + deep(n - 1) * 3 % 1000003; }

int main(void) {
  int board[16], first[17];
  for (int n = 1; n <= 10; n++) {
    first[0] = 0;
    int count = queens(n, 0, 0, 0, 0, board, first);
    printf("queens(%d) = %d", n, count);
    if (first[0]) {
      printf("  first:");
      for (int i = 0; i < n; i++) printf(" %d", first[1 + i]);
    }
    printf("\n");
  }
  for (unsigned m = 0; m <= 3; m++)
    for (unsigned n = 0; n <= 5; n++) {
      ack_calls = 0;
      unsigned v = ack(m, n);
      printf("ack(%u,%u) = %u (%llu calls)%s", m, n, v, ack_calls, n == 5 ? "\n" : "  ");
    }
  static const char *exprs[] = {
      "1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-(4 - 10) * -2",
      "100 / 7 % 4", "((((((42))))))", "2 ^ 62 + (2 ^ 62 - 1)", "1 +",
      "7 / (3 - 3)", "(1 + 2", "12 34", "--5 - -5"};
  for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) evaluate(exprs[i]);
  unsigned sig = 0;
  unsigned long long moves = hanoi(16, 1, 3, 2, &sig);
  printf("hanoi(16) moves %llu signature %08x\n", moves, sig);
  printf("deep(4000) = %d\n", deep(4000));
  return 0;
}
