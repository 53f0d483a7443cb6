// wabt_bridge.cc - the only C++ in weft: libwabt reads and validates a
// module, and this file fills the plain C wm_module of module.h as the
// module streams through.  libwabt's binary reader calls the Loader below
// for every section entry and instruction; the Loader hands each to
// libwabt's validator and keeps what the emitters need: the module's
// entities, and each function body as the range of bytes it occupies
// (decode.c decodes one when it is emitted).  No IR is built, so a 30 MB
// module costs little more than its own bytes.  Text modules are parsed,
// validated (for line numbers in errors) and written to binary first.

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "wabt/binary-reader-nop.h"
#include "wabt/binary-reader.h"
#include "wabt/binary-writer.h"
#include "wabt/error-formatter.h"
#include "wabt/feature.h"
#include "wabt/ir.h"
#include "wabt/resolve-names.h"
#include "wabt/shared-validator.h"
#include "wabt/stream.h"
#include "wabt/utf8.h"
#include "wabt/validator.h"
#include "wabt/wast-lexer.h"
#include "wabt/wast-parser.h"

extern "C" {
#include "arena.h"
#include "module.h"
}

using namespace wabt;

namespace {

Features WeftFeatures() {
  Features f;  // Wasm 2.0 defaults of libwabt 1.0.32, fixed-width SIMD on
  f.enable_threads();
  return f;
}

std::string FirstError(const std::string& path, const Errors& errors,
                       bool binary) {
  for (const Error& e : errors) {
    if (e.error_level != ErrorLevel::Error) continue;
    char pos[64];
    if (binary)
      snprintf(pos, sizeof pos, "0x%zx", e.loc.offset);
    else
      snprintf(pos, sizeof pos, "%d:%d", e.loc.line, e.loc.first_column);
    return path + ":" + pos + ": " + e.message;
  }
  return path + ": invalid module";
}

uint8_t TypeChar(Type t) {
  switch (t) {
    case Type::I32: return WM_I32;
    case Type::I64: return WM_I64;
    case Type::F32: return WM_F32;
    case Type::F64: return WM_F64;
    case Type::V128: return WM_V128;
    case Type::FuncRef: return WM_FUNCREF;
    case Type::ExternRef: return WM_EXTERNREF;
    default: return 0;
  }
}

// A growable array in the module's arena once the module is read.
template <typename T>
using Vec = std::vector<T>;

class Loader : public BinaryReaderNop {
 public:
  Loader(Errors* errors, wm_arena* arena, const Features& f)
      : errors_(errors), a_(arena), v_(errors, ValidateOptions(f)) {}

  // Moves everything read into *m (arena-owned arrays).
  void Finish(wm_module* m);

  bool OnError(const Error& e) override {
    errors_->push_back(e);
    return true;
  }

  // ---- types, imports, entities ----
  Result OnFuncType(Index index, Index np, Type* params, Index nr,
                    Type* results) override {
    std::string sig;
    for (Index i = 0; i < np; i++) sig += char(TypeChar(params[i]));
    sig += ':';
    for (Index i = 0; i < nr; i++) sig += char(TypeChar(results[i]));
    if (sig.find('\0') != std::string::npos) return Unsupported("value type");
    types_.push_back(Str(sig));
    return v_.OnFuncType(Loc(), np, params, nr, results, index);
  }
  Result OnStructType(Index, Index, TypeMut*) override { return Unsupported("struct types"); }
  Result OnArrayType(Index, TypeMut) override { return Unsupported("array types"); }

  Result OnImportFunc(Index, std::string_view mod, std::string_view name,
                      Index, Index sig) override {
    Import(WX_FUNC, funcs_.size(), mod, name);
    funcs_.push_back(Func{sig, true, Str(mod), Str(name)});
    nfunc_imports_++;
    return v_.OnFunction(Loc(), Var(sig, Loc()));
  }
  Result OnImportTable(Index, std::string_view mod, std::string_view name,
                       Index, Type elem, const Limits* l) override {
    Import(WX_TABLE, tables_.size(), mod, name);
    tables_.push_back(wm_table{TypeChar(elem), Lim(*l), true, Str(mod), Str(name)});
    ntable_imports_++;
    return v_.OnTable(Loc(), elem, *l);
  }
  Result OnImportMemory(Index, std::string_view mod, std::string_view name,
                        Index, const Limits* l) override {
    if (l->is_64) return Unsupported("memory64");
    Import(WX_MEMORY, memories_.size(), mod, name);
    memories_.push_back(wm_memory{Lim(*l), true, Str(mod), Str(name)});
    nmemory_imports_++;
    return v_.OnMemory(Loc(), *l);
  }
  Result OnImportGlobal(Index, std::string_view mod, std::string_view name,
                        Index, Type type, bool mut) override {
    Import(WX_GLOBAL, globals_.size(), mod, name);
    wm_global g{};
    g.type = TypeChar(type), g.mut = mut, g.imported = true;
    g.imp_module = Str(mod), g.imp_name = Str(name);
    globals_.push_back(g);
    nglobal_imports_++;
    return v_.OnGlobalImport(Loc(), type, mut);
  }
  Result OnImportTag(Index, std::string_view, std::string_view, Index,
                     Index) override {
    return Unsupported("exception tags");
  }
  Result OnFunction(Index, Index sig) override {
    funcs_.push_back(Func{sig, false, nullptr, nullptr});
    return v_.OnFunction(Loc(), Var(sig, Loc()));
  }
  Result OnTable(Index, Type elem, const Limits* l) override {
    tables_.push_back(wm_table{TypeChar(elem), Lim(*l), false, nullptr, nullptr});
    return v_.OnTable(Loc(), elem, *l);
  }
  Result OnMemory(Index, const Limits* l) override {
    if (l->is_64) return Unsupported("memory64");
    memories_.push_back(wm_memory{Lim(*l), false, nullptr, nullptr});
    return v_.OnMemory(Loc(), *l);
  }
  Result BeginGlobal(Index, Type type, bool mut) override {
    wm_global g{};
    g.type = TypeChar(type), g.mut = mut;
    globals_.push_back(g);
    return v_.OnGlobal(Loc(), type, mut);
  }
  Result BeginGlobalInitExpr(Index) override {
    return BeginInit(&globals_.back().init, globals_.back().type);
  }
  Result EndGlobalInitExpr(Index) override { return EndInit(); }
  Result OnExport(Index, ExternalKind kind, Index item,
                  std::string_view name) override {
    wm_export x{};
    x.name = Str(name), x.name_len = uint32_t(name.size()), x.index = item;
    x.kind = kind == ExternalKind::Func    ? WX_FUNC
             : kind == ExternalKind::Table ? WX_TABLE
             : kind == ExternalKind::Memory ? WX_MEMORY
                                            : WX_GLOBAL;
    if (kind == ExternalKind::Tag) return Unsupported("exception tags");
    exports_.push_back(x);
    return v_.OnExport(Loc(), kind, Var(item, Loc()), name);
  }
  Result OnStartFunction(Index f) override {
    has_start_ = true, start_ = f;
    return v_.OnStart(Loc(), Var(f, Loc()));
  }

  // ---- element and data segments ----
  Result BeginElemSegment(Index, Index table, uint8_t flags) override {
    wm_elem e{};
    e.table = table;
    e.mode = !(flags & 1) ? WS_ACTIVE : (flags & 2) ? WS_DECLARED : WS_PASSIVE;
    elems_.push_back(e);
    items_.emplace_back();
    return v_.OnElemSegment(Loc(), Var(table, Loc()),
                            e.mode == WS_ACTIVE    ? SegmentKind::Active
                            : e.mode == WS_PASSIVE ? SegmentKind::Passive
                                                   : SegmentKind::Declared);
  }
  Result BeginElemSegmentInitExpr(Index) override {
    return BeginInit(&elems_.back().offset, WM_I32);
  }
  Result EndElemSegmentInitExpr(Index) override { return EndInit(); }
  Result OnElemSegmentElemType(Index, Type t) override {
    elems_.back().type = TypeChar(t);
    return v_.OnElemSegmentElemType(Loc(), t);
  }
  Result OnElemSegmentElemExpr_RefNull(Index, Type t) override {
    if (!IsRefType(t)) return BadRefType();
    wm_const c{};
    c.kind = wm_const::WC_REF_NULL, c.type = TypeChar(t);
    items_.back().push_back(c);
    return v_.OnElemSegmentElemExpr_RefNull(Loc(), t);
  }
  Result OnElemSegmentElemExpr_RefFunc(Index, Index f) override {
    wm_const c{};
    c.kind = wm_const::WC_REF_FUNC, c.type = WM_FUNCREF, c.index = f;
    items_.back().push_back(c);
    Refer(f);
    return v_.OnElemSegmentElemExpr_RefFunc(Loc(), Var(f, Loc()));
  }
  Result BeginDataSegment(Index, Index mem, uint8_t flags) override {
    wm_data d{};
    d.memory = mem;
    d.mode = (flags & 1) ? WS_PASSIVE : WS_ACTIVE;
    data_.push_back(d);
    return v_.OnDataSegment(Loc(), Var(mem, Loc()),
                            d.mode == WS_ACTIVE ? SegmentKind::Active
                                                : SegmentKind::Passive);
  }
  Result BeginDataSegmentInitExpr(Index) override {
    return BeginInit(&data_.back().offset, WM_I32);
  }
  Result EndDataSegmentInitExpr(Index) override { return EndInit(); }
  Result OnDataSegmentData(Index, const void* bytes, Address size) override {
    data_.back().bytes = static_cast<const uint8_t*>(bytes);
    data_.back().size = uint32_t(size);
    return Result::Ok;
  }
  Result OnDataCount(Index count) override {
    data_count_ = count;
    has_data_count_ = true;
    v_.OnDataCount(count);
    return Result::Ok;
  }

  // ---- names ----
  Result OnFunctionName(Index f, std::string_view name) override {
    if (f < funcs_.size() && !name.empty()) funcs_[f].name = Str(name);
    return Result::Ok;
  }
  Result OnLocalName(Index f, Index local, std::string_view name) override {
    if (f >= funcs_.size() || funcs_[f].imported || name.empty())
      return Result::Ok;
    Func& fn = funcs_[f];
    size_t n = types_.size() > fn.sig ? Params(fn.sig) + fn.nlocals : 0;
    if (local >= n) return Result::Ok;
    if (fn.local_names.size() < n) fn.local_names.resize(n);
    fn.local_names[local] = Str(name);
    return Result::Ok;
  }

  // ---- function bodies: validated here, kept as bytes ----
  Result BeginFunctionBody(Index f, Offset size) override {
    func_ = f;
    Func& fn = funcs_[f];
    fn.body = state->data + state->offset;
    fn.body_len = uint32_t(size);
    fn.body_offset = uint32_t(state->offset);
    body_end_ = state->offset + size;
    depth_ = 0;
    return v_.BeginFunctionBody(Loc(), f);
  }
  Result OnLocalDecl(Index, Index count, Type t) override {
    funcs_[func_].nlocals += count;
    return v_.OnLocalDecl(Loc(), count, t);
  }
  Result EndFunctionBody(Index) override { return v_.EndFunctionBody(Loc()); }
  // libwabt 1.0.32 lets a data count stand with no data section at all
  // (found by fuzz.sh's compile sample: data.drop 0 of no segment)
  Result EndModule() override {
    if (has_data_count_ && data_count_ != data_.size()) {
      errors_->emplace_back(ErrorLevel::Error, Loc(),
                            "data count and data section have inconsistent lengths");
      return Result::Error;
    }
    return v_.EndModule();
  }

  Result OnUnaryExpr(Opcode op) override { return v_.OnUnary(Loc(), op); }
  Result OnBinaryExpr(Opcode op) override { return v_.OnBinary(Loc(), op); }
  Result OnCompareExpr(Opcode op) override { return v_.OnCompare(Loc(), op); }
  Result OnConvertExpr(Opcode op) override { return v_.OnConvert(Loc(), op); }
  Result OnTernaryExpr(Opcode op) override { return v_.OnTernary(Loc(), op); }
  Result OnBlockExpr(Type t) override { return depth_++, v_.OnBlock(Loc(), t); }
  Result OnLoopExpr(Type t) override { return depth_++, v_.OnLoop(Loc(), t); }
  Result OnIfExpr(Type t) override { return depth_++, v_.OnIf(Loc(), t); }
  Result OnElseExpr() override { return v_.OnElse(Loc()); }
  Result OnEndExpr() override {
    // EndInit checks a constant expression; the body's own end is left to
    // EndFunctionBody, which ends the function's label itself.
    if (init_ || state->offset == body_end_) return Result::Ok;
    if (depth_ == 0) {  // the function's end, with code after it: the
                        // validator would pop its last label (found by fuzzing)
      errors_->emplace_back(ErrorLevel::Error, Loc(), "END opcode expected");
      return Result::Error;
    }
    depth_--;
    return v_.OnEnd(Loc());
  }
  Result OnBrExpr(Index d) override { return v_.OnBr(Loc(), Var(d, Loc())); }
  Result OnBrIfExpr(Index d) override { return v_.OnBrIf(Loc(), Var(d, Loc())); }
  Result OnBrTableExpr(Index n, Index* targets, Index def) override {
    Location loc = Loc();
    CHECK_RESULT(v_.BeginBrTable(loc));
    for (Index i = 0; i < n; i++)
      CHECK_RESULT(v_.OnBrTableTarget(loc, Var(targets[i], loc)));
    CHECK_RESULT(v_.OnBrTableTarget(loc, Var(def, loc)));
    return v_.EndBrTable(loc);
  }
  Result OnCallExpr(Index f) override { return v_.OnCall(Loc(), Var(f, Loc())); }
  Result OnCallIndirectExpr(Index sig, Index table) override {
    return v_.OnCallIndirect(Loc(), Var(sig, Loc()), Var(table, Loc()));
  }
  Result OnReturnExpr() override { return v_.OnReturn(Loc()); }
  Result OnReturnCallExpr(Index) override { return Unsupported("tail calls"); }
  Result OnReturnCallIndirectExpr(Index, Index) override {
    return Unsupported("tail calls");
  }
  Result OnCallRefExpr() override { return Unsupported("call_ref"); }
  Result OnTryExpr(Type) override { return Unsupported("exceptions"); }
  Result OnCatchExpr(Index) override { return Unsupported("exceptions"); }
  Result OnCatchAllExpr() override { return Unsupported("exceptions"); }
  Result OnThrowExpr(Index) override { return Unsupported("exceptions"); }
  Result OnRethrowExpr(Index) override { return Unsupported("exceptions"); }
  Result OnDelegateExpr(Index) override { return Unsupported("exceptions"); }
  Result OnDropExpr() override { return v_.OnDrop(Loc()); }
  Result OnNopExpr() override { return v_.OnNop(Loc()); }
  Result OnUnreachableExpr() override { return v_.OnUnreachable(Loc()); }
  Result OnSelectExpr(Index n, Type* types) override {
    return v_.OnSelect(Loc(), n, types);
  }
  Result OnLocalGetExpr(Index i) override { return v_.OnLocalGet(Loc(), Var(i, Loc())); }
  Result OnLocalSetExpr(Index i) override { return v_.OnLocalSet(Loc(), Var(i, Loc())); }
  Result OnLocalTeeExpr(Index i) override { return v_.OnLocalTee(Loc(), Var(i, Loc())); }
  Result OnGlobalGetExpr(Index g) override {
    if (init_) {
      init_->kind = wm_const::WC_GLOBAL_GET, init_->index = g;
      init_instrs_++;
    }
    return v_.OnGlobalGet(Loc(), Var(g, Loc()));
  }
  Result OnGlobalSetExpr(Index g) override { return v_.OnGlobalSet(Loc(), Var(g, Loc())); }
  Result OnI32ConstExpr(uint32_t v) override { return Const(Type::I32, v, 0); }
  Result OnI64ConstExpr(uint64_t v) override { return Const(Type::I64, v, 0); }
  Result OnF32ConstExpr(uint32_t v) override { return Const(Type::F32, v, 0); }
  Result OnF64ConstExpr(uint64_t v) override { return Const(Type::F64, v, 0); }
  Result OnV128ConstExpr(v128 v) override {
    return Const(Type::V128, v.u64(0), v.u64(1));
  }
  Result OnRefNullExpr(Type t) override {
    if (!IsRefType(t)) return BadRefType();
    if (init_) {
      init_->kind = wm_const::WC_REF_NULL;
      init_instrs_++;
    }
    return v_.OnRefNull(Loc(), t);
  }
  Result OnRefFuncExpr(Index f) override {
    if (init_) {
      init_->kind = wm_const::WC_REF_FUNC, init_->index = f;
      init_instrs_++;
    }
    Refer(f);
    return v_.OnRefFunc(Loc(), Var(f, Loc()));
  }
  Result OnRefIsNullExpr() override { return v_.OnRefIsNull(Loc()); }

  Result OnLoadExpr(Opcode op, Index mem, Address a, Address) override {
    return v_.OnLoad(Loc(), op, Var(mem, Loc()), Align(a));
  }
  Result OnStoreExpr(Opcode op, Index mem, Address a, Address) override {
    return v_.OnStore(Loc(), op, Var(mem, Loc()), Align(a));
  }
  Result OnLoadSplatExpr(Opcode op, Index mem, Address a, Address) override {
    return v_.OnLoadSplat(Loc(), op, Var(mem, Loc()), Align(a));
  }
  Result OnLoadZeroExpr(Opcode op, Index mem, Address a, Address) override {
    return v_.OnLoadZero(Loc(), op, Var(mem, Loc()), Align(a));
  }
  Result OnSimdLoadLaneExpr(Opcode op, Index mem, Address a, Address,
                            uint64_t lane) override {
    return v_.OnSimdLoadLane(Loc(), op, Var(mem, Loc()), Align(a), lane);
  }
  Result OnSimdStoreLaneExpr(Opcode op, Index mem, Address a, Address,
                             uint64_t lane) override {
    return v_.OnSimdStoreLane(Loc(), op, Var(mem, Loc()), Align(a), lane);
  }
  Result OnSimdLaneOpExpr(Opcode op, uint64_t lane) override {
    return v_.OnSimdLaneOp(Loc(), op, lane);
  }
  Result OnSimdShuffleOpExpr(Opcode op, v128 lanes) override {
    return v_.OnSimdShuffleOp(Loc(), op, lanes);
  }
  Result OnAtomicLoadExpr(Opcode op, Index mem, Address a, Address) override {
    return v_.OnAtomicLoad(Loc(), op, Var(mem, Loc()), Align(a));
  }
  Result OnAtomicStoreExpr(Opcode op, Index mem, Address a, Address) override {
    return v_.OnAtomicStore(Loc(), op, Var(mem, Loc()), Align(a));
  }
  Result OnAtomicRmwExpr(Opcode op, Index mem, Address a, Address) override {
    return v_.OnAtomicRmw(Loc(), op, Var(mem, Loc()), Align(a));
  }
  Result OnAtomicRmwCmpxchgExpr(Opcode op, Index mem, Address a,
                                Address) override {
    return v_.OnAtomicRmwCmpxchg(Loc(), op, Var(mem, Loc()), Align(a));
  }
  Result OnAtomicWaitExpr(Opcode op, Index mem, Address a, Address) override {
    return v_.OnAtomicWait(Loc(), op, Var(mem, Loc()), Align(a));
  }
  Result OnAtomicNotifyExpr(Opcode op, Index mem, Address a, Address) override {
    return v_.OnAtomicNotify(Loc(), op, Var(mem, Loc()), Align(a));
  }
  Result OnAtomicFenceExpr(uint32_t model) override {
    return v_.OnAtomicFence(Loc(), model);
  }
  Result OnMemorySizeExpr(Index m) override { return v_.OnMemorySize(Loc(), Var(m, Loc())); }
  Result OnMemoryGrowExpr(Index m) override { return v_.OnMemoryGrow(Loc(), Var(m, Loc())); }
  Result OnMemoryFillExpr(Index m) override { return v_.OnMemoryFill(Loc(), Var(m, Loc())); }
  Result OnMemoryCopyExpr(Index src, Index dst) override {
    return v_.OnMemoryCopy(Loc(), Var(src, Loc()), Var(dst, Loc()));
  }
  Result OnMemoryInitExpr(Index seg, Index m) override {
    return v_.OnMemoryInit(Loc(), Var(seg, Loc()), Var(m, Loc()));
  }
  Result OnDataDropExpr(Index seg) override { return v_.OnDataDrop(Loc(), Var(seg, Loc())); }
  Result OnTableGetExpr(Index t) override { return v_.OnTableGet(Loc(), Var(t, Loc())); }
  Result OnTableSetExpr(Index t) override { return v_.OnTableSet(Loc(), Var(t, Loc())); }
  Result OnTableGrowExpr(Index t) override { return v_.OnTableGrow(Loc(), Var(t, Loc())); }
  Result OnTableSizeExpr(Index t) override { return v_.OnTableSize(Loc(), Var(t, Loc())); }
  Result OnTableFillExpr(Index t) override { return v_.OnTableFill(Loc(), Var(t, Loc())); }
  Result OnTableCopyExpr(Index dst, Index src) override {
    return v_.OnTableCopy(Loc(), Var(dst, Loc()), Var(src, Loc()));
  }
  Result OnTableInitExpr(Index seg, Index t) override {
    return v_.OnTableInit(Loc(), Var(seg, Loc()), Var(t, Loc()));
  }
  Result OnElemDropExpr(Index seg) override { return v_.OnElemDrop(Loc(), Var(seg, Loc())); }

 private:
  struct Func {
    Index sig;
    bool imported;
    const char *imp_module, *imp_name;
    const char* name = nullptr;
    bool referenced = false;
    uint32_t nlocals = 0;
    const uint8_t* body = nullptr;
    uint32_t body_len = 0, body_offset = 0;
    Vec<const char*> local_names;
  };

  Location Loc() const {
    Location loc;
    loc.offset = state ? state->offset : 0;
    return loc;
  }
  const char* Str(std::string_view s) { return arena_strndup(a_, s.data(), s.size()); }
  // libwabt 1.0.32 reads ref.null's type byte unchecked (found by fuzzing:
  // 0x6b got through to the emitter)
  static bool IsRefType(Type t) { return t == Type::FuncRef || t == Type::ExternRef; }
  Result BadRefType() {
    errors_->emplace_back(ErrorLevel::Error, Loc(), "malformed reference type");
    return Result::Error;
  }
  Result Unsupported(const char* what) {
    errors_->emplace_back(ErrorLevel::Error, Loc(),
                          std::string(what) + " are not supported");
    return Result::Error;
  }
  static wm_limits Lim(const Limits& l) {
    return wm_limits{l.initial, l.max, l.has_max, l.is_shared};
  }
  static Address Align(Address log2) { return log2 < 64 ? Address(1) << log2 : ~Address(0); }
  Index Params(Index sig) const {
    return Index(strchr(types_[sig], ':') - types_[sig]);
  }
  void Import(wm_extern_kind k, size_t index, std::string_view, std::string_view) {
    imports_.push_back(wm_import{k, uint32_t(index)});
  }
  void Refer(Index f) { referenced_.push_back(f); }

  // Constant expressions: one instruction, then end (libwabt 1.0.32
  // accepts an empty one; Wasm does not).
  Result BeginInit(wm_const* c, uint8_t type) {
    *c = wm_const{};
    c->type = type;
    init_ = c;
    init_instrs_ = 0;
    return v_.BeginInitExpr(Loc(), Type(TypeFromChar(type)));
  }
  Result EndInit() {
    init_ = nullptr;
    if (init_instrs_ != 1) {
      errors_->emplace_back(ErrorLevel::Error, Loc(),
                            "invalid constant expression (type mismatch)");
      return Result::Error;
    }
    return v_.EndInitExpr();
  }
  Result Const(Type t, uint64_t lo, uint64_t hi) {
    if (init_) {
      init_->kind = wm_const::WC_CONST, init_->bits = lo, init_->hi = hi;
      init_instrs_++;
    }
    return v_.OnConst(Loc(), t);
  }
  static Type::Enum TypeFromChar(uint8_t c) {
    switch (c) {
      case WM_I64: return Type::I64;
      case WM_F32: return Type::F32;
      case WM_F64: return Type::F64;
      case WM_V128: return Type::V128;
      case WM_FUNCREF: return Type::FuncRef;
      case WM_EXTERNREF: return Type::ExternRef;
      default: return Type::I32;
    }
  }
  template <typename T>
  T* Copy(const Vec<T>& v) {
    T* p = static_cast<T*>(arena_alloc(a_, sizeof(T) * (v.size() ? v.size() : 1)));
    if (!v.empty()) memcpy(static_cast<void*>(p), v.data(), sizeof(T) * v.size());
    return p;
  }

  Errors* errors_;
  wm_arena* a_;
  SharedValidator v_;
  Vec<const char*> types_;  // signature strings "params:results"
  Vec<Func> funcs_;
  Vec<wm_table> tables_;
  Vec<wm_memory> memories_;
  Vec<wm_global> globals_;
  Vec<wm_export> exports_;
  Vec<wm_import> imports_;
  Vec<wm_elem> elems_;
  Vec<Vec<wm_const>> items_;
  Vec<wm_data> data_;
  Index data_count_ = 0;
  bool has_data_count_ = false;
  Vec<Index> referenced_;
  uint32_t nfunc_imports_ = 0, ntable_imports_ = 0, nmemory_imports_ = 0,
           nglobal_imports_ = 0;
  bool has_start_ = false;
  Index start_ = 0, func_ = 0;
  Offset body_end_ = 0;
  size_t depth_ = 0;  // blocks open in the body being read
  wm_const* init_ = nullptr;
  int init_instrs_ = 0;
};

// The function type of a signature string, interned in the arena.
wm_functype* MakeType(wm_arena* a, const char* sig) {
  wm_functype* t = static_cast<wm_functype*>(arena_alloc(a, sizeof *t));
  size_t n = strlen(sig), np = strchr(sig, ':') - sig;
  t->sig = arena_strndup(a, sig, n);
  t->nparams = uint32_t(np), t->nresults = uint32_t(n - np - 1);
  t->params = reinterpret_cast<const uint8_t*>(t->sig);
  t->results = t->params + np + 1;
  return t;
}

void Loader::Finish(wm_module* m) {
  m->ntypes = uint32_t(types_.size());
  wm_functype* types = static_cast<wm_functype*>(
      arena_alloc(a_, sizeof(wm_functype) * (types_.size() + 1)));
  for (size_t i = 0; i < types_.size(); i++) types[i] = *MakeType(a_, types_[i]);
  m->types = types;
  m->blocktypes[0] = MakeType(a_, ":");
  for (const char* c = "ijfdvrx"; *c; c++) {
    char sig[3] = {':', *c, 0};
    m->blocktypes[uint8_t(*c)] = MakeType(a_, sig);
  }
  for (Index f : referenced_)
    if (f < funcs_.size()) funcs_[f].referenced = true;
  for (const wm_export& x : exports_)
    if (x.kind == WX_FUNC && x.index < funcs_.size()) funcs_[x.index].referenced = true;
  for (const wm_global& g : globals_)
    if (g.init.kind == wm_const::WC_REF_FUNC && g.init.index < funcs_.size())
      funcs_[g.init.index].referenced = true;

  m->nfuncs = uint32_t(funcs_.size());
  m->nfunc_imports = nfunc_imports_;
  wm_func* funcs = static_cast<wm_func*>(
      arena_alloc(a_, sizeof(wm_func) * (funcs_.size() + 1)));
  for (size_t i = 0; i < funcs_.size(); i++) {
    const Func& s = funcs_[i];
    wm_func& d = funcs[i];
    d.type_index = s.sig;
    d.type = s.sig < m->ntypes ? &types[s.sig] : m->blocktypes[0];
    d.name = s.name;
    d.imported = s.imported, d.imp_module = s.imp_module, d.imp_name = s.imp_name;
    d.referenced = s.referenced;
    d.nlocals = s.nlocals;
    d.body = s.body, d.body_len = s.body_len, d.body_offset = s.body_offset;
    if (!s.local_names.empty()) {
      size_t n = d.type->nparams + s.nlocals;
      const char** names = static_cast<const char**>(
          arena_alloc(a_, sizeof(char*) * (n + 1)));
      for (size_t k = 0; k < n && k < s.local_names.size(); k++)
        names[k] = s.local_names[k];
      d.local_names = names;
    }
  }
  m->funcs = funcs;
  m->ntables = uint32_t(tables_.size()), m->ntable_imports = ntable_imports_;
  m->tables = Copy(tables_);
  m->nmemories = uint32_t(memories_.size()), m->nmemory_imports = nmemory_imports_;
  m->memories = Copy(memories_);
  m->nglobals = uint32_t(globals_.size()), m->nglobal_imports = nglobal_imports_;
  m->globals = Copy(globals_);
  m->nexports = uint32_t(exports_.size());
  m->exports = Copy(exports_);
  m->nimports = uint32_t(imports_.size());
  m->imports = Copy(imports_);
  m->ndata = uint32_t(data_.size());
  m->data = Copy(data_);
  wm_elem* elems = Copy(elems_);
  for (size_t i = 0; i < elems_.size(); i++) {
    elems[i].count = uint32_t(items_[i].size());
    elems[i].items = Copy(items_[i]);
    if (!elems[i].type) elems[i].type = WM_FUNCREF;
  }
  m->nelems = uint32_t(elems_.size());
  m->elems = elems;
  m->has_start = has_start_, m->start = start_;
}

// libwabt skips a custom section it cannot read, but the section's framing
// is part of the binary format: its name must fit in it and be UTF-8.
// Called once the reader accepted everything else.  Returns the offset of
// the first malformed custom section, or 0.
size_t BadCustomSection(const uint8_t* data, size_t n, const char** why) {
  const uint8_t* end = data + n;
  size_t p = 8;
  while (p < n) {
    size_t at = p;
    uint8_t id = data[p++];
    uint32_t size = 0, len = 0;
    size_t k = ReadU32Leb128(data + p, end, &size);
    if (!k || size > n - p - k) {
      *why = "unexpected end of section";
      return at;
    }
    p += k;
    if (id == 0) {
      k = ReadU32Leb128(data + p, data + p + size, &len);
      if (!k || len > size - k) {
        *why = "unexpected end of custom section name";
        return at;
      }
      if (!IsValidUtf8(reinterpret_cast<const char*>(data + p + k), len)) {
        *why = "malformed UTF-8 encoding in custom section name";
        return at;
      }
    }
    p += size;
  }
  return 0;
}

// Outside comments WAT allows no control characters but tab, CR and LF, so
// a file that failed to parse and holds any is binary junk, not bad text.
bool LooksLikeText(const std::vector<uint8_t>& b) {
  for (uint8_t c : b)
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
      return false;
  return true;
}

// Text → validated binary, so both inputs take the same road afterwards.
bool WatToBinary(const std::string& path, const std::vector<uint8_t>& text,
                 std::vector<uint8_t>* out, std::string* err) {
  Features features = WeftFeatures();
  Errors errors;
  auto lexer = WastLexer::CreateBufferLexer(path, text.data(), text.size(), &errors);
  std::unique_ptr<Module> module;
  WastParseOptions popts(features);
  if (Failed(ParseWatModule(lexer.get(), &module, &errors, &popts)) ||
      Failed(ResolveNamesModule(module.get(), &errors)) ||
      Failed(ValidateModule(module.get(), &errors, ValidateOptions(features)))) {
    *err = FirstError(path, errors, false);
    return false;
  }
  MemoryStream stream;
  WriteBinaryOptions wopts(features, true, false, true);
  if (Failed(WriteBinaryModule(&stream, module.get(), wopts))) {
    *err = path + ": cannot encode module";
    return false;
  }
  *out = std::move(stream.output_buffer().data);
  return true;
}

}  // namespace

extern "C" uint8_t* wm_read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) return nullptr;
  std::vector<uint8_t> buf;
  uint8_t chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf.insert(buf.end(), chunk, chunk + n);
  bool bad = ferror(f);
  fclose(f);
  if (bad) return nullptr;
  uint8_t* p = static_cast<uint8_t*>(malloc(buf.size() + 1));
  if (!p) return nullptr;
  if (!buf.empty()) memcpy(p, buf.data(), buf.size());
  *len = buf.size();
  return p;
}

extern "C" int wm_load(const char* path, wm_module* out, char* err, size_t err_len) {
  memset(out, 0, sizeof *out);
  size_t len = 0;
  uint8_t* bytes = wm_read_file(path, &len);
  if (!bytes) {
    snprintf(err, err_len, "%s: cannot read: %s", path, strerror(errno));
    return -1;
  }
  return wm_load_bytes(path, bytes, len, out, err, err_len);
}

extern "C" int wm_load_bytes(const char* path, uint8_t* bytes, size_t len,
                             wm_module* out, char* err, size_t err_len) {
  std::string msg;
  memset(out, 0, sizeof *out);
  if (len == 0) {
    free(bytes);
    snprintf(err, err_len, "%s: empty file", path);
    return -1;
  }
  if (len < 4 || memcmp(bytes, "\0asm", 4)) {  // text, or junk
    std::vector<uint8_t> text(bytes, bytes + len), bin;
    free(bytes);
    if (!WatToBinary(path, text, &bin, &msg)) {
      if (LooksLikeText(text))
        snprintf(err, err_len, "%s", msg.c_str());
      else
        snprintf(err, err_len, "%s: not a WebAssembly module (no \\0asm "
                 "header, and not text)", path);
      return -1;
    }
    len = bin.size();
    bytes = static_cast<uint8_t*>(malloc(len ? len : 1));
    if (!bytes) abort();
    memcpy(bytes, bin.data(), len);
  }
  Features features = WeftFeatures();
  Errors errors;
  const char* why = nullptr;
  wm_arena* arena = arena_new();
  Loader loader(&errors, arena, features);
  ReadBinaryOptions ropts(features, nullptr, true, true, false);
  bool ok = Succeeded(ReadBinary(bytes, len, &loader, ropts)) && errors.empty();
  if (!ok) {
    snprintf(err, err_len, "%s", FirstError(path, errors, true).c_str());
  } else if (size_t at = BadCustomSection(bytes, len, &why)) {
    snprintf(err, err_len, "%s:0x%zx: %s", path, at, why);
    ok = false;
  }
  if (!ok) {
    arena_free(arena);
    free(bytes);
    return -1;
  }
  // The bytes stay with the module: bodies and data segments point in.
  out->bytes = bytes;
  out->nbytes = len;
  loader.Finish(out);
  out->arena = arena;
  return 0;
}

extern "C" void wm_free(wm_module* m) {
  arena_free(m->arena);
  free(m->bytes);
  memset(m, 0, sizeof *m);
}
