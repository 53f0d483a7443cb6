;; Spawns threads that block forever until thread-spawn refuses one (a
;; negative result, never a crash), at most 20000 tries.  Prints
;; "refused after N" (N > 0 spawned) and returns from _start, which ends
;; the process with every thread still blocked.  check.sh runs it under an
;; address-space limit so the host runs out long before 20000.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 64: started threads
  (data (i32.const 200) "refused after 0000000000\n")  ;; 25, digits @214
  (data (i32.const 300) "never refused\n")             ;; 14
  (func (export "wasi_thread_start") (param $tid i32) (param $a i32)
    (drop (i32.atomic.rmw.add (i32.const 64) (i32.const 1)))
    (drop (memory.atomic.wait32 (i32.const 128) (i32.const 0) (i64.const -1))))
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (local $n i32) (local $r i32) (local $d i32)
    (block $refused (loop $more
      (local.set $r (call $spawn (local.get $n)))
      (br_if $refused (i32.lt_s (local.get $r) (i32.const 0)))
      (if (i32.eqz (local.get $r)) (then unreachable)) ;; 0 is no valid id
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $n) (i32.const 20000)))
      (call $print (i32.const 300) (i32.const 14))
      (return)))
    (local.set $d (i32.const 9))
    (local.set $r (local.get $n))
    (loop $digits
      (i32.store8 (i32.add (i32.const 214) (local.get $d))
                  (i32.add (i32.const 48) (i32.rem_u (local.get $r) (i32.const 10))))
      (local.set $r (i32.div_u (local.get $r) (i32.const 10)))
      (local.set $d (i32.sub (local.get $d) (i32.const 1)))
      (br_if $digits (i32.ge_s (local.get $d) (i32.const 0))))
    (call $print (i32.const 200) (i32.const 25))))
