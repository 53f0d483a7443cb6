;; A reactor-style module: it exports functions, but no _start.
(module
  (memory (export "memory") 1)
  (func (export "main") (result i32) (i32.const 0)))
