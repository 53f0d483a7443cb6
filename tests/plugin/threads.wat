;; A wasi-threads plugin: threads spawned inside the host's process, each a
;; new instance sharing env.memory.  wasi_thread_start(tid, arg) does what
;; arg says: 0 count up and notify, 1 spin, 2 wait forever, 3 trap after a
;; short spin, 4 proc_exit(5) after a short spin.
;; memory: [0] counter, [8] never changes (waiters), [16] spawned threads.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func $pause (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000)))))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (block $done
      (block $exit (block $trap (block $wait (block $spin (block $count
        (br_table $count $spin $wait $trap $exit (local.get $arg)))
        ;; 0: count
        (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
        (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))
        (br $done))
        ;; 1: spin
        (loop $l (br_if $l (i32.eqz (i32.atomic.load (i32.const 8)))))
        (br $done))
        ;; 2: wait forever
        (loop $w
          (drop (memory.atomic.wait32 (i32.const 8) (i32.const 0) (i64.const -1)))
          (br $w)))
        ;; 3: trap
        (call $pause)
        unreachable)
      ;; 4: exit
      (call $pause)
      (call $exit (i32.const 5))))
  ;; spawns n threads doing arg; returns how many started
  (func $spawn_n (export "spawn") (param $n i32) (param $arg i32) (result i32)
    (local $i i32) (local $ok i32)
    (block $end
      (loop $l
        (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.gt_s (call $spawn (local.get $arg)) (i32.const 0))
          (then (local.set $ok (i32.add (local.get $ok) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $ok))
  ;; n threads count up; waits for all of them; returns the count
  (func (export "run") (param $n i32) (result i32) (local $c i32)
    (i32.atomic.store (i32.const 0) (i32.const 0))
    (drop (call $spawn_n (local.get $n) (i32.const 0)))
    (block $end
      (loop $l
        (local.set $c (i32.atomic.load (i32.const 0)))
        (br_if $end (i32.ge_u (local.get $c) (local.get $n)))
        (drop (memory.atomic.wait32 (i32.const 0) (local.get $c) (i64.const 1000000)))
        (br $l)))
    (i32.atomic.load (i32.const 0)))
  (func (export "count") (result i32) (i32.atomic.load (i32.const 0)))
  ;; the calling thread waits forever
  (func (export "wait") (result i32)
    (memory.atomic.wait32 (i32.const 8) (i32.const 0) (i64.const -1))))
