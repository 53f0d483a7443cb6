;; Direct and indirect calls: arguments of every type, recursion,
;; call_indirect's signature check and its traps, imported and re-exported
;; functions across modules, and deep recursion ending in a clean
;; "call stack exhausted" trap.

(module $M
  (import "spectest" "print_i32" (func $print_i32 (param i32)))
  (type $i_i (func (param i32) (result i32)))
  (type $ii_i (func (param i32 i32) (result i32)))
  (type $v_i (func (result i32)))
  (type $j_j (func (param i64) (result i64)))
  (table $t 8 funcref)
  (elem (table $t) (i32.const 0) func $double $add $seven $fib $double_i64 $many)

  (func $double (type $i_i) (i32.mul (local.get 0) (i32.const 2)))
  (func $add (type $ii_i) (i32.add (local.get 0) (local.get 1)))
  (func $seven (type $v_i) (i32.const 7))
  (func $fib (type $i_i)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $double_i64 (type $j_j) (i64.shl (local.get 0) (i64.const 1)))
  ;; many arguments of mixed types; the result proves each arrived in place
  (func $many (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64) (result f64)
    (f64.add
      (f64.add
        (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
        (f64.add (f64.promote_f32 (local.get 2)) (local.get 3)))
      (f64.add
        (f64.mul (f64.convert_i32_s (local.get 4)) (f64.convert_i64_s (local.get 5)))
        (f64.sub
          (f64.add (f64.promote_f32 (local.get 6)) (local.get 7))
          (f64.add (f64.convert_i32_s (local.get 8))
            (f64.add (f64.convert_i64_s (local.get 9))
              (f64.add (f64.promote_f32 (local.get 10)) (local.get 11))))))))

  (func (export "fib") (param i32) (result i32) (call $fib (local.get 0)))
  (func (export "many") (result f64)
    (call $many (i32.const 1) (i64.const 2) (f32.const 3) (f64.const 4)
                (i32.const 5) (i64.const 6) (f32.const 7) (f64.const 8)
                (i32.const 9) (i64.const 10) (f32.const 11) (f64.const 12)))
  (func (export "call_print") (param i32) (result i32)
    (call $print_i32 (local.get 0)) (local.get 0))

  (func (export "call_i_i") (param i32 i32) (result i32)
    (call_indirect $t (type $i_i) (local.get 1) (local.get 0)))
  (func (export "call_ii_i") (param i32 i32 i32) (result i32)
    (call_indirect $t (type $ii_i) (local.get 1) (local.get 2) (local.get 0)))
  (func (export "call_v_i") (param i32) (result i32)
    (call_indirect $t (type $v_i) (local.get 0)))
  (func (export "call_j_j") (param i32 i64) (result i64)
    (call_indirect $t (type $j_j) (local.get 1) (local.get 0)))
  (func (export "set") (param i32 i32)
    (table.set $t (local.get 0) (table.get $t (local.get 1))))
  (func (export "clear") (param i32) (table.set $t (local.get 0) (ref.null func)))

  ;; recursion without end, directly and mutually, and with a large frame
  (func $runaway (export "runaway") (call $runaway))
  (func $ping (export "ping") (param i32) (result i32)
    (call $pong (i32.add (local.get 0) (i32.const 1))))
  (func $pong (param i32) (result i32)
    (call $ping (i32.add (local.get 0) (i32.const 1))))
  (func $big_frame (export "big_frame") (param i64) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 f64 f64 f64 f64)
    (i64.add (local.get 0) (call $big_frame (i64.add (local.get 0) (i64.const 1)))))
  (func $indirect_runaway (export "indirect_runaway") (result i32)
    (call_indirect $t (type $v_i) (i32.const 7)))
  (elem (table $t) (i32.const 7) func $indirect_runaway)
  (func $countdown (export "countdown") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $countdown (i32.sub (local.get 0) (i32.const 1)))))))
)

(assert_return (invoke "fib" (i32.const 0)) (i32.const 0))
(assert_return (invoke "fib" (i32.const 1)) (i32.const 1))
(assert_return (invoke "fib" (i32.const 20)) (i32.const 6765))
(assert_return (invoke "many") (f64.const 13.0))
(assert_return (invoke "call_print" (i32.const 42)) (i32.const 42))

;; call_indirect dispatches by table index and checks the signature
(assert_return (invoke "call_i_i" (i32.const 0) (i32.const 21)) (i32.const 42))
(assert_return (invoke "call_ii_i" (i32.const 1) (i32.const 40) (i32.const 2)) (i32.const 42))
(assert_return (invoke "call_v_i" (i32.const 2)) (i32.const 7))
(assert_return (invoke "call_i_i" (i32.const 3) (i32.const 10)) (i32.const 55))
(assert_return (invoke "call_j_j" (i32.const 4) (i64.const 0x4000000000000000)) (i64.const 0x8000000000000000))
(assert_trap (invoke "call_i_i" (i32.const 1) (i32.const 0)) "indirect call type mismatch")
(assert_trap (invoke "call_v_i" (i32.const 0)) "indirect call type mismatch")
(assert_trap (invoke "call_j_j" (i32.const 0) (i64.const 1)) "indirect call type mismatch")
(assert_trap (invoke "call_v_i" (i32.const 5)) "indirect call type mismatch")
(assert_trap (invoke "call_v_i" (i32.const 6)) "uninitialized element")
(assert_trap (invoke "call_v_i" (i32.const 8)) "undefined element")
(assert_trap (invoke "call_v_i" (i32.const -1)) "undefined element")
(assert_trap (invoke "call_i_i" (i32.const 0x7fffffff) (i32.const 1)) "undefined element")
;; the table is mutable: the check follows its current contents
(invoke "set" (i32.const 6) (i32.const 2))
(assert_return (invoke "call_v_i" (i32.const 6)) (i32.const 7))
(invoke "clear" (i32.const 2))
(assert_trap (invoke "call_v_i" (i32.const 2)) "uninitialized element")
(assert_return (invoke "call_v_i" (i32.const 6)) (i32.const 7))

;; deep but finite recursion works; infinite recursion traps cleanly and
;; the instance stays usable afterwards
(assert_return (invoke "countdown" (i32.const 10000)) (i32.const 10000))
(assert_exhaustion (invoke "runaway") "call stack exhausted")
(assert_exhaustion (invoke "ping" (i32.const 0)) "call stack exhausted")
(assert_exhaustion (invoke "big_frame" (i64.const 0)) "call stack exhausted")
(assert_exhaustion (invoke "indirect_runaway") "call stack exhausted")
(assert_return (invoke "fib" (i32.const 10)) (i32.const 55))
(assert_exhaustion (invoke "runaway") "call stack exhausted")

;; Endless recursion in every shape a C compiler could turn into a loop or
;; a jump (tail calls, tail recursion with an accumulator, void tail
;; recursion), through call_indirect and memory.grow (functions that keep
;; an explicit check) mixed with plain calls (which rely on the guard page
;; in guard mode), and with a frame of hundreds of locals.
(module $R
  (type $i_i (func (param i32) (result i32)))
  (memory 1)
  (table 1 funcref)
  (elem (i32.const 0) $mix_a)
  (func $acc (export "acc") (param i64) (result i64)
    (i64.mul (local.get 0) (call $acc (i64.add (local.get 0) (i64.const 1)))))
  (func $acc_add (export "acc_add") (param i32) (result i32)
    (i32.add (i32.const 3) (call $acc_add (local.get 0))))
  (func $void_tail (export "void_tail") (param i32)
    (if (i32.ge_s (local.get 0) (i32.const 0))
      (then (call $void_tail (i32.add (local.get 0) (i32.const 1))))))
  (func $mix_a (export "mix") (param i32) (result i32)
    (i32.add (i32.const 1) (call $mix_b (local.get 0))))
  (func $mix_b (param i32) (result i32)
    (call_indirect (type $i_i) (local.get 0) (i32.const 0)))
  (func $grow_deep (export "grow_deep") (param i32) (result i32)
    (drop (memory.grow (i32.const 0)))
    (call $plain (local.get 0)))
  (func $plain (param i32) (result i32)
    (i32.add (local.get 0) (call $grow_deep (local.get 0))))
  (func $wide (export "wide") (param i64) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local.set 1 (local.get 0))
    (local.set 449 (i64.add (local.get 1) (i64.const 1)))
    (i64.add (local.get 449) (call $wide (local.get 449))))
  (func (export "ok") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
)
(assert_exhaustion (invoke "acc" (i64.const 1)) "call stack exhausted")
(assert_exhaustion (invoke "acc_add" (i32.const 1)) "call stack exhausted")
(assert_exhaustion (invoke "void_tail" (i32.const 0)) "call stack exhausted")
(assert_exhaustion (invoke "mix" (i32.const 0)) "call stack exhausted")
(assert_exhaustion (invoke "grow_deep" (i32.const 0)) "call stack exhausted")
(assert_exhaustion (invoke "wide" (i64.const 0)) "call stack exhausted")
(assert_return (invoke "ok" (i32.const 41)) (i32.const 42))
(assert_exhaustion (invoke "acc" (i64.const 1)) "call stack exhausted")

;; functions and tables shared across modules
(register "M" $M)
(module $N
  (import "M" "fib" (func $fib (param i32) (result i32)))
  (type $i_i (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) func $fib $local)
  (func $local (param i32) (result i32) (i32.add (call $fib (local.get 0)) (i32.const 1000)))
  (func (export "direct") (param i32) (result i32) (call $fib (local.get 0)))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $i_i) (local.get 1) (local.get 0)))
  (export "fib_again" (func $fib))
)
(assert_return (invoke $N "direct" (i32.const 12)) (i32.const 144))
(assert_return (invoke $N "indirect" (i32.const 0) (i32.const 12)) (i32.const 144))
(assert_return (invoke $N "indirect" (i32.const 1) (i32.const 12)) (i32.const 1144))
(assert_return (invoke $N "fib_again" (i32.const 7)) (i32.const 13))
(assert_trap (invoke $N "indirect" (i32.const 2) (i32.const 1)) "undefined element")

;; linking checks the imported function's type
(assert_unlinkable
  (module (import "M" "fib" (func (param i64) (result i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "M" "no_such_export" (func)))
  "unknown import")
(assert_unlinkable
  (module (import "spectest" "print_i32" (func (param i64))))
  "incompatible import type")

(assert_invalid
  (module (func $f (param i32)) (func (call $f (i64.const 1))))
  "type mismatch")
(assert_invalid
  (module (func (call_indirect (type 0) (i32.const 0))) (type (func)))
  "unknown table")
