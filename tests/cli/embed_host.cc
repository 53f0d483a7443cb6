// A C++17 host embedding a translated module: the generated header and the
// runtime's public header (and the WASI host's) compile as C++, and the
// typed API works from C++ as from C.
#include <cinttypes>
#include <cstdio>
#include <memory>

#include "mathlib.h"
#include "wasi.h"

namespace {

struct Instance {
  mathlib_instance inst{};
  bool ok = false;
  Instance() {
    ok = wf_protect([](void *p) {
      if (mathlib_instantiate(static_cast<mathlib_instance *>(p), nullptr))
        wf_trap(WF_TRAP_OUT_OF_MEMORY);
    }, &inst) == WF_TRAP_NONE;
  }
  ~Instance() {
    if (ok) mathlib_free(&inst);
  }
};

}  // namespace

int main() {
  auto a = std::make_unique<Instance>();
  if (!a->ok) return 1;
  std::printf("fac(20) = %" PRIu64 "\n", mathlib_fac(&a->inst, 20));
  std::printf("div(-7, 2) = %d\n", static_cast<int>(mathlib_div(&a->inst, static_cast<u32>(-7), 2)));
  static mathlib_instance *target = &a->inst;
  wf_trap_code t = wf_protect([](void *) { mathlib_div(target, 7, 0); }, nullptr);
  std::printf("trap: %s\n", wf_trap_reason(t));
  std::printf("module %s exports %u\n", mathlib_module.name, mathlib_module.nexports);
  return 0;
}
