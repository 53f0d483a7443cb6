;; Grows its memory a page at a time until memory.grow refuses (-1), then
;; writes to the last page it got and prints "grew N pages" (N > 0).  Run
;; under `ulimit -v`, the refusal must come as -1 (or as a clear error when
;; instantiating), never as a crash.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; writes "grew N pages\n" at 64 and prints it
  (func $print (param $n i32)
    (local $p i32) (local $len i32)
    (i64.store (i32.const 64) (i64.const 0x2077657267))   ;; "grew "
    (local.set $p (i32.const 69))
    ;; digits backwards into 100..90, then copied
    (local.set $len (i32.const 0))
    (loop $d
      (i32.store8 (i32.sub (i32.const 99) (local.get $len))
                  (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $len (i32.add (local.get $len) (i32.const 1)))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $d (local.get $n)))
    (memory.copy (local.get $p) (i32.sub (i32.const 100) (local.get $len)) (local.get $len))
    (local.set $p (i32.add (local.get $p) (local.get $len)))
    (i64.store (local.get $p) (i64.const 0x0a736567617020))  ;; " pages\n"
    (local.set $p (i32.add (local.get $p) (i32.const 7)))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.sub (local.get $p) (i32.const 64)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (local $n i32)
    (block $done
      (loop $more
        (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $more)))
    ;; the last page is really there
    (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))
               (i32.const 7))
    (call $print (local.get $n))))
