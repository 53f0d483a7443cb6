;; Endless recursion for hosts to call: through plain calls only ($down,
;; stopped by the stack's guard page in guard mode) and through
;; call_indirect ($down_indirect, stopped by the explicit stack check);
;; and a function that still works afterwards.
(module
  (type $rec (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $down_indirect)
  (func $down (export "down") (param i32) (result i32)
    (i32.add (i32.const 1) (call $down (i32.add (local.get 0) (i32.const 1)))))
  (func $down_indirect (export "down_indirect") (param i32) (result i32)
    (i32.add (i32.const 1)
      (call_indirect (type $rec) (i32.add (local.get 0) (i32.const 1)) (i32.const 0))))
  (func (export "answer") (result i32) (i32.const 42)))
