// node_check.js - run a wast2json script under node's WebAssembly engine,
// as an independent check of the expectations in tests/wast/ours/ (wabt's
// spectest-interp does not implement wait/notify).  Not run by CTest.
//
//   wast2json --enable-threads ours/atomics.wast -o /tmp/x/atomics.json
//   node node_check.js /tmp/x/atomics.json
//
// JavaScript numbers cannot carry NaN payloads, so a NaN result only has
// to be a NaN here; text-format (.wat) modules are skipped; trap messages
// are node's own and are printed, not compared.
'use strict';
const fs = require('fs');
const path = require('path');

const file = process.argv[2];
const dir = path.dirname(file);
const script = JSON.parse(fs.readFileSync(file, 'utf8'));

const hostRefs = new Map();
function hostRef(n) {
  if (!hostRefs.has(n)) hostRefs.set(n, {hostref: n});
  return hostRefs.get(n);
}

function toJs(v) {
  switch (v.type) {
    case 'i32': return Number(BigInt.asIntN(32, BigInt(v.value)));
    case 'i64': return BigInt.asIntN(64, BigInt(v.value));
    case 'f32': {
      const b = new DataView(new ArrayBuffer(4));
      b.setUint32(0, Number(v.value));
      return b.getFloat32(0);
    }
    case 'f64': {
      const b = new DataView(new ArrayBuffer(8));
      b.setBigUint64(0, BigInt(v.value));
      return b.getFloat64(0);
    }
    case 'externref': return v.value === 'null' ? null : hostRef(Number(v.value));
    case 'funcref': return null;
  }
  throw new Error('unsupported type ' + v.type);
}

function matches(want, got) {
  if (want.value === undefined) return true;
  if (typeof want.value === 'string' && want.value.startsWith('nan:'))
    return Number.isNaN(got);
  switch (want.type) {
    case 'i32': return (got >>> 0) === Number(BigInt(want.value));
    case 'i64': return BigInt.asUintN(64, got) === BigInt(want.value);
    case 'f32': case 'f64': {
      const w = toJs(want);
      if (Number.isNaN(w)) return Number.isNaN(got);
      return Object.is(w, got);
    }
    case 'funcref':
      return want.value === 'null' ? got === null : got !== null;
    default: return toJs(want) === got;
  }
}

const spectest = {
  print() {}, print_i32() {}, print_i64() {}, print_f32() {}, print_f64() {},
  print_i32_f32() {}, print_f64_f64() {},
  global_i32: new WebAssembly.Global({value: 'i32'}, 666),
  global_i64: new WebAssembly.Global({value: 'i64'}, 666n),
  global_f32: new WebAssembly.Global({value: 'f32'}, 666.6),
  global_f64: new WebAssembly.Global({value: 'f64'}, 666.6),
  table: new WebAssembly.Table({initial: 10, maximum: 20, element: 'anyfunc'}),
  memory: new WebAssembly.Memory({initial: 1, maximum: 2}),
  shared_memory: new WebAssembly.Memory({initial: 1, maximum: 2, shared: true}),
};
const registry = {spectest};
const named = {};
let current = null;
let passed = 0, failed = 0;

function fail(c, msg) {
  failed++;
  console.log(`${script.source_filename}:${c.line}: ${c.type}: ${msg}`);
}

function instantiate(c) {
  const bytes = fs.readFileSync(path.join(dir, c.filename));
  const mod = new WebAssembly.Module(bytes);
  return new WebAssembly.Instance(mod, registry);
}

function act(c) {
  const a = c.action;
  const inst = a.module ? named[a.module] : current;
  const x = inst.exports[a.field];
  if (a.type === 'get') return [x.value];
  const r = x(...(a.args || []).map(toJs));
  return c.expected && c.expected.length > 1 ? r : [r];
}

for (const c of script.commands) {
  try {
    switch (c.type) {
      case 'module':
        current = instantiate(c);
        if (c.name) named[c.name] = current;
        break;
      case 'register':
        registry[c.as] = (c.name ? named[c.name] : current).exports;
        break;
      case 'action':
        act(c);
        break;
      case 'assert_return': {
        const got = act(c);
        const bad = c.expected.findIndex((w, i) => !matches(w, got[i]));
        if (bad >= 0) fail(c, `result ${bad}: expected ${JSON.stringify(c.expected[bad])}, got ${String(got[bad])}`);
        else passed++;
        break;
      }
      case 'assert_trap':
      case 'assert_exhaustion':
        try {
          if (c.action) act(c); else instantiate(c);
          fail(c, `expected trap "${c.text}", got none`);
        } catch (e) {
          if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) passed++;
          else fail(c, `expected trap "${c.text}", got ${e}`);
        }
        break;
      case 'assert_uninstantiable':
        try { instantiate(c); fail(c, 'instantiated'); } catch (e) {
          if (e instanceof WebAssembly.RuntimeError) passed++;
          else fail(c, `expected a trap, got ${e}`);
        }
        break;
      case 'assert_unlinkable':
        try { instantiate(c); fail(c, 'linked'); } catch (e) {
          if (e instanceof WebAssembly.LinkError) passed++;
          else fail(c, `expected a link error, got ${e}`);
        }
        break;
      case 'assert_invalid':
      case 'assert_malformed':
        if (c.module_type !== 'binary') break;
        if (WebAssembly.validate(fs.readFileSync(path.join(dir, c.filename))))
          fail(c, 'validates');
        else passed++;
        break;
    }
  } catch (e) {
    fail(c, `unexpected ${e}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
