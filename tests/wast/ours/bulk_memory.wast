;; Bulk memory: memory.fill, memory.copy (overlapping both ways),
;; memory.init from passive segments, data.drop, and their bounds checks,
;; which happen before anything is written.

(module
  (memory 1 1)
  (data $hello "hello")
  (data $abc "abc")
  (data (i32.const 0x100) "0123456789")
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init_hello") (param i32 i32 i32) (memory.init $hello (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init_abc") (param i32 i32 i32) (memory.init $abc (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop_hello") (data.drop $hello))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
)

;; fill stores the low byte of the value
(invoke "fill" (i32.const 0x10) (i32.const 0x1234abcd) (i32.const 4))
(assert_return (invoke "load32" (i32.const 0x10)) (i32.const 0xcdcdcdcd))
(assert_return (invoke "load8" (i32.const 0x0f)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 0x14)) (i32.const 0))
(invoke "fill" (i32.const 0x20) (i32.const 0xff) (i32.const 0))
(assert_return (invoke "load8" (i32.const 0x20)) (i32.const 0))
(invoke "fill" (i32.const 0xfffe) (i32.const 0x77) (i32.const 2))
(assert_return (invoke "load8" (i32.const 0xffff)) (i32.const 0x77))
(invoke "fill" (i32.const 0x10000) (i32.const 0) (i32.const 0))
(assert_trap (invoke "fill" (i32.const 0x10001) (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "fill" (i32.const 0xfff0) (i32.const 0x55) (i32.const 0x11)) "out of bounds memory access")
(assert_trap (invoke "fill" (i32.const 0xfff0) (i32.const 0x55) (i32.const -1)) "out of bounds memory access")
;; nothing was written by the failing fills
(assert_return (invoke "load8" (i32.const 0xfff0)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 0xffff)) (i32.const 0x77))

;; copy, non-overlapping and overlapping in both directions
(invoke "copy" (i32.const 0x200) (i32.const 0x100) (i32.const 10))
(assert_return (invoke "load64" (i32.const 0x200)) (i64.const 0x3736353433323130))
(invoke "copy" (i32.const 0x101) (i32.const 0x100) (i32.const 9))
;; "0123456789" -> "0012345678"
(assert_return (invoke "load64" (i32.const 0x100)) (i64.const 0x3635343332313030))
(assert_return (invoke "load8" (i32.const 0x109)) (i32.const 0x38))
(invoke "copy" (i32.const 0x200) (i32.const 0x202) (i32.const 8))
;; "0123456789" -> "2345678989"
(assert_return (invoke "load64" (i32.const 0x200)) (i64.const 0x3938373635343332))
(assert_return (invoke "load8" (i32.const 0x209)) (i32.const 0x39))
(invoke "copy" (i32.const 0x300) (i32.const 0x300) (i32.const 4))
(invoke "copy" (i32.const 0x10000) (i32.const 0) (i32.const 0))
(invoke "copy" (i32.const 0) (i32.const 0x10000) (i32.const 0))
(assert_trap (invoke "copy" (i32.const 0x10001) (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "copy" (i32.const 0) (i32.const 0x10001) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "copy" (i32.const 0xfffc) (i32.const 0x100) (i32.const 5)) "out of bounds memory access")
(assert_trap (invoke "copy" (i32.const 0x100) (i32.const 0xfffc) (i32.const 5)) "out of bounds memory access")
(assert_trap (invoke "copy" (i32.const 0) (i32.const 0) (i32.const -1)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 0xfffc)) (i32.const 0))
(invoke "copy" (i32.const 0xfffc) (i32.const 0x100) (i32.const 4))
(assert_return (invoke "load32" (i32.const 0xfffc)) (i32.const 0x32313030))

;; init from passive segments, with the segment's own bounds
(invoke "init_hello" (i32.const 0x400) (i32.const 0) (i32.const 5))
(assert_return (invoke "load32" (i32.const 0x400)) (i32.const 0x6c6c6568))
(assert_return (invoke "load8" (i32.const 0x404)) (i32.const 0x6f))
(invoke "init_hello" (i32.const 0x410) (i32.const 3) (i32.const 2))
(assert_return (invoke "load32" (i32.const 0x410)) (i32.const 0x6f6c))
(invoke "init_hello" (i32.const 0x420) (i32.const 5) (i32.const 0))
(assert_trap (invoke "init_hello" (i32.const 0x420) (i32.const 6) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "init_hello" (i32.const 0x420) (i32.const 4) (i32.const 2)) "out of bounds memory access")
(assert_trap (invoke "init_hello" (i32.const 0xfffe) (i32.const 0) (i32.const 3)) "out of bounds memory access")
(assert_trap (invoke "init_hello" (i32.const 0x10001) (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 0xfffe)) (i32.const 0x31))
(invoke "init_hello" (i32.const 0x10000) (i32.const 0) (i32.const 0))
;; dropping a segment makes it empty; dropping twice is fine
(invoke "drop_hello")
(invoke "init_hello" (i32.const 0x430) (i32.const 0) (i32.const 0))
(assert_trap (invoke "init_hello" (i32.const 0x430) (i32.const 0) (i32.const 1)) "out of bounds memory access")
(invoke "drop_hello")
(invoke "init_abc" (i32.const 0x430) (i32.const 1) (i32.const 2))
(assert_return (invoke "load32" (i32.const 0x430)) (i32.const 0x6362))

;; an active segment is dropped after instantiation: memory.init from it
;; only works with length 0
(module
  (memory 1)
  (data $a (i32.const 0) "xyz")
  (func (export "init") (param i32 i32 i32) (memory.init $a (local.get 0) (local.get 1) (local.get 2)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
)
(assert_return (invoke "load8" (i32.const 2)) (i32.const 0x7a))
(invoke "init" (i32.const 0) (i32.const 0) (i32.const 0))
(assert_trap (invoke "init" (i32.const 0) (i32.const 0) (i32.const 1)) "out of bounds memory access")

(assert_invalid (module (memory 1) (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0)))) "unknown data segment")
(assert_invalid (module (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 0)))) "unknown memory")
