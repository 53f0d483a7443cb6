;; A command that imports a function weft's WASI host does not provide.
(module
  (import "env" "nope" (func $nope))
  (memory (export "memory") 1)
  (func (export "_start") (call $nope)))
