;; One thread blocks in fd_read(0) while three others compute, print their
;; results and exit.  main waits for the three, prints "main done" and
;; returns from _start: the process must exit 0 at once, the reader still
;; blocked.  With any argument, compute thread 1 calls proc_exit(5) instead
;; of finishing, which must end the process (reader and all) with 5.
;; If the read ever returns, the reader prints "reader woke".
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 64: compute threads done  68: reader started  72: exit mode
  ;; thread arg a works in [4096 + 512 a, 4608 + 512 a); reader is arg 7
  (data (i32.const 200) "main done\n")                ;; 10
  (data (i32.const 220) "reader woke\n")              ;; 12
  (data (i32.const 240) "computed N: 0000000000\n")   ;; 23, N @249, digits @252

  (func $write (param $base i32) (param $ptr i32) (param $len i32)
    (i32.store (local.get $base) (local.get $ptr))
    (i32.store (i32.add (local.get $base) (i32.const 4)) (local.get $len))
    (drop (call $fd_write (i32.const 1) (local.get $base) (i32.const 1)
                          (i32.add (local.get $base) (i32.const 8)))))

  ;; sum of (k * j) mod 2^32 for j < 3,000,000: real work to overlap
  (func $compute (param $k i32) (result i32)
    (local $j i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.mul (local.get $k) (local.get $j))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $j) (i32.const 3000000))))
    (local.get $s))

  (func (export "wasi_thread_start") (param $tid i32) (param $a i32)
    (local $base i32) (local $line i32) (local $v i32) (local $d i32)
    (local.set $base (i32.add (i32.const 4096) (i32.mul (local.get $a) (i32.const 512))))
    (if (i32.eq (local.get $a) (i32.const 7))
      (then
        (i32.store (i32.add (local.get $base) (i32.const 16)) (i32.add (local.get $base) (i32.const 64)))
        (i32.store (i32.add (local.get $base) (i32.const 20)) (i32.const 64))
        (i32.atomic.store (i32.const 68) (i32.const 1))
        (drop (call $fd_read (i32.const 0) (i32.add (local.get $base) (i32.const 16)) (i32.const 1)
                             (i32.add (local.get $base) (i32.const 24))))
        (call $write (local.get $base) (i32.const 220) (i32.const 12))
        (return)))
    (local.set $v (call $compute (i32.add (local.get $a) (i32.const 1))))
    (if (i32.and (i32.eq (local.get $a) (i32.const 1)) (i32.atomic.load (i32.const 72)))
      (then (call $proc_exit (i32.const 5))))
    ;; "computed N: dddddddddd\n" in this thread's area
    (memory.copy (i32.add (local.get $base) (i32.const 64)) (i32.const 240) (i32.const 23))
    (i32.store8 (i32.add (local.get $base) (i32.const 73)) (i32.add (i32.const 48) (local.get $a)))
    (local.set $d (i32.const 9))
    (loop $digits
      (i32.store8 (i32.add (i32.add (local.get $base) (i32.const 76)) (local.get $d))
                  (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (local.set $d (i32.sub (local.get $d) (i32.const 1)))
      (br_if $digits (i32.ge_s (local.get $d) (i32.const 0))))
    (call $write (local.get $base) (i32.add (local.get $base) (i32.const 64)) (i32.const 23))
    (drop (i32.atomic.rmw.add (i32.const 64) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 64) (i32.const 1))))

  (func (export "_start")
    (local $i i32) (local $v i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (i32.atomic.store (i32.const 72) (i32.gt_u (i32.load (i32.const 0)) (i32.const 1)))
    (if (i32.lt_s (call $spawn (i32.const 7)) (i32.const 0)) (then unreachable))
    ;; let the reader get into fd_read first
    (block $started (loop $wait_reader
      (br_if $started (i32.atomic.load (i32.const 68)))
      (drop (memory.atomic.wait32 (i32.const 68) (i32.const 0) (i64.const 1000000)))
      (br $wait_reader)))
    (loop $spawn_all
      (if (i32.lt_s (call $spawn (local.get $i)) (i32.const 0)) (then unreachable))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spawn_all (i32.lt_u (local.get $i) (i32.const 3))))
    (block $joined (loop $join
      (local.set $v (i32.atomic.load (i32.const 64)))
      (br_if $joined (i32.eq (local.get $v) (i32.const 3)))
      (drop (memory.atomic.wait32 (i32.const 64) (local.get $v) (i64.const -1)))
      (br $join)))
    (call $write (i32.const 0) (i32.const 200) (i32.const 10))))
