/* interp - a small interpreter loop: a stack-machine bytecode VM with a
 * switch dispatch, running a program that counts primes by trial division
 * and sums a polynomial over a loop. */
#include "bench.h"

#define LIMIT BENCH_SIZE(400000, 2000)

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JMP, JZ, JNZ, DUP, POP, INC, HALT };

typedef struct {
  uint8_t op;
  int32_t arg;
} insn;

static int64_t run(const insn *code, int64_t *vars) {
  int64_t stack[64];
  int sp = 0, pc = 0;
  for (;;) {
    const insn *i = &code[pc++];
    switch (i->op) {
      case PUSH: stack[sp++] = i->arg; break;
      case LOAD: stack[sp++] = vars[i->arg]; break;
      case STORE: vars[i->arg] = stack[--sp]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
      case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case JMP: pc = i->arg; break;
      case JZ: if (!stack[--sp]) pc = i->arg; break;
      case JNZ: if (stack[--sp]) pc = i->arg; break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case POP: sp--; break;
      case INC: vars[i->arg]++; break;
      case HALT: return vars[0];
    }
  }
}

/* vars: 0 count, 1 n, 2 d, 3 limit, 4 poly sum */
static const insn program[] = {
    /* 0 */ {PUSH, 2}, {STORE, 1},
    /* 2: outer: if !(n < limit) halt */
    {LOAD, 1}, {LOAD, 3}, {LT, 0}, {JZ, 33},
    /* 6 */ {PUSH, 2}, {STORE, 2},
    /* 8: inner: if !(d*d < n+1) -> prime */
    {LOAD, 2}, {DUP, 0}, {MUL, 0}, {LOAD, 1}, {PUSH, 1}, {ADD, 0}, {LT, 0}, {JZ, 23},
    /* 16: if n % d == 0 -> composite */
    {LOAD, 1}, {LOAD, 2}, {MOD, 0}, {JZ, 24},
    /* 20 */ {INC, 2}, {JMP, 8}, {HALT, 0},
    /* 23: prime */ {INC, 0},
    /* 24: poly += (n*n*3 + d) % 1000003 */
    {LOAD, 1}, {DUP, 0}, {MUL, 0}, {PUSH, 3}, {MUL, 0}, {LOAD, 2}, {ADD, 0}, {STORE, 4 + 0},
    /* 32 */ {JMP, 35},
    /* 33 */ {HALT, 0}, {HALT, 0},
    /* 35: vars[5] += vars[4] % 1000003; n++ ; goto outer */
    {LOAD, 5}, {LOAD, 4}, {PUSH, 1000003}, {MOD, 0}, {ADD, 0}, {STORE, 5}, {INC, 1}, {JMP, 2},
};

static uint64_t kernel(void) {
  uint64_t h = 0;
  for (int rep = 0; rep < 4; rep++) {
    int64_t vars[8] = {0};
    vars[3] = LIMIT + rep;
    int64_t primes = run(program, vars);
    h = mix(mix(h, (uint64_t)primes), (uint64_t)vars[5]);
  }
  return h;
}

BENCH_MAIN("interp", 0xdbc4c1a03de9ab0bULL, 0x08ac68651b0fa66dULL)
