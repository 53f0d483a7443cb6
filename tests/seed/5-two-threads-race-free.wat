;; Seed stage 5 without its data race: every thread prints through its own
;; iovec and nwritten (main at 0, thread k at its message address + 2000),
;; and main waits until both threads have counted in, however the
;; notifications interleave.
(module
  (func $fd_write (import "wasi_unstable" "fd_write") (param i32 i32 i32 i32) (result i32))
  (func $spawn_thread (import "wasi" "thread-spawn") (param $arg i32) (result i32))
  (memory $mem (import "env" "memory") 1 1 shared)
  (export "memory" (memory $mem))
  (data (i32.const 1000) "From main thread\n\00")
  (data (i32.const 1100) "From thread 1\n\00")
  (data (i32.const 1200) "From thread 2\n\00")
  (func $print (param $str_ptr i32) (param $scratch i32)
    (i32.store (local.get $scratch) (local.get $str_ptr))
    (i32.store offset=4 (local.get $scratch) (call $strlen (local.get $str_ptr)))
    (drop (call $fd_write (i32.const 1) (local.get $scratch) (i32.const 1)
                          (i32.add (local.get $scratch) (i32.const 8)))))
  (func $strlen (param $str_ptr i32) (result i32)
    (local $ctr i32)
    (block $done
      (loop $continue
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $str_ptr) (local.get $ctr)))))
        (local.set $ctr (i32.add (local.get $ctr) (i32.const 1)))
        (br $continue)))
    (local.get $ctr))
  (func (export "_start")
    (local $seen i32)
    (call $print (i32.const 1000) (i32.const 0))
    (drop (call $spawn_thread (i32.const 1100)))
    (drop (call $spawn_thread (i32.const 1200)))
    (block $joined
      (loop $wait
        (local.set $seen (i32.atomic.load (i32.const 4000)))
        (br_if $joined (i32.ge_u (local.get $seen) (i32.const 2)))
        (drop (memory.atomic.wait32 (i32.const 4000) (local.get $seen) (i64.const -1)))
        (br $wait))))
  (func (export "wasi_thread_start") (param $thread_id i32) (param $arg i32)
    (call $print (local.get $arg) (i32.add (local.get $arg) (i32.const 2000)))
    (drop (i32.atomic.rmw.add (i32.const 4000) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 4000) (i32.const 1)))))
