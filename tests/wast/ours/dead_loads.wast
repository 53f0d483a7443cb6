;; Out-of-bounds loads trap even when the C compiler could drop them.  With
;; guard pages the fault is the bounds check, and weft leaves a loaded value
;; unforced while it flows through float arithmetic into a store or an
;; address; these are the shapes where it must still force the read.  Also
;; run at -O2 with gcc and clang (tests/wast/CMakeLists.txt).
(module
  (memory 1)
  (data (i32.const 0) "\00\00\00\00\00\00\f0\3f")  ;; f64 1.0 at 0

  ;; Dropped after arithmetic: the add is dead, so is the load.
  (func (export "drop_sum") (param $a i32)
    (drop (f64.add (f64.load (local.get $a)) (f64.const 2))))
  (func (export "drop_chain32") (param $a i32)
    (drop (f32.sqrt (f32.mul (f32.load (local.get $a)) (f32.const 3)))))

  ;; Into a local that is never read.
  (func (export "dead_local") (param $a i32) (local $x f64)
    (local.set $x (f64.mul (f64.load (local.get $a)) (f64.const 0.5))))

  ;; Stored after arithmetic: the store needs the value.
  (func (export "store_sum") (param $a i32)
    (f64.store (i32.const 16)
      (f64.add (f64.load (local.get $a)) (f64.load (i32.const 0)))))

  ;; Stored back unchanged through identities: *p = -(-*p) may vanish.
  (func (export "store_back") (param $a i32)
    (f64.store (local.get $a) (f64.neg (f64.neg (f64.load (local.get $a))))))
  (func (export "store_back32") (param $a i32)
    (f32.store (local.get $a)
      (f32.demote_f64 (f64.promote_f32 (f32.load (local.get $a))))))
  (func (export "copy_back") (param $a i32)
    (i64.store (local.get $a) (i64.load (local.get $a))))

  ;; A NaN operand decides the result on its own.
  (func (export "min_nan") (param $a i32) (result f64)
    (f64.min (f64.load (local.get $a)) (f64.const nan)))
  (func (export "add_nan_stored") (param $a i32)
    (f64.store (i32.const 16) (f64.add (f64.load (local.get $a)) (f64.const nan))))

  ;; The NaN may reach the folder by other roads than a literal.
  (func (export "nan_local") (param $a i32) (local $n f64)
    (local.set $n (f64.const nan))
    (f64.store (i32.const 16) (f64.mul (f64.load (local.get $a)) (local.get $n))))
  (func (export "nan_bits") (param $a i32)
    (f64.store (i32.const 16)
      (f64.sub (f64.reinterpret_i64 (i64.const 0x7ff8000000000001))
               (f64.load (local.get $a)))))
  (func (export "nan_stored") (param $a i32)
    (f64.store (i32.const 24) (f64.const nan))
    (f64.store (i32.const 16)
      (f64.add (f64.load (local.get $a)) (f64.load (i32.const 24)))))

  ;; Compared, converted, selected, returned, branched on.
  (func (export "cmp") (param $a i32) (result i32)
    (f64.lt (f64.load (local.get $a)) (f64.const 1)))
  (func (export "select") (param $a i32) (result f64)
    (select (f64.const 1) (f64.load (local.get $a)) (i32.const 1)))
  (func (export "through_block") (param $a i32)
    (drop (block (result f64) (f64.abs (f64.load (local.get $a))))))
  (func (export "branch") (param $a i32) (result i32)
    (if (result i32) (f64.eq (f64.load (local.get $a)) (f64.const 0))
      (then (i32.const 1)) (else (i32.const 1))))

  ;; Fault order: the load comes first, so it traps before the division.
  (func (export "before_div") (param $a i32) (param $d i32)
    (f64.store (i32.const 16)
      (f64.add (f64.load (local.get $a))
               (f64.convert_i32_s (i32.div_s (i32.const 1) (local.get $d))))))

  ;; An address: the outer load is dropped, the inner one still made.
  (func (export "address") (param $a i32)
    (drop (i32.load (i32.load (local.get $a)))))

  ;; Integer values pass on only through operations that keep them
  ;; (add, sub, xor, the shifted value) beside a value that is not
  ;; pending; the end of the chain here is the address of a dropped load.
  (func (export "int_index") (param $a i32)
    (drop (i32.load (i32.add (i32.shl (i32.load (local.get $a)) (i32.const 2))
                             (i32.const 8)))))
  (func (export "int_self") (param $a i32)
    (drop (i32.load (i32.sub (i32.load (local.get $a)) (i32.load (local.get $a))))))
  (func (export "int_and_zero") (param $a i32)
    (drop (i32.load (i32.and (i32.load (local.get $a)) (i32.const 0)))))
  (func (export "int_mul_zero") (param $a i32) (local $z i32)
    (drop (i32.load (i32.mul (i32.load (local.get $a)) (local.get $z)))))
  (func (export "int_shift_amount") (param $a i32)
    (drop (i32.load (i32.shl (i32.const 0) (i32.load (local.get $a))))))
  (func (export "int_drop") (param $a i32) (param $b i64)
    (drop (i64.xor (i64.extend_i32_u (i32.load (local.get $a))) (local.get $b))))
  (func (export "int_store_back") (param $a i32)
    (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 0))))

  (func (export "read16") (result f64) (f64.load (i32.const 16)))
)

(assert_trap (invoke "drop_sum" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "drop_chain32" (i32.const 65534)) "out of bounds memory access")
(assert_trap (invoke "dead_local" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "store_sum" (i32.const 65530)) "out of bounds memory access")
(assert_trap (invoke "store_back" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "store_back32" (i32.const 65533)) "out of bounds memory access")
(assert_trap (invoke "copy_back" (i32.const 70000)) "out of bounds memory access")
(assert_trap (invoke "min_nan" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "add_nan_stored" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "nan_local" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "nan_bits" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "nan_stored" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "cmp" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "select" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "through_block" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "branch" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "before_div" (i32.const 65536) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "before_div" (i32.const 0) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "address" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "int_index" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "int_self" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "int_and_zero" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "int_mul_zero" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "int_shift_amount" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "int_drop" (i32.const 65536) (i64.const 5)) "out of bounds memory access")
(assert_trap (invoke "int_store_back" (i32.const 65536)) "out of bounds memory access")

;; In bounds they all run, and the stores land.
(assert_return (invoke "drop_sum" (i32.const 0)))
(assert_return (invoke "store_sum" (i32.const 0)))
(assert_return (invoke "read16") (f64.const 2))
(assert_return (invoke "store_back" (i32.const 0)))
(assert_return (invoke "copy_back" (i32.const 0)))
(assert_return (invoke "min_nan" (i32.const 0)) (f64.const nan:canonical))
(assert_return (invoke "cmp" (i32.const 0)) (i32.const 0))
(assert_return (invoke "before_div" (i32.const 0) (i32.const 1)))
(assert_return (invoke "read16") (f64.const 2))
(assert_return (invoke "address" (i32.const 0)))
(assert_return (invoke "int_index" (i32.const 0)))
(assert_return (invoke "int_self" (i32.const 0)))
(assert_return (invoke "int_store_back" (i32.const 0)))
