;; A module whose instantiation allocates in many places: its own memory,
;; two tables, and element segments of every mode.  Hosts may spawn threads
;; of it (it has a wasi_thread_start), each a new instance.
(module
  (memory (export "memory") 1 4)
  (table 10 funcref)
  (table 5 externref)
  (func $a (result i32) (i32.const 7))
  (elem (i32.const 0) $a $a)
  (elem func $a $a $a)
  (elem declare func $a)
  (elem (table 0) (i32.const 4) func $a)
  (data (i32.const 0) "data")
  (func (export "answer") (result i32) (call $a))
  (func (export "wasi_thread_start") (param i32 i32)))
