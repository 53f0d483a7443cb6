;; Work for interruption to land in at random points: table.set and
;; call_indirect through the slots just set, direct calls, memory traffic,
;; memory.grow and host calls, in a loop that runs until interrupted.
;; check() then calls through every slot: however the last call was cut
;; short, each slot must still hold a function of its slot's type.
(module
  (import "host" "note" (func $note (param i32) (result i32)))
  (type $one (func (param i32) (result i32)))
  (type $two (func (param i32 i32) (result i32)))
  (memory (export "memory") 1 4)
  (table $t 8 funcref)
  (elem (i32.const 0) $a $b $a $b $p $q $p $q)
  (func $a (type $one) (i32.add (local.get 0) (i32.const 1)))
  (func $b (type $one) (i32.mul (local.get 0) (i32.const 3)))
  (func $p (type $two) (i32.sub (local.get 0) (local.get 1)))
  (func $q (type $two) (i32.xor (local.get 0) (local.get 1)))
  (func $mix (param $i i32) (param $x i32) (result i32)
    (i32.store (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 0xfffc))
               (local.get $x))
    (i32.add (local.get $x)
             (i32.load (i32.and (i32.mul (local.get $x) (i32.const 4)) (i32.const 0xfffc)))))
  (func (export "work") (local $i i32) (local $x i32) (local $k i32)
    (loop $forever
      (local.set $k (i32.and (local.get $i) (i32.const 3)))
      ;; one-argument slots 0-3 get $a or $b, two-argument slots 4-7 $p or $q
      (if (i32.and (local.get $i) (i32.const 1))
        (then (table.set $t (local.get $k) (ref.func $a))
              (table.set $t (i32.add (local.get $k) (i32.const 4)) (ref.func $p)))
        (else (table.set $t (local.get $k) (ref.func $b))
              (table.set $t (i32.add (local.get $k) (i32.const 4)) (ref.func $q))))
      (local.set $x (call_indirect (type $one) (local.get $x) (local.get $k)))
      (local.set $x (call_indirect (type $two) (local.get $x) (local.get $i)
                                   (i32.add (local.get $k) (i32.const 4))))
      (local.set $x (call $mix (local.get $i) (local.get $x)))
      (if (i32.eqz (i32.and (local.get $i) (i32.const 1023)))
        (then (drop (memory.grow (i32.const 1)))
              (local.set $x (i32.add (local.get $x) (call $note (local.get $x))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $forever)))
  (func (export "check") (result i32) (local $k i32) (local $s i32)
    (loop $slots
      (local.set $s (i32.add (local.get $s)
        (call_indirect (type $one) (i32.const 1) (local.get $k))))
      (local.set $s (i32.add (local.get $s)
        (call_indirect (type $two) (i32.const 5) (i32.const 3)
                       (i32.add (local.get $k) (i32.const 4)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $slots (i32.lt_u (local.get $k) (i32.const 4))))
    (local.get $s)))
