;; Well-formed but invalid: the function returns an i64 where it declares i32.
(module
  (func $f (export "f") (result i32)
    (i64.const 1)))
