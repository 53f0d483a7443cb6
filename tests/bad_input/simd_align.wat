;; An alignment beyond a v128's 16 bytes: invalid.
(module (memory 1) (func (result v128) (v128.load align=32 (i32.const 0))))
