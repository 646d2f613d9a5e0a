/**
 * WebAssembly text of ROMP's scoring round (analysis/encoding/romp.ts; assembled by analysis/kernels/romp-wasm.ts
 * through wabt, no committed binary):
 *
 *   scores(xnT, n, k0, k1, r, a4, thr, cand) -> count
 *     xnT  float64 [p x n] at byte offset xnT: the centred unit-norm features, feature-major;
 *     r    float64 [n x a4] at r: the active targets' residuals, image-major (a4 a multiple of 4, padded with zeros);
 *     thr  float64 [a4] at thr: per target, the score a candidate must exceed (+inf for the padding);
 *     cand (i32 feature, i32 target, f64 score) records of 16 bytes at cand, for features k0..k1-1.
 *   For every feature k in [k0, k1) and target a, u = |sum_i xnT[k][i] r[i][a]| (i ascending, one product and one
 *   addition per image in float64: the JS loop's operations in the JS loop's order, so the same bits); a record is
 *   written when u > thr[a]. Per target the records come in ascending k.
 *
 * Lanes hold targets (two per f64x2), so every lane runs the JS loop's scalar sum: register blocks of 2 features x
 * 4 targets (4 accumulators), each feature value splatted once per image.
 */
const rec = (acc: string, lane: number, feature: string, target: string): string => `
              (if (f64.gt (f64.abs (f64x2.extract_lane ${lane} (local.get $${acc}))) (f64.load offset=${8 * (Number(target))} (local.get $tp)))
                (then
                  (i32.store (local.get $cp) (local.get ${feature}))
                  (i32.store offset=4 (local.get $cp) (i32.add (local.get $a) (i32.const ${target})))
                  (f64.store offset=8 (local.get $cp) (f64.abs (f64x2.extract_lane ${lane} (local.get $${acc}))))
                  (local.set $cp (i32.add (local.get $cp) (i32.const 16)))))`;

/** The records of one feature's 4 targets (accumulators lo: targets a, a+1; hi: a+2, a+3), when any passes. */
const records = (lo: string, hi: string, feature: string): string => `
          (if (v128.any_true (v128.or
                (f64x2.gt (f64x2.abs (local.get $${lo})) (v128.load (local.get $tp)))
                (f64x2.gt (f64x2.abs (local.get $${hi})) (v128.load offset=16 (local.get $tp)))))
            (then${rec(lo, 0, feature, '0')}${rec(lo, 1, feature, '1')}${rec(hi, 0, feature, '2')}${rec(hi, 1, feature, '3')}))`;

export const ROMP_WAT = `
(module
  (memory (export "memory") 1 65536)
  (func (export "scores") (param $xnT i32) (param $n i32) (param $k0 i32) (param $k1 i32) (param $r i32) (param $a4 i32)
      (param $thr i32) (param $cand i32) (result i32)
    (local $k i32) (local $k2 i32) (local $two i32) (local $a i32) (local $i i32)
    (local $x0p i32) (local $x1p i32) (local $rp i32) (local $tp i32) (local $cp i32) (local $rowBytes i32)
    (local $x0 v128) (local $x1 v128) (local $clo v128) (local $chi v128)
    (local $s0lo v128) (local $s0hi v128) (local $s1lo v128) (local $s1hi v128)
    (local.set $cp (local.get $cand))
    (local.set $rowBytes (i32.shl (local.get $a4) (i32.const 3)))
    (local.set $k (local.get $k0))
    (block $kdone (loop $kloop
      (br_if $kdone (i32.ge_u (local.get $k) (local.get $k1)))
      ;; the pair k, k+1; a lone last feature pairs with itself and records only once
      (local.set $two (i32.lt_u (i32.add (local.get $k) (i32.const 1)) (local.get $k1)))
      (local.set $k2 (i32.add (local.get $k) (local.get $two)))
      (local.set $x0p (i32.add (local.get $xnT) (i32.shl (i32.mul (local.get $k) (local.get $n)) (i32.const 3))))
      (local.set $x1p (i32.add (local.get $xnT) (i32.shl (i32.mul (local.get $k2) (local.get $n)) (i32.const 3))))
      (local.set $a (i32.const 0))
      (block $adone (loop $aloop
        (br_if $adone (i32.ge_u (local.get $a) (local.get $a4)))
        (local.set $s0lo (v128.const i64x2 0 0)) (local.set $s0hi (v128.const i64x2 0 0))
        (local.set $s1lo (v128.const i64x2 0 0)) (local.set $s1hi (v128.const i64x2 0 0))
        (local.set $rp (i32.add (local.get $r) (i32.shl (local.get $a) (i32.const 3))))
        (local.set $i (i32.const 0))
        (block $idone (loop $iloop
          (br_if $idone (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $x0 (f64x2.splat (f64.load (i32.add (local.get $x0p) (i32.shl (local.get $i) (i32.const 3))))))
          (local.set $x1 (f64x2.splat (f64.load (i32.add (local.get $x1p) (i32.shl (local.get $i) (i32.const 3))))))
          (local.set $clo (v128.load (local.get $rp)))
          (local.set $chi (v128.load offset=16 (local.get $rp)))
          (local.set $s0lo (f64x2.add (local.get $s0lo) (f64x2.mul (local.get $x0) (local.get $clo))))
          (local.set $s0hi (f64x2.add (local.get $s0hi) (f64x2.mul (local.get $x0) (local.get $chi))))
          (local.set $s1lo (f64x2.add (local.get $s1lo) (f64x2.mul (local.get $x1) (local.get $clo))))
          (local.set $s1hi (f64x2.add (local.get $s1hi) (f64x2.mul (local.get $x1) (local.get $chi))))
          (local.set $rp (i32.add (local.get $rp) (local.get $rowBytes)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $iloop)))
        (local.set $tp (i32.add (local.get $thr) (i32.shl (local.get $a) (i32.const 3))))
        ${records('s0lo', 's0hi', '$k')}
        (if (local.get $two) (then ${records('s1lo', 's1hi', '$k2')}))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $aloop)))
      (local.set $k (i32.add (local.get $k) (i32.const 2)))
      (br $kloop)))
    (i32.shr_u (i32.sub (local.get $cp) (local.get $cand)) (i32.const 4)))
)
`;
