;; memory.atomic.wait32 on an unshared memory traps ("expected shared
;; memory"), even though the value differs and it would not block.
(module
  (memory 1)
  (func (export "_start")
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 1) (i64.const 0)))))
