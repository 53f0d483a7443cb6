;; Call overheads between a host and a plugin (bench/plugin/calls.c):
;; an empty export, and an export that calls an empty host import n times.
(module
  (import "host" "nop" (func $nop (param i32) (result i32)))
  (func (export "empty") (param i32) (result i32) (local.get 0))
  (func (export "call_host") (param $n i32) (result i32) (local $s i32)
    (block $end
      (loop $l
        (br_if $end (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (call $nop (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $s)))
