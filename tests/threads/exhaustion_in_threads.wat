;; Two spawned threads recurse without end at once, while main is blocked
;; forever: each runs off its own stack into its guard page, and the first
;; "call stack exhausted" trap ends the process (never a crash or a hang).
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func $down (param i32) (result i32)
    (i32.add (i32.const 1) (call $down (i32.add (local.get 0) (i32.const 1)))))
  (func (export "wasi_thread_start") (param i32 i32)
    (drop (call $down (local.get 1))))
  (func (export "_start")
    (drop (call $spawn (i32.const 0)))
    (drop (call $spawn (i32.const 1)))
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))))
