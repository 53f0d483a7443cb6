;; counter.wat - a plugin written in WAT: it calls the host back
;; (host.tick), loops forever when asked (the host interrupts it), and
;; traps when asked (the host gets the trap as a value).
(module
  (import "host" "tick" (func $tick (param i32)))
  (func (export "count_to") (param $n i32) (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (call $tick (local.get $i))
        (br $next))))
  (func (export "forever") (loop $spin (br $spin)))
  (func (export "crash") unreachable))
