;; SIMD float arithmetic quiets a signalling NaN lane even where the other
;; operand is a constant vector of 1s or 0s the C compiler knows, which it
;; would fold lane-wise (see nan_operands.wast for scalars).
(module
  (func (export "mul_local") (param $x v128) (result v128) (local $one v128)
    (local.set $one (f32x4.splat (f32.const 1)))
    (f32x4.mul (local.get $x) (local.get $one)))
  (func (export "mul_const") (param $x v128) (result v128)
    (f32x4.mul (local.get $x) (v128.const f32x4 1 1 1 1)))
  (func (export "sub_zero64") (param $x v128) (result v128)
    (f64x2.sub (local.get $x) (v128.const f64x2 0 0)))
  (func (export "div_one64") (param $x v128) (result v128)
    (f64x2.div (local.get $x) (f64x2.splat (f64.const 1))))
  (func (export "add_negzero") (param $x v128) (result v128)
    (f32x4.add (local.get $x) (v128.const f32x4 -0 -0 -0 -0)))
)
(assert_return (invoke "mul_local" (v128.const f32x4 nan:0x200000 1 nan:0x200000 2)) (v128.const f32x4 nan:arithmetic 1 nan:arithmetic 2))
(assert_return (invoke "mul_const" (v128.const f32x4 nan:0x200000 1 nan:0x200000 2)) (v128.const f32x4 nan:arithmetic 1 nan:arithmetic 2))
(assert_return (invoke "sub_zero64" (v128.const f64x2 nan:0x4000000000000 1)) (v128.const f64x2 nan:arithmetic 1))
(assert_return (invoke "div_one64" (v128.const f64x2 nan:0x4000000000000 1)) (v128.const f64x2 nan:arithmetic 1))
(assert_return (invoke "add_negzero" (v128.const f32x4 nan:0x200000 1 nan:0x200000 2)) (v128.const f32x4 nan:arithmetic 1 nan:arithmetic 2))
(module
  (func (export "min_negzero") (param $x v128) (result v128)
    (f32x4.min (local.get $x) (v128.const f32x4 -0 -0 -0 -0)))
  (func (export "max_zero64") (param $x v128) (result v128) (local $z v128)
    (f64x2.max (local.get $z) (local.get $x))))
(assert_return (invoke "min_negzero" (v128.const f32x4 nan:0x200000 1 0 -1)) (v128.const f32x4 nan:arithmetic -0 -0 -1))
(assert_return (invoke "max_zero64" (v128.const f64x2 nan:0x4000000000000 -1)) (v128.const f64x2 nan:arithmetic 0))
