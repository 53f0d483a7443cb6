;; A WASI reactor: _initialize runs once, when the host creates the
;; instance, before any other call.
(module
  (memory (export "memory") 1)
  (func (export "_initialize")
    (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 42))))
  (func (export "get") (result i32) (i32.load (i32.const 0))))
