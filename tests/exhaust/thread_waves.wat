;; 10,000 threads in waves of 100: each wave spawns 100 threads that add 1
;; to a counter and decrement a live count (notifying at zero); main waits
;; for every wave to end before the next.  Exit status 0 and "10000" (the
;; counter) on stdout; a failed spawn ends with status 2.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: counter, 4: live threads of this wave
  (func (export "wasi_thread_start") (param i32 i32)
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (if (i32.eq (i32.atomic.rmw.sub (i32.const 4) (i32.const 1)) (i32.const 1))
      (then (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))))
  (func $wave
    (local $i i32) (local $live i32)
    (i32.atomic.store (i32.const 4) (i32.const 100))
    (loop $s
      (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0))
        (then (call $exit (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $s (i32.lt_u (local.get $i) (i32.const 100))))
    (loop $w
      (local.set $live (i32.atomic.load (i32.const 4)))
      (if (local.get $live)
        (then
          (drop (memory.atomic.wait32 (i32.const 4) (local.get $live) (i64.const -1)))
          (br $w)))))
  (func (export "_start")
    (local $k i32) (local $n i32) (local $len i32)
    (loop $waves
      (call $wave)
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $waves (i32.lt_u (local.get $k) (i32.const 100))))
    ;; print the counter in decimal at 100.., then a newline
    (local.set $n (i32.atomic.load (i32.const 0)))
    (loop $d
      (i32.store8 (i32.sub (i32.const 119) (local.get $len))
                  (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $len (i32.add (local.get $len) (i32.const 1)))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $d (local.get $n)))
    (i32.store8 (i32.const 120) (i32.const 10))
    (i32.store (i32.const 16) (i32.sub (i32.const 120) (local.get $len)))
    (i32.store (i32.const 20) (i32.add (local.get $len) (i32.const 1)))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))))
