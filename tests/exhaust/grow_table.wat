;; table.grow to 10 million entries and past the table's limit: the first
;; succeeds (returns the old size 1) or refuses (-1) if memory is short, the
;; second always refuses; exit status 10 + what happened.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (table $t 1 funcref)
  (func (export "_start")
    (local $r i32)
    (local.set $r (table.grow $t (ref.null func) (i32.const 9999999)))
    (if (i32.eq (table.grow $t (ref.null func) (i32.const -1)) (i32.const -1))
      (then) (else (call $exit (i32.const 3))))
    (if (i32.eq (local.get $r) (i32.const 1)) (then (call $exit (i32.const 11))))
    (if (i32.eq (local.get $r) (i32.const -1)) (then (call $exit (i32.const 12))))
    (call $exit (i32.const 4))))
