;; Four threads use WASI at once: each creates its own file in the preopen
;; (fd 3) and writes 200 lines to it, and interleaves 200 short writes to
;; stdout and 200 to stderr with the others'.  main waits for all four,
;; then prints "ok" and returns.  check.sh counts every line.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 64: threads done   128: spawn failures
  ;; thread i works in [4096 + 1024 i, 5120 + 1024 i)
  (data (i32.const 200) "ok\n")
  (data (i32.const 210) "FAIL\n")

  ;; write(fd, ptr, len) from the scratch area at $base; traps on error.
  (func $write (param $base i32) (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (local.get $base) (local.get $ptr))
    (i32.store (i32.add (local.get $base) (i32.const 4)) (local.get $len))
    (if (call $fd_write (local.get $fd) (local.get $base) (i32.const 1)
                        (i32.add (local.get $base) (i32.const 8)))
      (then unreachable))
    (if (i32.ne (i32.load (i32.add (local.get $base) (i32.const 8))) (local.get $len))
      (then unreachable)))

  (func (export "wasi_thread_start") (param $tid i32) (param $i i32)
    (local $base i32) (local $fd i32) (local $n i32) (local $digit i32)
    (local.set $base (i32.add (i32.const 4096) (i32.mul (local.get $i) (i32.const 1024))))
    (local.set $digit (i32.add (i32.const 48) (local.get $i)))
    ;; name "tN.txt" at base+64; lines at base+128 ("thread N line\n"),
    ;; base+160 ("tN\n"), base+176 ("eN\n")
    (i64.store (i32.add (local.get $base) (i32.const 64)) (i64.const 0x7478742e3074))
    (i32.store8 (i32.add (local.get $base) (i32.const 65)) (local.get $digit))
    (i64.store (i32.add (local.get $base) (i32.const 128)) (i64.const 0x302064616572_6874))
    (i64.store (i32.add (local.get $base) (i32.const 136)) (i64.const 0x0a656e696c20))
    (i32.store8 (i32.add (local.get $base) (i32.const 135)) (local.get $digit))
    (i32.store (i32.add (local.get $base) (i32.const 160)) (i32.or (i32.const 0x0a0074) (i32.shl (local.get $digit) (i32.const 8))))
    (i32.store (i32.add (local.get $base) (i32.const 176)) (i32.or (i32.const 0x0a0065) (i32.shl (local.get $digit) (i32.const 8))))
    ;; path_open(3, 0, name, 6, CREAT|TRUNC, FD_WRITE, 0, 0, &fd)
    (if (call $path_open (i32.const 3) (i32.const 0)
              (i32.add (local.get $base) (i32.const 64)) (i32.const 6)
              (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0)
              (i32.add (local.get $base) (i32.const 32)))
      (then unreachable))
    (local.set $fd (i32.load (i32.add (local.get $base) (i32.const 32))))
    (loop $lines
      (call $write (local.get $base) (local.get $fd) (i32.add (local.get $base) (i32.const 128)) (i32.const 14))
      (call $write (local.get $base) (i32.const 1) (i32.add (local.get $base) (i32.const 160)) (i32.const 3))
      (call $write (local.get $base) (i32.const 2) (i32.add (local.get $base) (i32.const 176)) (i32.const 3))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $lines (i32.lt_u (local.get $n) (i32.const 200))))
    (if (call $fd_close (local.get $fd)) (then unreachable))
    (drop (i32.atomic.rmw.add (i32.const 64) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 64) (i32.const 1))))

  (func (export "_start")
    (local $i i32) (local $v i32)
    (loop $spawn_all
      (if (i32.lt_s (call $spawn (local.get $i)) (i32.const 0))
        (then (call $write (i32.const 0) (i32.const 1) (i32.const 210) (i32.const 5))
              (call $proc_exit (i32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spawn_all (i32.lt_u (local.get $i) (i32.const 4))))
    (block $joined (loop $join
      (local.set $v (i32.atomic.load (i32.const 64)))
      (br_if $joined (i32.eq (local.get $v) (i32.const 4)))
      (drop (memory.atomic.wait32 (i32.const 64) (local.get $v) (i64.const -1)))
      (br $join)))
    (call $write (i32.const 0) (i32.const 1) (i32.const 200) (i32.const 3))))
