/**
 * WebAssembly text of the exact Gram kernel (assembled at start-up by analysis/kernels/gram-wasm.ts through wabt; no
 * binary is committed), over an imported shared memory (so worker threads can read one copy of the rank indexes).
 * Exports `ranks` (below) and
 *
 *   gram(x, n, p, stride, g): X `[n x p]` float64 at byte offset x, rows `stride` values apart (stride even,
 *   n a multiple of 4, zero padding between p and stride) -> G `[n x n]` float64 at byte offset g, the upper
 *   triangle j >= i complete (some entries below it too; the caller symmetrises from the upper one).
 *
 * Products and sums are float64 (f64x2 lanes over pairs of features), in register blocks of 2 rows x 4 rows (8
 * accumulators; 2 x 5, 3 x 4 and 4 x 4 spill in V8's register allocator and ran 2-3x slower, measured) over feature
 * blocks of KB values so that the 6 rows of a block stay in L1 while j sweeps the rows from L2. The rows are float64
 * (the rank pass writes them so): widening float32 rows in the inner loop (each value 11 times at n = 40) made the
 * product about 40 % slower, and widening each feature block once into a float64 buffer about 20 %, measured. For the similarity draws' doubled centred ranks (integers, |value|
 * <= units < 2^18) every product and every partial sum is an integer below 2^53, so every addition is exact: the
 * result equals the JS float64 product (analysis/gram.ts) bit for bit, whatever the summation order.
 */
export const KB = 2048;

/**
 * ranks(order, groupStart, rankPos, rows, cols, kept, m, out, stride, scratch): analysis/subset-ranks.ts
 * subsetCentredRanks in wasm, the same two passes and the same values (byte offsets: order/rankPos int32
 * [rows x cols], groupStart/kept u8, out float64 rows `stride` apart, scratch float32 [cols]). The ranks are exact in
 * float32 (integers below 2^24), so scratch stays float32 (half the bytes of the pass's random gather); only the
 * rows the product reads are float64. (A kept bitmap in L1 instead of the kept bytes for the pass's random reads
 * was measured no faster.)
 */
/** Pass 1, the singleton at sorted position s + k (sp, op: scratch and order at s). */
const singleton = (k: number): string => `
              (f32.store offset=${4 * k} (local.get $sp)
                (f32.convert_i32_s (i32.sub (i32.add (i32.shl (local.get $below) (i32.const 1)) (i32.const 1)) (local.get $m))))
              (local.set $below (i32.add (local.get $below) (i32.load8_u (i32.add (local.get $kept) (i32.load offset=${4 * k} (local.get $op))))))`;

/** Pass 2, unit u + k (sp, op: rankPos and kept at u). */
const gather = (k: number): string => `
        (f64.store (local.get $t)
          (f64.promote_f32 (f32.load (i32.add (local.get $scratch) (i32.shl (i32.load offset=${4 * k} (local.get $sp)) (i32.const 2))))))
        (local.set $t (i32.add (local.get $t) (i32.shl (i32.load8_u offset=${k} (local.get $op)) (i32.const 3))))`;

const RANKS_WAT = `
  (func (export "ranks") (param $order i32) (param $gs i32) (param $rankPos i32) (param $rows i32) (param $cols i32)
      (param $kept i32) (param $m i32) (param $out i32) (param $stride i32) (param $scratch i32)
    (local $i i32) (local $s i32) (local $e i32) (local $below i32) (local $c i32) (local $q i32) (local $v f32)
    (local $ob i32) (local $gb i32) (local $rb i32) (local $t i32) (local $u i32) (local $rowEnd i32) (local $sp i32) (local $op i32)
    (local.set $i (i32.const 0))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $ob (i32.add (local.get $order) (i32.mul (i32.mul (local.get $i) (local.get $cols)) (i32.const 4))))
      (local.set $rb (i32.add (local.get $rankPos) (i32.mul (i32.mul (local.get $i) (local.get $cols)) (i32.const 4))))
      (local.set $gb (i32.add (local.get $gs) (i32.mul (local.get $i) (local.get $cols))))
      ;; pass 1: sorted positions -> doubled centred average rank among kept units
      (local.set $below (i32.const 0))
      (local.set $s (i32.const 0))
      (block $p1done (loop $p1
        (br_if $p1done (i32.ge_u (local.get $s) (local.get $cols)))
        ;; eight singletons in a row (the usual case off the tie groups): unrolled, without the group scan
        (if (i32.lt_u (i32.add (local.get $s) (i32.const 8)) (local.get $cols))
          (then (if (i64.eq (i64.load (i32.add (local.get $gb) (i32.add (local.get $s) (i32.const 1)))) (i64.const 0x0101010101010101))
            (then
              (local.set $sp (i32.add (local.get $scratch) (i32.shl (local.get $s) (i32.const 2))))
              (local.set $op (i32.add (local.get $ob) (i32.shl (local.get $s) (i32.const 2))))
${Array.from({ length: 8 }, (_, k) => singleton(k)).join('')}
              (local.set $s (i32.add (local.get $s) (i32.const 8)))
              (br $p1)))))
        (local.set $e (i32.add (local.get $s) (i32.const 1)))
        (block $scanDone (loop $scan
          (br_if $scanDone (i32.ge_u (local.get $e) (local.get $cols)))
          (br_if $scanDone (i32.load8_u (i32.add (local.get $gb) (local.get $e))))
          (local.set $e (i32.add (local.get $e) (i32.const 1)))
          (br $scan)))
        (if (i32.eq (local.get $e) (i32.add (local.get $s) (i32.const 1)))
          (then
            (f32.store (i32.add (local.get $scratch) (i32.shl (local.get $s) (i32.const 2)))
              (f32.convert_i32_s (i32.sub (i32.add (i32.shl (local.get $below) (i32.const 1)) (i32.const 1)) (local.get $m))))
            (local.set $below (i32.add (local.get $below)
              (i32.load8_u (i32.add (local.get $kept) (i32.load (i32.add (local.get $ob) (i32.shl (local.get $s) (i32.const 2)))))))))
          (else
            (local.set $c (i32.const 0))
            (local.set $q (local.get $s))
            (loop $count
              (local.set $c (i32.add (local.get $c)
                (i32.load8_u (i32.add (local.get $kept) (i32.load (i32.add (local.get $ob) (i32.shl (local.get $q) (i32.const 2))))))))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br_if $count (i32.lt_u (local.get $q) (local.get $e))))
            (local.set $v (f32.convert_i32_s (i32.sub (i32.add (i32.shl (local.get $below) (i32.const 1)) (local.get $c)) (local.get $m))))
            (local.set $q (local.get $s))
            (loop $fill
              (f32.store (i32.add (local.get $scratch) (i32.shl (local.get $q) (i32.const 2))) (local.get $v))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br_if $fill (i32.lt_u (local.get $q) (local.get $e))))
            (local.set $below (i32.add (local.get $below) (local.get $c)))))
        (local.set $s (local.get $e))
        (br $p1)))
      ;; pass 2: gather in unit order; a dropped unit writes the next slot, overwritten by the next kept one
      (local.set $t (i32.add (local.get $out) (i32.mul (i32.mul (local.get $i) (local.get $stride)) (i32.const 8))))
      (local.set $rowEnd (i32.add (local.get $t) (i32.mul (local.get $m) (i32.const 8))))
      (local.set $u (i32.const 0))
      ;; four units at a time, then the rest one by one
      (block $p4done (loop $p4
        (br_if $p4done (i32.gt_u (i32.add (local.get $u) (i32.const 4)) (local.get $cols)))
        (local.set $sp (i32.add (local.get $rb) (i32.shl (local.get $u) (i32.const 2))))
        (local.set $op (i32.add (local.get $kept) (local.get $u)))
${Array.from({ length: 4 }, (_, k) => gather(k)).join('')}
        (local.set $u (i32.add (local.get $u) (i32.const 4)))
        (br $p4)))
      (block $p2done (loop $p2
        (br_if $p2done (i32.ge_u (local.get $u) (local.get $cols)))
        (f64.store (local.get $t)
          (f64.promote_f32 (f32.load (i32.add (local.get $scratch) (i32.shl (i32.load (i32.add (local.get $rb) (i32.shl (local.get $u) (i32.const 2)))) (i32.const 2))))))
        (local.set $t (i32.add (local.get $t) (i32.shl (i32.load8_u (i32.add (local.get $kept) (local.get $u))) (i32.const 3))))
        (local.set $u (i32.add (local.get $u) (i32.const 1)))
        (br $p2)))
      ;; padded rows keep zeros after their m ranks (the gather's spill included)
      (if (i32.gt_u (local.get $stride) (local.get $m))
        (then (memory.fill (local.get $rowEnd) (i32.const 0) (i32.mul (i32.sub (local.get $stride) (local.get $m)) (i32.const 8)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rowLoop)))
  )
`;

const acc = ['s00', 's01', 's02', 's03', 's10', 's11', 's12', 's13'];

/** G[row][col] += lane0 + lane1 of accumulator `s`. */
const flush = (s: string, rowPtr: string, col: number): string => `
          (f64.store offset=${col * 8} (local.get ${rowPtr})
            (f64.add (f64.load offset=${col * 8} (local.get ${rowPtr}))
              (f64.add (f64x2.extract_lane 0 (local.get $${s})) (f64x2.extract_lane 1 (local.get $${s})))))`;

const ld = (ptr: string): string => `(v128.load (i32.add (local.get ${ptr}) (local.get $o)))`;

export const GRAM_WAT = `
(module
  (import "env" "memory" (memory 1 65536 shared))
${RANKS_WAT}
  (func (export "gram") (param $x i32) (param $n i32) (param $p i32) (param $stride i32) (param $g i32)
    (local $k0 i32) (local $kw i32) (local $i i32) (local $j i32) (local $o i32) (local $rowBytes i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $g0 i32) (local $g1 i32)
    (local $u v128) (local $w v128) (local $c v128)
    ${acc.map((s) => `(local $${s} v128)`).join(' ')}
    (memory.fill (local.get $g) (i32.const 0) (i32.mul (i32.mul (local.get $n) (local.get $n)) (i32.const 8)))
    (local.set $rowBytes (i32.mul (local.get $stride) (i32.const 8)))
    (local.set $k0 (i32.const 0))
    (block $kdone (loop $kloop
      (br_if $kdone (i32.ge_u (local.get $k0) (local.get $p)))
      ;; bytes of this feature block, rounded up to pairs (the padding is zero)
      (local.set $kw (i32.sub (local.get $p) (local.get $k0)))
      (if (i32.gt_u (local.get $kw) (i32.const ${KB})) (then (local.set $kw (i32.const ${KB}))))
      (local.set $kw (i32.mul (i32.and (i32.add (local.get $kw) (i32.const 1)) (i32.const -2)) (i32.const 8)))
      (local.set $i (i32.const 0))
      (loop $iloop
        (local.set $a0 (i32.add (local.get $x) (i32.add (i32.mul (local.get $i) (local.get $rowBytes)) (i32.mul (local.get $k0) (i32.const 8)))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $rowBytes)))
        (local.set $g0 (i32.add (local.get $g) (i32.mul (i32.mul (local.get $i) (local.get $n)) (i32.const 8))))
        (local.set $g1 (i32.add (local.get $g0) (i32.mul (local.get $n) (i32.const 8))))
        ;; j from i rounded down to a multiple of 4: covers every j >= i of rows i and i+1
        (local.set $j (i32.and (local.get $i) (i32.const -4)))
        (loop $jloop
          (local.set $b0 (i32.add (local.get $x) (i32.add (i32.mul (local.get $j) (local.get $rowBytes)) (i32.mul (local.get $k0) (i32.const 8)))))
          (local.set $b1 (i32.add (local.get $b0) (local.get $rowBytes)))
          (local.set $b2 (i32.add (local.get $b1) (local.get $rowBytes)))
          (local.set $b3 (i32.add (local.get $b2) (local.get $rowBytes)))
          ${acc.map((s) => `(local.set $${s} (v128.const i64x2 0 0))`).join(' ')}
          (local.set $o (i32.const 0))
          (loop $kin
            (local.set $u ${ld('$a0')})
            (local.set $w ${ld('$a1')})
            (local.set $c ${ld('$b0')})
            (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $u) (local.get $c))))
            (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $w) (local.get $c))))
            (local.set $c ${ld('$b1')})
            (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $u) (local.get $c))))
            (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $w) (local.get $c))))
            (local.set $c ${ld('$b2')})
            (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $u) (local.get $c))))
            (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $w) (local.get $c))))
            (local.set $c ${ld('$b3')})
            (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $u) (local.get $c))))
            (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $w) (local.get $c))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br_if $kin (i32.lt_u (local.get $o) (local.get $kw))))
          (local.set $g0 (i32.add (local.get $g0) (i32.mul (local.get $j) (i32.const 8))))
          (local.set $g1 (i32.add (local.get $g1) (i32.mul (local.get $j) (i32.const 8))))
          ${flush('s00', '$g0', 0)}${flush('s01', '$g0', 1)}${flush('s02', '$g0', 2)}${flush('s03', '$g0', 3)}
          ${flush('s10', '$g1', 0)}${flush('s11', '$g1', 1)}${flush('s12', '$g1', 2)}${flush('s13', '$g1', 3)}
          (local.set $g0 (i32.sub (local.get $g0) (i32.mul (local.get $j) (i32.const 8))))
          (local.set $g1 (i32.sub (local.get $g1) (i32.mul (local.get $j) (i32.const 8))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br_if $jloop (i32.lt_u (local.get $j) (local.get $n))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $iloop (i32.lt_u (local.get $i) (local.get $n))))
      (local.set $k0 (i32.add (local.get $k0) (i32.const ${KB})))
      (br $kloop)))))
`;
