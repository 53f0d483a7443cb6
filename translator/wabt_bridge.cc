// wabt_bridge.cc - the only C++ in weft: libwabt reads and validates a
// module, and this file copies the result into the plain C wm_module of
// module.h.  Text modules are parsed, validated (for line numbers in
// errors), written to binary and read back, so the copy below has a single
// source shape: the IR the binary reader builds.

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>

#include "wabt/binary-reader-ir.h"
#include "wabt/binary-reader.h"
#include "wabt/binary-writer.h"
#include "wabt/cast.h"
#include "wabt/error-formatter.h"
#include "wabt/feature.h"
#include "wabt/ir.h"
#include "wabt/resolve-names.h"
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

struct LoadError {
  std::string msg;
};

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

class Copier {
 public:
  Copier(const Module& m, wm_arena* a, const std::string& path)
      : m_(m), a_(a), path_(path) {}
  void Run(wm_module* out);

 private:
  template <typename T>
  T* Alloc(size_t n) {
    return static_cast<T*>(arena_alloc(a_, sizeof(T) * (n ? n : 1)));
  }
  const char* Str(const std::string& s) {
    return arena_strndup(a_, s.data(), s.size());
  }
  const char* Name(const std::string& s) {  // wabt keeps WAT's leading '$'
    if (s.empty()) return nullptr;
    return s[0] == '$' ? arena_strndup(a_, s.data() + 1, s.size() - 1)
                       : Str(s);
  }
  [[noreturn]] void Fail(const char* fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    throw LoadError{path_ + ": " + buf};
  }
  static uint8_t TypeChar(Type t);
  uint8_t ValType(Type t);
  const wm_functype* Sig(const FuncSignature& s);
  const wm_functype* Decl(const FuncDeclaration& d);
  wm_const ConstExpr(const ExprList& e, uint8_t want);
  wm_limits Limits(const wabt::Limits& l);
  void Func(const wabt::Func& f, wm_func* out);
  void Body(const ExprList& exprs, std::vector<wm_instr>& code);
  void Instr(const Expr& e, std::vector<wm_instr>& code);

  const Module& m_;
  wm_arena* a_;
  std::string path_;
  std::vector<const wm_functype*> sigs_;  // interned by signature string
};

uint8_t Copier::TypeChar(Type t) {
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

uint8_t Copier::ValType(Type t) {
  uint8_t c = TypeChar(t);
  if (!c) Fail("unsupported value type %s", t.GetName().c_str());
  return c;
}

const wm_functype* Copier::Sig(const FuncSignature& s) {
  std::string str;
  for (Type t : s.param_types) str += char(ValType(t));
  str += ':';
  for (Type t : s.result_types) str += char(ValType(t));
  for (const wm_functype* ft : sigs_)
    if (str == ft->sig) return ft;
  wm_functype* ft = Alloc<wm_functype>(1);
  ft->nparams = s.param_types.size();
  ft->nresults = s.result_types.size();
  ft->sig = Str(str);
  ft->params = reinterpret_cast<const uint8_t*>(ft->sig);
  ft->results = reinterpret_cast<const uint8_t*>(ft->sig) + ft->nparams + 1;
  sigs_.push_back(ft);
  return ft;
}

const wm_functype* Copier::Decl(const FuncDeclaration& d) {
  if (d.has_func_type && d.type_var.is_index()) {
    const FuncType* ft = m_.GetFuncType(d.type_var);
    if (ft) return Sig(ft->sig);
  }
  return Sig(d.sig);
}

wabt::Index VarIndex(const Var& v) { return v.is_index() ? v.index() : 0; }

// libwabt 1.0.32 accepts an empty offset expression; Wasm does not, so every
// constant expression is checked here.
wm_const Copier::ConstExpr(const ExprList& e, uint8_t want) {
  wm_const c{};
  if (e.size() != 1) Fail("invalid constant expression (type mismatch)");
  const Expr& x = e.front();
  c.type = want;
  switch (x.type()) {
    case ExprType::Const: {
      const Const& k = cast<wabt::ConstExpr>(&x)->const_;
      c.kind = wm_const::WC_CONST;
      if (ValType(k.type()) != want) Fail("type mismatch in constant expression");
      if (k.type() == Type::V128) {
        c.bits = k.vec128().u64(0);
        c.hi = k.vec128().u64(1);
      } else {
        c.bits = (k.type() == Type::I32 || k.type() == Type::F32) ? k.u32() : k.u64();
      }
      return c;
    }
    case ExprType::GlobalGet:
      c.kind = wm_const::WC_GLOBAL_GET;
      c.index = VarIndex(cast<GlobalGetExpr>(&x)->var);
      return c;
    case ExprType::RefNull:
      c.kind = wm_const::WC_REF_NULL;
      return c;
    case ExprType::RefFunc:
      c.kind = wm_const::WC_REF_FUNC;
      c.index = VarIndex(cast<RefFuncExpr>(&x)->var);
      return c;
    default:
      Fail("constant expression required");
  }
}

wm_limits Copier::Limits(const wabt::Limits& l) {
  wm_limits r{};
  r.min = l.initial;
  r.max = l.max;
  r.has_max = l.has_max;
  r.shared = l.is_shared;
  return r;
}

static uint32_t OpNum(Opcode op) {
  if (op.GetPrefix() == 0xfd) return OP_SIMD | op.GetCode();
  return op.GetPrefix() ? (uint32_t(op.GetPrefix()) << 8) | op.GetCode()
                        : op.GetCode();
}

void Copier::Instr(const Expr& e, std::vector<wm_instr>& code) {
  wm_instr in{};
  in.offset = e.loc.offset;
  auto mem = [&](Opcode op, Address align, Address offset) {
    in.op = OpNum(op);
    uint32_t log2 = 0;
    while ((Address(1) << log2) < align) log2++;
    in.a = log2;
    in.imm = offset;
  };
  switch (e.type()) {
    case ExprType::Binary:
    case ExprType::Compare:
    case ExprType::Convert:
    case ExprType::Unary:
    case ExprType::Ternary:
      in.op = OpNum(static_cast<const OpcodeExpr<ExprType::Binary>*>(&e)->opcode);
      break;
    case ExprType::SimdLaneOp: {
      auto* x = cast<SimdLaneOpExpr>(&e);
      in.op = OpNum(x->opcode);
      in.a = uint32_t(x->val);  // the lane
      break;
    }
    case ExprType::SimdLoadLane: {
      auto* x = cast<SimdLoadLaneExpr>(&e);
      mem(x->opcode, x->align, x->offset);
      in.b = uint32_t(x->val);  // the lane
      break;
    }
    case ExprType::SimdStoreLane: {
      auto* x = cast<SimdStoreLaneExpr>(&e);
      mem(x->opcode, x->align, x->offset);
      in.b = uint32_t(x->val);
      break;
    }
    case ExprType::SimdShuffleOp: {
      auto* x = cast<SimdShuffleOpExpr>(&e);
      in.op = OpNum(x->opcode);
      uint8_t* lanes = Alloc<uint8_t>(16);
      memcpy(lanes, x->val.v, 16);
      in.bytes = lanes;
      break;
    }
    case ExprType::LoadSplat:
    case ExprType::LoadZero: {
      auto* x = static_cast<const LoadStoreExpr<ExprType::LoadSplat>*>(&e);
      mem(x->opcode, x->align, x->offset);
      break;
    }
    case ExprType::Const: {
      const Const& k = cast<wabt::ConstExpr>(&e)->const_;
      switch (k.type()) {
        case Type::I32: in.op = OP_I32_CONST; in.imm = k.u32(); break;
        case Type::I64: in.op = OP_I64_CONST; in.imm = k.u64(); break;
        case Type::F32: in.op = OP_F32_CONST; in.imm = k.f32_bits(); break;
        case Type::F64: in.op = OP_F64_CONST; in.imm = k.f64_bits(); break;
        case Type::V128: {
          in.op = OP_V128_CONST;
          uint8_t* v = Alloc<uint8_t>(16);
          for (int i = 0; i < 16; i++) v[i] = k.vec128().u8(i);
          in.bytes = v;
          break;
        }
        default: Fail("unsupported constant type %s", k.type().GetName().c_str());
      }
      break;
    }
    case ExprType::Load:
    case ExprType::Store:
    case ExprType::AtomicLoad:
    case ExprType::AtomicStore:
    case ExprType::AtomicRmw:
    case ExprType::AtomicRmwCmpxchg:
    case ExprType::AtomicWait:
    case ExprType::AtomicNotify: {
      auto* x = static_cast<const LoadStoreExpr<ExprType::Load>*>(&e);
      mem(x->opcode, x->align, x->offset);
      break;
    }
    case ExprType::AtomicFence: in.op = OP_ATOMIC_FENCE; break;
    case ExprType::Br: in.op = OP_BR; in.a = VarIndex(cast<BrExpr>(&e)->var); break;
    case ExprType::BrIf: in.op = OP_BR_IF; in.a = VarIndex(cast<BrIfExpr>(&e)->var); break;
    case ExprType::BrTable: {
      auto* x = cast<BrTableExpr>(&e);
      in.op = OP_BR_TABLE;
      in.ntargets = x->targets.size();
      uint32_t* t = Alloc<uint32_t>(in.ntargets + 1);
      for (size_t i = 0; i < x->targets.size(); i++) t[i] = VarIndex(x->targets[i]);
      t[in.ntargets] = VarIndex(x->default_target);
      in.targets = t;
      break;
    }
    case ExprType::Call: in.op = OP_CALL; in.a = VarIndex(cast<CallExpr>(&e)->var); break;
    case ExprType::CallIndirect: {
      auto* x = cast<CallIndirectExpr>(&e);
      in.op = OP_CALL_INDIRECT;
      in.bt = Decl(x->decl);
      in.b = VarIndex(x->table);
      break;
    }
    case ExprType::Drop: in.op = OP_DROP; break;
    case ExprType::Nop: in.op = OP_NOP; break;
    case ExprType::Return: in.op = OP_RETURN; break;
    case ExprType::Unreachable: in.op = OP_UNREACHABLE; break;
    case ExprType::Select: {
      auto* x = cast<SelectExpr>(&e);
      in.op = x->result_type.empty() ? OP_SELECT : OP_SELECT_T;
      if (!x->result_type.empty()) in.vt = ValType(x->result_type[0]);
      break;
    }
    case ExprType::LocalGet: in.op = OP_LOCAL_GET; in.a = VarIndex(cast<LocalGetExpr>(&e)->var); break;
    case ExprType::LocalSet: in.op = OP_LOCAL_SET; in.a = VarIndex(cast<LocalSetExpr>(&e)->var); break;
    case ExprType::LocalTee: in.op = OP_LOCAL_TEE; in.a = VarIndex(cast<LocalTeeExpr>(&e)->var); break;
    case ExprType::GlobalGet: in.op = OP_GLOBAL_GET; in.a = VarIndex(cast<GlobalGetExpr>(&e)->var); break;
    case ExprType::GlobalSet: in.op = OP_GLOBAL_SET; in.a = VarIndex(cast<GlobalSetExpr>(&e)->var); break;
    case ExprType::MemorySize: in.op = OP_MEMORY_SIZE; break;
    case ExprType::MemoryGrow: in.op = OP_MEMORY_GROW; break;
    case ExprType::MemoryCopy: in.op = OP_MEMORY_COPY; break;
    case ExprType::MemoryFill: in.op = OP_MEMORY_FILL; break;
    case ExprType::MemoryInit: in.op = OP_MEMORY_INIT; in.a = VarIndex(cast<MemoryInitExpr>(&e)->var); break;
    case ExprType::DataDrop: in.op = OP_DATA_DROP; in.a = VarIndex(cast<DataDropExpr>(&e)->var); break;
    case ExprType::TableInit: {
      auto* x = cast<TableInitExpr>(&e);
      in.op = OP_TABLE_INIT;
      in.a = VarIndex(x->segment_index);
      in.b = VarIndex(x->table_index);
      break;
    }
    case ExprType::TableCopy: {
      auto* x = cast<TableCopyExpr>(&e);
      in.op = OP_TABLE_COPY;
      in.a = VarIndex(x->dst_table);
      in.b = VarIndex(x->src_table);
      break;
    }
    case ExprType::ElemDrop: in.op = OP_ELEM_DROP; in.a = VarIndex(cast<ElemDropExpr>(&e)->var); break;
    case ExprType::TableGet: in.op = OP_TABLE_GET; in.a = VarIndex(cast<TableGetExpr>(&e)->var); break;
    case ExprType::TableSet: in.op = OP_TABLE_SET; in.a = VarIndex(cast<TableSetExpr>(&e)->var); break;
    case ExprType::TableGrow: in.op = OP_TABLE_GROW; in.a = VarIndex(cast<TableGrowExpr>(&e)->var); break;
    case ExprType::TableSize: in.op = OP_TABLE_SIZE; in.a = VarIndex(cast<TableSizeExpr>(&e)->var); break;
    case ExprType::TableFill: in.op = OP_TABLE_FILL; in.a = VarIndex(cast<TableFillExpr>(&e)->var); break;
    case ExprType::RefNull: in.op = OP_REF_NULL; in.vt = ValType(cast<RefNullExpr>(&e)->type); break;
    case ExprType::RefIsNull: in.op = OP_REF_IS_NULL; break;
    case ExprType::RefFunc: in.op = OP_REF_FUNC; in.a = VarIndex(cast<RefFuncExpr>(&e)->var); break;
    default:
      Fail("unsupported instruction %s", GetExprTypeName(e));
  }
  code.push_back(in);
}

// Nesting is walked with a stack of our own, not by recursion: Wasm sets
// no depth limit, and a C switch of thousands of cases compiled to Wasm
// nests that many blocks.
void Copier::Body(const ExprList& exprs, std::vector<wm_instr>& code) {
  struct Open {
    ExprList::const_iterator it, end;
    const IfExpr* then_of;  // an if's true arm: its else arm comes next
    bool top;               // the function body: no end of its own here
  };
  std::vector<Open> open{{exprs.begin(), exprs.end(), nullptr, true}};
  auto marker = [&](uint32_t op) {
    wm_instr in{};
    in.op = op;
    code.push_back(in);
  };
  while (!open.empty()) {
    if (open.back().it == open.back().end) {
      Open done = open.back();
      open.pop_back();
      if (done.then_of) {
        marker(OP_ELSE);
        const ExprList& f = done.then_of->false_;
        open.push_back({f.begin(), f.end(), nullptr, false});
      } else if (!done.top) {
        marker(OP_END);
      }
      continue;
    }
    const Expr& e = *open.back().it++;
    wm_instr in{};
    in.offset = e.loc.offset;
    if (e.type() == ExprType::Block || e.type() == ExprType::Loop) {
      auto* b = static_cast<const BlockExprBase<ExprType::Block>*>(&e);
      in.op = e.type() == ExprType::Block ? OP_BLOCK : OP_LOOP;
      in.bt = Decl(b->block.decl);
      code.push_back(in);
      open.push_back({b->block.exprs.begin(), b->block.exprs.end(), nullptr, false});
    } else if (e.type() == ExprType::If) {
      auto* x = cast<IfExpr>(&e);
      in.op = OP_IF;
      in.bt = Decl(x->true_.decl);
      code.push_back(in);
      open.push_back({x->true_.exprs.begin(), x->true_.exprs.end(), x, false});
    } else {
      Instr(e, code);
    }
  }
}

void Copier::Func(const wabt::Func& f, wm_func* out) {
  out->type = Decl(f.decl);
  out->type_index = f.decl.has_func_type ? VarIndex(f.decl.type_var) : 0;
  out->name = Name(f.name);
  out->nlocals = f.local_types.size();
  uint8_t* locals = Alloc<uint8_t>(out->nlocals);
  uint32_t i = 0;
  for (Type t : f.local_types) locals[i++] = ValType(t);
  out->locals = locals;
  uint32_t nall = f.GetNumParamsAndLocals();
  const char** names = Alloc<const char*>(nall);
  for (const auto& b : f.bindings)
    if (b.second.index < nall) names[b.second.index] = Name(b.first);
  out->local_names = names;
  std::vector<wm_instr> code;
  Body(f.exprs, code);
  wm_instr end{};
  end.op = OP_END;
  code.push_back(end);
  wm_instr* c = Alloc<wm_instr>(code.size());
  std::copy(code.begin(), code.end(), c);
  out->code = c;
  out->ninstrs = code.size();
}

void Copier::Run(wm_module* out) {
  out->ntypes = m_.types.size();
  wm_functype* types = Alloc<wm_functype>(out->ntypes);
  for (size_t i = 0; i < m_.types.size(); i++) {
    auto* ft = dyn_cast<FuncType>(m_.types[i]);
    if (!ft) Fail("unsupported type definition");
    types[i] = *Sig(ft->sig);
  }
  out->types = types;

  out->nimports = m_.imports.size();
  wm_import* imports = Alloc<wm_import>(out->nimports);
  uint32_t counts[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < m_.imports.size(); i++) {
    switch (m_.imports[i]->kind()) {
      case ExternalKind::Func: imports[i].kind = WX_FUNC; break;
      case ExternalKind::Table: imports[i].kind = WX_TABLE; break;
      case ExternalKind::Memory: imports[i].kind = WX_MEMORY; break;
      case ExternalKind::Global: imports[i].kind = WX_GLOBAL; break;
      default: Fail("unsupported import kind");
    }
    imports[i].index = counts[imports[i].kind]++;
  }
  out->imports = imports;

  out->nfuncs = m_.funcs.size();
  out->nfunc_imports = m_.num_func_imports;
  wm_func* funcs = Alloc<wm_func>(out->nfuncs);
  for (size_t i = 0; i < m_.funcs.size(); i++) Func(*m_.funcs[i], &funcs[i]);
  out->funcs = funcs;

  out->nglobals = m_.globals.size();
  out->nglobal_imports = m_.num_global_imports;
  wm_global* globals = Alloc<wm_global>(out->nglobals);
  for (size_t i = 0; i < m_.globals.size(); i++) {
    const Global* g = m_.globals[i];
    globals[i].type = ValType(g->type);
    globals[i].mut = g->mutable_;
    globals[i].name = Name(g->name);
    if (i >= m_.num_global_imports)
      globals[i].init = ConstExpr(g->init_expr, globals[i].type);
  }
  out->globals = globals;

  out->ntables = m_.tables.size();
  out->ntable_imports = m_.num_table_imports;
  wm_table* tables = Alloc<wm_table>(out->ntables);
  for (size_t i = 0; i < m_.tables.size(); i++) {
    tables[i].type = ValType(m_.tables[i]->elem_type);
    tables[i].limits = Limits(m_.tables[i]->elem_limits);
  }
  out->tables = tables;

  out->nmemories = m_.memories.size();
  out->nmemory_imports = m_.num_memory_imports;
  wm_memory* mems = Alloc<wm_memory>(out->nmemories);
  for (size_t i = 0; i < m_.memories.size(); i++) {
    if (m_.memories[i]->page_limits.is_64) Fail("memory64 is not supported");
    mems[i].limits = Limits(m_.memories[i]->page_limits);
  }
  out->memories = mems;

  // Import names go on the entity they import.
  for (const Import* imp : m_.imports) {
    const char* mod = Str(imp->module_name);
    const char* name = Str(imp->field_name);
    switch (imp->kind()) {
      case ExternalKind::Func: {
        Index i = 0;
        while (m_.funcs[i] != &cast<FuncImport>(imp)->func) i++;
        funcs[i].imported = true, funcs[i].imp_module = mod, funcs[i].imp_name = name;
        break;
      }
      case ExternalKind::Global: {
        Index i = 0;
        while (m_.globals[i] != &cast<GlobalImport>(imp)->global) i++;
        globals[i].imported = true, globals[i].imp_module = mod, globals[i].imp_name = name;
        break;
      }
      case ExternalKind::Table: {
        Index i = 0;
        while (m_.tables[i] != &cast<TableImport>(imp)->table) i++;
        tables[i].imported = true, tables[i].imp_module = mod, tables[i].imp_name = name;
        break;
      }
      case ExternalKind::Memory: {
        Index i = 0;
        while (m_.memories[i] != &cast<MemoryImport>(imp)->memory) i++;
        mems[i].imported = true, mems[i].imp_module = mod, mems[i].imp_name = name;
        break;
      }
      default: break;
    }
  }

  out->ndata = m_.data_segments.size();
  wm_data* data = Alloc<wm_data>(out->ndata);
  for (size_t i = 0; i < m_.data_segments.size(); i++) {
    const DataSegment* d = m_.data_segments[i];
    data[i].mode = d->kind == SegmentKind::Active ? WS_ACTIVE : WS_PASSIVE;
    data[i].memory = VarIndex(d->memory_var);
    if (d->kind == SegmentKind::Active) data[i].offset = ConstExpr(d->offset, WM_I32);
    data[i].size = d->data.size();
    uint8_t* bytes = Alloc<uint8_t>(d->data.size());
    if (!d->data.empty()) memcpy(bytes, d->data.data(), d->data.size());
    data[i].bytes = bytes;
  }
  out->data = data;

  out->nelems = m_.elem_segments.size();
  wm_elem* elems = Alloc<wm_elem>(out->nelems);
  for (size_t i = 0; i < m_.elem_segments.size(); i++) {
    const ElemSegment* s = m_.elem_segments[i];
    elems[i].mode = s->kind == SegmentKind::Active    ? WS_ACTIVE
                    : s->kind == SegmentKind::Passive ? WS_PASSIVE
                                                      : WS_DECLARED;
    elems[i].type = ValType(s->elem_type);
    elems[i].table = VarIndex(s->table_var);
    if (s->kind == SegmentKind::Active) elems[i].offset = ConstExpr(s->offset, WM_I32);
    elems[i].count = s->elem_exprs.size();
    wm_const* items = Alloc<wm_const>(elems[i].count);
    for (size_t k = 0; k < s->elem_exprs.size(); k++)
      items[k] = ConstExpr(s->elem_exprs[k], elems[i].type);
    elems[i].items = items;
  }
  out->elems = elems;

  out->nexports = m_.exports.size();
  wm_export* exports = Alloc<wm_export>(out->nexports);
  for (size_t i = 0; i < m_.exports.size(); i++) {
    const Export* x = m_.exports[i];
    exports[i].name = Str(x->name);
    exports[i].name_len = x->name.size();
    exports[i].index = VarIndex(x->var);
    switch (x->kind) {
      case ExternalKind::Func: exports[i].kind = WX_FUNC; break;
      case ExternalKind::Table: exports[i].kind = WX_TABLE; break;
      case ExternalKind::Memory: exports[i].kind = WX_MEMORY; break;
      case ExternalKind::Global: exports[i].kind = WX_GLOBAL; break;
      default: Fail("unsupported export kind");
    }
  }
  out->exports = exports;

  if (!m_.starts.empty()) {
    out->has_start = true;
    out->start = VarIndex(*m_.starts[0]);
  }
}

// libwabt skips a custom section it cannot read, but the section's framing
// is part of the binary format: its name must fit in it and be UTF-8.
// Called once the reader accepted everything else.  Returns the offset of
// the first malformed custom section, or 0.
size_t BadCustomSection(const std::vector<uint8_t>& b, const char** why) {
  const uint8_t* end = b.data() + b.size();
  size_t p = 8;
  while (p < b.size()) {
    size_t at = p;
    uint8_t id = b[p++];
    uint32_t size = 0, len = 0;
    size_t k = ReadU32Leb128(b.data() + p, end, &size);
    if (!k || size > b.size() - p - k) {
      *why = "unexpected end of section";
      return at;
    }
    p += k;
    if (id == 0) {
      k = ReadU32Leb128(b.data() + p, b.data() + p + size, &len);
      if (!k || len > size - k) {
        *why = "unexpected end of custom section name";
        return at;
      }
      if (!IsValidUtf8(reinterpret_cast<const char*>(b.data() + p + k), len)) {
        *why = "malformed UTF-8 encoding in custom section name";
        return at;
      }
    }
    p += size;
  }
  return 0;
}

bool IsBinary(const std::vector<uint8_t>& b) {
  return b.size() >= 4 && memcmp(b.data(), "\0asm", 4) == 0;
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
  std::string msg;
  memset(out, 0, sizeof *out);
  size_t len = 0;
  uint8_t* raw = wm_read_file(path, &len);
  if (!raw) {
    snprintf(err, err_len, "%s: cannot read: %s", path, strerror(errno));
    return -1;
  }
  std::vector<uint8_t> bytes(raw, raw + len);
  free(raw);
  if (!IsBinary(bytes)) {
    std::vector<uint8_t> bin;
    if (!WatToBinary(path, bytes, &bin, &msg)) {
      if (LooksLikeText(bytes))
        snprintf(err, err_len, "%s", msg.c_str());
      else
        snprintf(err, err_len, "%s: not a WebAssembly module (no \\0asm "
                 "header, and not text)", path);
      return -1;
    }
    bytes.swap(bin);
  }
  Features features = WeftFeatures();
  Errors errors;
  Module module;
  ReadBinaryOptions ropts(features, nullptr, true, true, false);
  if (Failed(ReadBinaryIr(path, bytes.data(), bytes.size(), ropts, &errors, &module)) ||
      Failed(ValidateModule(&module, &errors, ValidateOptions(features)))) {
    snprintf(err, err_len, "%s", FirstError(path, errors, true).c_str());
    return -1;
  }
  const char* why = nullptr;
  if (size_t at = BadCustomSection(bytes, &why)) {
    snprintf(err, err_len, "%s:0x%zx: %s", path, at, why);
    return -1;
  }
  wm_arena* arena = arena_new();
  try {
    Copier(module, arena, path).Run(out);
  } catch (const LoadError& e) {
    arena_free(arena);
    memset(out, 0, sizeof *out);
    snprintf(err, err_len, "%s", e.msg.c_str());
    return -1;
  }
  out->arena = arena;
  return 0;
}

extern "C" void wm_free(wm_module* m) {
  arena_free(m->arena);
  memset(m, 0, sizeof *m);
}
