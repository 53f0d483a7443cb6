#!/usr/bin/env python3
"""gen_switch.py - write a C program whose hot function is a switch of N
cases (default 5000), the shape of interpreters and generated lexers:
clang-19 --target=wasm32-wasi -O2 turns it into a br_table over N + 2
nested blocks.  The program prints a checksum over every case and a few
values outside them.

  gen_switch.py OUT.c [N]
"""
import sys

out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5000
lines = ["#include <stdio.h>", "#include <stdint.h>", "",
         "__attribute__((noinline)) static uint32_t step(uint32_t op, uint32_t acc) {",
         "  switch (op) {"]
for i in range(n):
    # a different small computation per case, so clang cannot fold the
    # switch into a table lookup
    k = (i * 2654435761) & 0xffff
    expr = [f"acc * {k | 1}u + {i}u", f"(acc ^ {k}u) + (acc >> {i % 13 + 1})",
            f"acc + {k}u * (acc & {i % 251 + 1}u)"][i % 3]
    lines.append(f"  case {i}: return {expr};")
lines += ["  default: return acc + op;", "  }", "}", "",
          "int main(void) {",
          "  uint32_t acc = 1;",
          f"  for (uint32_t r = 0; r < 3; r++)",
          f"    for (uint32_t op = 0; op < {n + 10}u; op++) acc = step(op, acc);",
          "  acc = step(4000000000u, acc);",
          '  printf("%u\\n", acc);',
          "  return 0;", "}"]
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
