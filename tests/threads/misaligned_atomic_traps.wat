;; An atomic access at an address that is not a multiple of its width traps
;; ("unaligned atomic"); the aligned access before it must not.
(module
  (import "env" "memory" (memory 1 1 shared))
  (func (export "_start")
    (drop (i64.atomic.rmw.add (i32.const 8) (i64.const 1)))
    (drop (i64.atomic.rmw.add (i32.const 12) (i64.const 1)))))
