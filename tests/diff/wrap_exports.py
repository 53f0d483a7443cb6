#!/usr/bin/env python3
"""wrap_exports.py IN.wasm OUT.wasm - make a module comparable by output.

The differential test runs every exported function through weft and through
a reference interpreter (wabt's wasm-interp) and compares what they print.
wasm-interp only runs exports without parameters and prints floats with %f,
so each exported function is replaced, under the same name, by a wrapper
that takes nothing, calls it with zeros and returns its results as
integers: floats as their bits (f32 -> i32, f64 -> i64), a v128 as two
i64 lanes, a reference as ref.is_null.  A last export, __weft_memory_hash,
returns an FNV-1a hash of memory 0 after everything else has run, so memory
contents are compared too.  Exits 2 for a module it does not handle.
"""
import struct
import sys

I32, I64, F32, F64, V128, FUNCREF, EXTERNREF = 0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F
SECTION_ORDER = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]


class Unsupported(Exception):
    pass


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        done = (n == 0 and not b & 0x40) or (n == -1 and b & 0x40)
        out.append(b | (0 if done else 0x80))
        if done:
            return bytes(out)


class Reader:
    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def byte(self):
        b = self.data[self.pos]
        self.pos += 1
        return b

    def u(self):
        n = shift = 0
        while True:
            b = self.byte()
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return n

    def name(self):
        n = self.u()
        s = self.data[self.pos:self.pos + n]
        self.pos += n
        return bytes(s)

    def limits(self):
        flags = self.byte()
        self.u()
        if flags & 1:
            self.u()


def sections(data):
    if data[:8] != b"\0asm\1\0\0\0":
        raise Unsupported("not a Wasm 1 binary")
    r, out = Reader(data, 8), []
    while r.pos < len(data):
        sid, size = r.byte(), r.u()
        out.append([sid, bytes(data[r.pos:r.pos + size])])
        r.pos += size
    return out


def parse_types(body):
    r, types = Reader(body), []
    for _ in range(r.u()):
        if r.byte() != 0x60:
            raise Unsupported("type other than a function type")
        params = [r.byte() for _ in range(r.u())]
        results = [r.byte() for _ in range(r.u())]
        types.append((params, results))
    return types


def parse_imports(body):
    """Type indices of imported functions, and whether a memory is imported."""
    r, funcs, memory = Reader(body), [], False
    for _ in range(r.u()):
        r.name(), r.name()
        kind = r.byte()
        if kind == 0:
            funcs.append(r.u())
        elif kind == 1:
            r.byte(), r.limits()
        elif kind == 2:
            r.limits()
            memory = True
        elif kind == 3:
            r.byte(), r.byte()
        else:
            raise Unsupported("import kind %d" % kind)
    return funcs, memory


def vec_items(body):
    r = Reader(body)
    return r.u(), body[r.pos:]


def zero(t):
    return {I32: b"\x41\x00", I64: b"\x42\x00", F32: b"\x43" + bytes(4),
            F64: b"\x44" + bytes(8), V128: b"\xfd\x0c" + bytes(16),
            FUNCREF: b"\xd0\x70", EXTERNREF: b"\xd0\x6f"}[t]


def as_ints(t, local):
    """Code pushing local `local` (of type t) as integers, and their types."""
    get = b"\x20" + uleb(local)
    if t in (I32, I64):
        return get, [t]
    if t == F32:
        return get + b"\xbc", [I32]
    if t == F64:
        return get + b"\xbd", [I64]
    if t == V128:
        return get + b"\xfd\x1d\x00" + get + b"\xfd\x1d\x01", [I64, I64]
    return get + b"\xd1", [I32]


def wrapper(func_index, params, results):
    """Body and result types of a wrapper calling func_index with zeros."""
    code = b"".join(zero(t) for t in params) + b"\x10" + uleb(func_index)
    code += b"".join(b"\x21" + uleb(i) for i in reversed(range(len(results))))
    out_types = []
    for i, t in enumerate(results):
        c, ts = as_ints(t, i)
        code += c
        out_types += ts
    local_decls = uleb(len(results)) + b"".join(b"\x01" + bytes([t]) for t in results)
    return local_decls + code + b"\x0b", out_types


# FNV-1a over every byte of memory 0: locals i (0) and h (1)
HASH_BODY = (b"\x01\x02\x7f"
             + b"\x41" + sleb(0x811C9DC5 - (1 << 32)) + b"\x21\x01"
             + b"\x02\x40\x03\x40"
             + b"\x20\x00\x3f\x00\x41\x10\x74\x4f\x0d\x01"
             + b"\x20\x01\x20\x00\x2d\x00\x00\x73\x41" + sleb(16777619) + b"\x6c\x21\x01"
             + b"\x20\x00\x41\x01\x6a\x21\x00"
             + b"\x0c\x00\x0b\x0b\x20\x01\x0b")


def wrap(data):
    secs = sections(data)
    by_id = {s[0]: s for s in secs if s[0] != 0}
    for sid in (1, 3, 7, 10):
        if sid not in by_id:
            by_id[sid] = [sid, b"\x00"]
            secs.append(by_id[sid])
    types = parse_types(by_id[1][1])
    imported, has_memory = parse_imports(by_id[2][1]) if 2 in by_id else ([], False)
    nfuncs, func_rest = vec_items(by_id[3][1])
    r = Reader(func_rest)
    func_types = imported + [r.u() for _ in range(nfuncs)]
    if 5 in by_id and vec_items(by_id[5][1])[0] > 0:
        has_memory = True

    new_types, new_funcs, new_bodies, exports = [], [], [], []
    r = Reader(by_id[7][1])
    for _ in range(r.u()):
        name, kind, index = r.name(), r.byte(), r.u()
        if kind == 0:
            params, results = types[func_types[index]]
            body, out = wrapper(index, params, results)
            new_types.append(b"\x60\x00" + uleb(len(out)) + bytes(out))
            index = len(func_types) + len(new_funcs)
            new_funcs.append(len(types) + len(new_types) - 1)
            new_bodies.append(body)
        exports.append(uleb(len(name)) + name + bytes([kind]) + uleb(index))
    if has_memory:
        new_types.append(b"\x60\x00\x01\x7f")
        name = b"__weft_memory_hash"
        exports.append(uleb(len(name)) + name + b"\x00"
                       + uleb(len(func_types) + len(new_funcs)))
        new_funcs.append(len(types) + len(new_types) - 1)
        new_bodies.append(HASH_BODY)

    def extend(sid, items):
        count, rest = vec_items(by_id[sid][1])
        by_id[sid][1] = uleb(count + len(items)) + rest + b"".join(items)

    extend(1, new_types)
    extend(3, [uleb(t) for t in new_funcs])
    extend(10, [uleb(len(b)) + b for b in new_bodies])
    by_id[7][1] = uleb(len(exports)) + b"".join(exports)

    known = sorted((s for s in secs if s[0] != 0), key=lambda s: SECTION_ORDER.index(s[0]))
    custom = [s for s in secs if s[0] == 0]
    out = bytearray(b"\0asm\1\0\0\0")
    for sid, body in known + custom:
        out += bytes([sid]) + uleb(len(body)) + body
    return bytes(out)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: wrap_exports.py IN.wasm OUT.wasm")
    try:
        out = wrap(open(sys.argv[1], "rb").read())
    except (Unsupported, IndexError, KeyError, struct.error) as e:
        print("wrap_exports.py: %s: %s" % (sys.argv[1], e), file=sys.stderr)
        sys.exit(2)
    open(sys.argv[2], "wb").write(out)


if __name__ == "__main__":
    main()
