;; Memory reached along every kind of path.  weft loads memory 0's base
;; (and, with explicit bounds, its size) where a function first needs it,
;; and reloads after anything that may grow it; these functions touch
;; memory for the first time inside branches, after early exits, after
;; br_table, inside loops and after growing calls, so a path that reached
;; an access without the load (or with a stale one) would crash or trap.
(module
  (memory 1)
  (data (i32.const 0) "\01\00\00\00\02\00\00\00\03\00\00\00")

  ;; Loaded in one arm only, then again after the merge.
  (func (export "one_arm") (param $c i32) (result i32)
    (local $x i32)
    (if (local.get $c) (then (local.set $x (i32.load (i32.const 4)))))
    (i32.add (local.get $x) (i32.load (i32.const 8))))

  ;; Loaded in the else arm only.
  (func (export "else_arm") (param $c i32) (result i32)
    (local $x i32)
    (if (local.get $c) (then (local.set $x (i32.const 100)))
      (else (local.set $x (i32.load (i32.const 0)))))
    (i32.add (local.get $x) (i32.load (i32.const 4))))

  ;; An early exit before any access, and a branch out of a block.
  (func (export "early") (param $c i32) (result i32)
    (if (i32.eq (local.get $c) (i32.const 0)) (then (return (i32.const -1))))
    (block $b
      (br_if $b (i32.eq (local.get $c) (i32.const 1)))
      (i32.store (i32.const 12) (i32.const 7)))
    (i32.load (i32.const 12)))

  ;; br_table whose targets see memory in different states.
  (func (export "table") (param $c i32) (result i32)
    (local $x i32)
    (block $b2
      (block $b1
        (block $b0
          (br_table $b0 $b1 $b2 (local.get $c)))
        (local.set $x (i32.load (i32.const 0)))
        (br $b2))
      (local.set $x (i32.add (i32.const 10) (i32.load (i32.const 4)))))
    (i32.add (local.get $x) (i32.load (i32.const 8))))

  ;; Grows memory, then writes at the far end of the new page.
  (func $grow_and_mark (param $v i32) (result i32)
    (local $pages i32)
    (local.set $pages (memory.grow (i32.const 1)))
    (i32.store (i32.sub (i32.mul (i32.add (local.get $pages) (i32.const 1))
                                 (i32.const 65536)) (i32.const 4))
               (local.get $v))
    (local.get $pages))

  ;; First access after a call that grew the memory, inside a loop that
  ;; keeps growing it: each read sees the page the callee just added.
  (func (export "grow_loop") (param $n i32) (result i32)
    (local $sum i32) (local $pages i32)
    (loop $l
      (local.set $pages (call $grow_and_mark (local.get $n)))
      (local.set $sum (i32.add (local.get $sum)
        (i32.load (i32.sub (i32.mul (i32.add (local.get $pages) (i32.const 1))
                                    (i32.const 65536)) (i32.const 4)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))

  ;; A loop that only touches memory in a later iteration.
  (func (export "late_loop") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (if (i32.ge_u (local.get $i) (i32.const 2))
        (then (local.set $s (i32.add (local.get $s)
                (i32.load (i32.shl (i32.sub (local.get $i) (i32.const 2))
                                   (i32.const 2)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))

  ;; Out of bounds after an arm that did not load: still traps.
  (func (export "oob_after_arm") (param $c i32) (param $a i32) (result i32)
    (if (local.get $c) (then (drop (i32.load (i32.const 0)))))
    (i32.load (local.get $a)))
)

(assert_return (invoke "one_arm" (i32.const 0)) (i32.const 3))
(assert_return (invoke "one_arm" (i32.const 1)) (i32.const 5))
(assert_return (invoke "else_arm" (i32.const 1)) (i32.const 102))
(assert_return (invoke "else_arm" (i32.const 0)) (i32.const 3))
(assert_return (invoke "early" (i32.const 0)) (i32.const -1))
(assert_return (invoke "early" (i32.const 1)) (i32.const 0))
(assert_return (invoke "early" (i32.const 2)) (i32.const 7))
(assert_return (invoke "early" (i32.const 1)) (i32.const 7))
(assert_return (invoke "table" (i32.const 0)) (i32.const 4))
(assert_return (invoke "table" (i32.const 1)) (i32.const 15))
(assert_return (invoke "table" (i32.const 2)) (i32.const 3))
(assert_return (invoke "table" (i32.const 9)) (i32.const 3))
(assert_return (invoke "late_loop" (i32.const 5)) (i32.const 6))
(assert_return (invoke "late_loop" (i32.const 1)) (i32.const 0))
(assert_return (invoke "grow_loop" (i32.const 3)) (i32.const 6))
(assert_return (invoke "oob_after_arm" (i32.const 1) (i32.const 0)) (i32.const 1))
(assert_trap (invoke "oob_after_arm" (i32.const 0) (i32.const 0x7fffffff)) "out of bounds memory access")
(assert_trap (invoke "oob_after_arm" (i32.const 1) (i32.const 0x7fffffff)) "out of bounds memory access")
