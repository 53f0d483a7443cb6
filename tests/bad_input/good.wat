;; A valid WASI command (prints "ok"): the starting point for the truncated
;; binary and the output that a failed translate must leave alone.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "ok\n")
  (func $helper (param $x i32) (result i32)
    (i32.mul (local.get $x) (i32.const 3)))
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (call $helper (i32.const 1)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
