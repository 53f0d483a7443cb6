;; A command using SIMD (v128 constants and i32x4 arithmetic).
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (v128.store (i32.const 0)
      (i32x4.add (v128.const i32x4 1 2 3 4) (i32x4.splat (i32.const 5))))))
