;; A table of 10 million entries, all set by an element segment's
;; table.fill, then called through at the last index: prints "ok" via its
;; exit status (42).  Under `ulimit -v` too small for it, instantiation
;; must fail with a clear message.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (table $t 10000000 funcref)
  (func $answer (result i32) (i32.const 42))
  (elem declare func $answer)
  (func (export "_start")
    (table.fill $t (i32.const 0) (ref.func $answer) (i32.const 10000000))
    (call $exit (call_indirect $t (result i32) (i32.const 9999999)))))
