;; Thread blocks of the threads proposal's script format, as run_wast.py
;; runs them: every (thread ...) on its own pthread, started where it stands
;; and joined at its (wait ...).  A handshake in which each thread waits for
;; the other's flag (it hangs unless both really run at once); a
;; fetch-and-add race whose total must be exact; a trap on one thread that
;; leaves the others alone; `register` scoped per thread in both directions;
;; a (shared (module $M)) clause making $M the thread's current module;
;; unnamed invokes after a nested thread's module naming the outer thread's
;; own module; and (either ...) results.

(module $Mem
  (memory (export "shared") 1 1 shared)
  (func (export "peek") (param i32) (result i32) (i32.atomic.load (local.get 0)))
)
(register "mem" $Mem)

;; Handshake: flag A at 0, flag B at 4.  Each sets its own flag, wakes the
;; other, then waits until the other's flag is set.
(thread $A (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "handshake") (result i32)
      (i32.atomic.store (i32.const 0) (i32.const 1))
      (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))
      (block
        (loop
          (br_if 1 (i32.atomic.load (i32.const 4)))
          (drop (memory.atomic.wait32 (i32.const 4) (i32.const 0) (i64.const -1)))
          (br 0)))
      (i32.atomic.load (i32.const 4)))
  )
  (assert_return (invoke "handshake") (i32.const 1))
)
(thread $B (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "handshake") (result i32)
      (i32.atomic.store (i32.const 4) (i32.const 1))
      (drop (memory.atomic.notify (i32.const 4) (i32.const 1)))
      (block
        (loop
          (br_if 1 (i32.atomic.load (i32.const 0)))
          (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
          (br 0)))
      (i32.atomic.load (i32.const 0)))
  )
  (assert_return (invoke "handshake") (i32.const 1))
)
(wait $A)
(wait $B)

;; Two threads add 1 to the counter at 8 a hundred thousand times each; a
;; third traps meanwhile, which must not disturb them.
(module $Adder
  (memory (import "mem" "shared") 1 1 shared)
  (func (export "add") (param i32)
    (loop
      (drop (i32.atomic.rmw.add (i32.const 8) (i32.const 1)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if 0 (local.get 0))))
  (func (export "trap") (unreachable))
)
(thread $C1 (shared (module $Adder))
  (invoke "add" (i32.const 100000))
)
(thread $C2 (shared (module $Adder))
  (invoke $Adder "add" (i32.const 100000))
)
(thread $C3 (shared (module $Adder))
  (assert_trap (invoke "trap") "unreachable")
)
(wait $C1)
(wait $C2)
(wait $C3)
(assert_return (invoke $Mem "peek" (i32.const 8)) (i32.const 200000))

;; Registrations stay in their thread: the main script's "mem" is not
;; visible in a thread, a thread's "inner" is not visible afterwards.
(thread $R (shared (module $Mem))
  (assert_unlinkable
    (module (memory (import "mem" "shared") 1 1 shared))
    "unknown import")
  (register "inner" $Mem)
  (module (memory (import "inner" "shared") 1 1 shared))
)
(wait $R)
(assert_unlinkable
  (module (memory (import "inner" "shared") 1 1 shared))
  "unknown import")

;; Current modules: a thread's shared module is its current one until it
;; defines its own; after a nested thread defines a module, an unnamed
;; invoke still means the outer thread's module; after the threads, the
;; main script's current module is its own again.
(module $Seven (func (export "n") (result i32) (i32.const 7)))
(thread $Outer (shared (module $Mem) (module $Seven))
  (assert_return (invoke "n") (i32.const 7))
  (module (func (export "n") (result i32) (i32.const 8)))
  (thread $Inner
    (module (func (export "n") (result i32) (i32.const 9)))
    (assert_return (invoke "n") (i32.const 9))
  )
  (wait $Inner)
  (assert_return (invoke "n") (i32.const 8))
)
(wait $Outer)
(assert_return (invoke "n") (i32.const 7))

;; (either ...): any of the listed results.
(assert_return (invoke $Seven "n") (either (i32.const 1) (i32.const 7)))
(assert_return (invoke $Mem "peek" (i32.const 0))
  (either (i32.const 1) (i32.const 2)))
