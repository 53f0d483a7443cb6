;; An active data segment that ends one byte past its memory: instantiation
;; traps (out of bounds memory access) before _start runs.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 65535) "ab")
  (func (export "_start") (call $exit (i32.const 5))))
