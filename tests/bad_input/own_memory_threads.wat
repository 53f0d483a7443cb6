;; Spawns a thread but defines its memory instead of importing it: every
;; thread's instance would get a memory of its own, so the store the main
;; thread waits for would never arrive.  wasi-threads modules import a
;; shared memory; weft refuses this one.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1 1 shared)
  (func (export "wasi_thread_start") (param i32 i32)
    (i32.atomic.store (i32.const 0) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
  (func (export "_start")
    (drop (call $spawn (i32.const 0)))
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
    (call $exit (i32.sub (i32.const 1) (i32.atomic.load (i32.const 0))))))
