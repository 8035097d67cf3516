#!/usr/bin/env node
// Generates src/seeding/wasm/simd-kernels-binary.ts (the wasm bytes, base64) from the WebAssembly text built
// below. Run after editing: node libs/clusterflow/scripts/build-simd-kernels.mjs (needs the dev dependency wabt);
// `--check` only compares the committed file with what it would write.
// The kernels are dot products only; all control flow stays in TypeScript, so the wasm path and the plain
// TypeScript path share every decision and differ only in the order of floating-point additions.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const L = (name) => `(local.get $${name})`;
const add = (a, b) => `(i32.add ${a} ${b})`;

/** f64x2 accumulation: s += x * y */
const fma = (s, x, y) => `(local.set $${s} (f64x2.add ${L(s)} (f64x2.mul ${L(x)} ${L(y)})))`;
/** horizontal sum of an f64x2 local */
const hsum = (s) => `(f64.add (f64x2.extract_lane 0 ${L(s)}) (f64x2.extract_lane 1 ${L(s)}))`;

/**
 * dots_RxC: R rows `a*` × C rows `b*`; writes R·C f64 dot products to `out` (row-major r*C+c).
 * `aF32`: the a rows are float32 (promoted to f64 two at a time); b rows are always f64.
 */
function dots(name, R, C, aF32) {
  const aParams = Array.from({ length: R }, (_, r) => `(param $a${r} i32)`).join(' ');
  const bParams = Array.from({ length: C }, (_, c) => `(param $b${c} i32)`).join(' ');
  const accs = [];
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) accs.push(`s${r}${c}`);
  const locals = [
    ...accs.map((s) => `(local $${s} v128)`),
    ...Array.from({ length: R }, (_, r) => `(local $x${r} v128)`),
    ...Array.from({ length: C }, (_, c) => `(local $y${c} v128)`),
    '(local $k i32) (local $ka i32) (local $end i32) (local $t f64)',
  ].join(' ');
  const aStep = aF32 ? 8 : 16;
  const loadA = (r) =>
    aF32
      ? `(local.set $x${r} (f64x2.promote_low_f32x4 (v128.load64_zero ${add(L(`a${r}`), L('ka'))})))`
      : `(local.set $x${r} (v128.load ${add(L(`a${r}`), L('ka'))}))`;
  const body = [
    ...Array.from({ length: C }, (_, c) => `(local.set $y${c} (v128.load ${add(L(`b${c}`), L('k'))}))`),
    ...Array.from({ length: R }, (_, r) => loadA(r)),
    ...accs.map((s) => fma(s, `x${s[1]}`, `y${s[2]}`)),
    `(local.set $k (i32.add ${L('k')} (i32.const 16)))`,
    `(local.set $ka (i32.add ${L('ka')} (i32.const ${aStep})))`,
  ].join('\n      ');
  // Odd length: the last element, scalar.
  const aLoadScalar = (r) =>
    aF32
      ? `(f64.promote_f32 (f32.load ${add(L(`a${r}`), `(i32.shl (i32.sub ${L('n')} (i32.const 1)) (i32.const 2))`)}))`
      : `(f64.load ${add(L(`a${r}`), `(i32.shl (i32.sub ${L('n')} (i32.const 1)) (i32.const 3))`)})`;
  const bLoadScalar = (c) =>
    `(f64.load ${add(L(`b${c}`), `(i32.shl (i32.sub ${L('n')} (i32.const 1)) (i32.const 3))`)})`;
  const stores = accs
    .map((s, i) => {
      const r = s[1];
      const c = s[2];
      return `(local.set $t ${hsum(s)})
    (if (i32.and ${L('n')} (i32.const 1)) (then (local.set $t (f64.add ${L('t')} (f64.mul ${aLoadScalar(r)} ${bLoadScalar(c)})))))
    (f64.store offset=${i * 8} ${L('out')} ${L('t')})`;
    })
    .join('\n    ');
  return `(func (export "${name}") ${aParams} ${bParams} (param $n i32) (param $out i32) ${locals}
    (local.set $end (i32.shl (i32.and ${L('n')} (i32.const -2)) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_u ${L('k')} ${L('end')}))
      ${body}
      (br $l)))
    ${stores})`;
}

/**
 * accum_*: sums[d] += x[d] for every d, and out[0] = Σ (x[d] − c[d])² — the centroid-update pass of Lloyd with
 * the exact inertia, in one sweep. x is float32 (`aF32`) or f64; sums and c are f64.
 */
function accum(name, aF32) {
  const aStep = aF32 ? 8 : 16;
  const loadX = aF32
    ? `(f64x2.promote_low_f32x4 (v128.load64_zero ${add(L('x'), L('ka'))}))`
    : `(v128.load ${add(L('x'), L('ka'))})`;
  const lastX = aF32
    ? `(f64.promote_f32 (f32.load ${add(L('x'), `(i32.shl (i32.sub ${L('n')} (i32.const 1)) (i32.const 2))`)}))`
    : `(f64.load ${add(L('x'), `(i32.shl (i32.sub ${L('n')} (i32.const 1)) (i32.const 3))`)})`;
  const last = (p) => add(L(p), `(i32.shl (i32.sub ${L('n')} (i32.const 1)) (i32.const 3))`);
  return `(func (export "${name}") (param $x i32) (param $sums i32) (param $c i32) (param $n i32) (param $out i32)
    (local $k i32) (local $ka i32) (local $end i32) (local $v v128) (local $t v128) (local $acc v128)
    (local $sv f64) (local $tv f64) (local $r f64)
    (local.set $end (i32.shl (i32.and ${L('n')} (i32.const -2)) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_u ${L('k')} ${L('end')}))
      (local.set $v ${loadX})
      (v128.store ${add(L('sums'), L('k'))} (f64x2.add (v128.load ${add(L('sums'), L('k'))}) ${L('v')}))
      (local.set $t (f64x2.sub ${L('v')} (v128.load ${add(L('c'), L('k'))})))
      (local.set $acc (f64x2.add ${L('acc')} (f64x2.mul ${L('t')} ${L('t')})))
      (local.set $k (i32.add ${L('k')} (i32.const 16)))
      (local.set $ka (i32.add ${L('ka')} (i32.const ${aStep})))
      (br $l)))
    (local.set $r ${hsum('acc')})
    (if (i32.and ${L('n')} (i32.const 1)) (then
      (local.set $sv ${lastX})
      (f64.store ${last('sums')} (f64.add (f64.load ${last('sums')}) ${L('sv')}))
      (local.set $tv (f64.sub ${L('sv')} (f64.load ${last('c')})))
      (local.set $r (f64.add ${L('r')} (f64.mul ${L('tv')} ${L('tv')})))))
    (f64.store ${L('out')} ${L('r')}))`;
}

/**
 * Float32 dot products for the Gram tiles of the silhouette: R rows `a*` × C rows `b*`, f32x4 lanes (4 dimensions
 * per step, twice the f64 rate), with the f32 partial sums flushed into f64 totals every 256 dimensions so the
 * rounding error stays that of a 256-term float32 sum, not of the whole row. Writes the R·C f64 results to
 * `out + r·ostride + c·8`.
 */
function dotsF32Chunked(name, R, C) {
  const pairs = [];
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) pairs.push([r, c]);
  const params = [
    ...Array.from({ length: R }, (_, r) => `(param $a${r} i32)`),
    ...Array.from({ length: C }, (_, c) => `(param $b${c} i32)`),
    '(param $n i32) (param $out i32) (param $ostride i32)',
  ].join(' ');
  const locals = [
    ...pairs.map(([r, c]) => `(local $s${r}${c} v128) (local $t${r}${c} v128) (local $u${r}${c} f64)`),
    ...Array.from({ length: R }, (_, r) => `(local $x${r} v128) (local $xs${r} f64)`),
    ...Array.from({ length: C }, (_, c) => `(local $y${c} v128) (local $ys${c} f64)`),
    '(local $k i32) (local $end i32) (local $cend i32) (local $bytes i32)',
  ].join(' ');
  const high = (v) => `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})`;
  const inner = [
    ...Array.from({ length: C }, (_, c) => `(local.set $y${c} (v128.load ${add(L(`b${c}`), L('k'))}))`),
    ...Array.from({ length: R }, (_, r) => `(local.set $x${r} (v128.load ${add(L(`a${r}`), L('k'))}))`),
    ...pairs.map(
      ([r, c]) =>
        `(local.set $s${r}${c} (f32x4.add ${L(`s${r}${c}`)} (f32x4.mul ${L(`x${r}`)} ${L(`y${c}`)})))`,
    ),
    `(local.set $k (i32.add ${L('k')} (i32.const 16)))`,
  ].join('\n        ');
  const flush = pairs
    .map(
      ([r, c]) =>
        `(local.set $t${r}${c} (f64x2.add ${L(`t${r}${c}`)} (f64x2.add (f64x2.promote_low_f32x4 ${L(`s${r}${c}`)}) (f64x2.promote_low_f32x4 ${high(L(`s${r}${c}`))}))))
      (local.set $s${r}${c} (v128.const i32x4 0 0 0 0))`,
    )
    .join('\n      ');
  const tail = [
    ...Array.from(
      { length: R },
      (_, r) => `(local.set $xs${r} (f64.promote_f32 (f32.load ${add(L(`a${r}`), L('k'))})))`,
    ),
    ...Array.from(
      { length: C },
      (_, c) => `(local.set $ys${c} (f64.promote_f32 (f32.load ${add(L(`b${c}`), L('k'))})))`,
    ),
    ...pairs.map(
      ([r, c]) =>
        `(local.set $u${r}${c} (f64.add ${L(`u${r}${c}`)} (f64.mul ${L(`xs${r}`)} ${L(`ys${c}`)})))`,
    ),
    `(local.set $k (i32.add ${L('k')} (i32.const 4)))`,
  ].join('\n      ');
  const stores = pairs
    .map(
      ([r, c]) =>
        `(f64.store offset=${c * 8} (i32.add ${L('out')} (i32.mul ${L('ostride')} (i32.const ${r}))) (f64.add ${hsum(`t${r}${c}`)} ${L(`u${r}${c}`)}))`,
    )
    .join('\n    ');
  return `(func $${name} ${params} ${locals}
    (local.set $bytes (i32.shl ${L('n')} (i32.const 2)))
    (local.set $end (i32.shl (i32.and ${L('n')} (i32.const -4)) (i32.const 2)))
    (block $done (loop $outer
      (br_if $done (i32.ge_u ${L('k')} ${L('end')}))
      (local.set $cend (select (i32.add ${L('k')} (i32.const 1024)) ${L('end')} (i32.lt_u (i32.add ${L('k')} (i32.const 1024)) ${L('end')})))
      (loop $inner
        ${inner}
        (br_if $inner (i32.lt_u ${L('k')} ${L('cend')})))
      ${flush}
      (br $outer)))
    (block $tdone (loop $tl
      (br_if $tdone (i32.ge_u ${L('k')} ${L('bytes')}))
      ${tail}
      (br $tl)))
    ${stores})`;
}

/**
 * gram_f32(a, na, b, nb, n, out): out[i·nb + j] = a_i · b_j (f64) for float32 rows a_0..a_{na−1} and
 * b_0..b_{nb−1} of n values each (rows contiguous). 4 × 2 blocks, then the ragged edges one pair at a time.
 */
const gram = `(func (export "gram_f32") (param $a i32) (param $na i32) (param $b i32) (param $nb i32) (param $n i32) (param $out i32)
    (local $rb i32) (local $os i32) (local $i i32) (local $j i32) (local $ai i32) (local $oi i32) (local $r i32)
    (local.set $rb (i32.shl ${L('n')} (i32.const 2)))
    (local.set $os (i32.shl ${L('nb')} (i32.const 3)))
    (block $rows4 (loop $li
      (br_if $rows4 (i32.gt_u (i32.add ${L('i')} (i32.const 4)) ${L('na')}))
      (local.set $ai (i32.add ${L('a')} (i32.mul ${L('i')} ${L('rb')})))
      (local.set $oi (i32.add ${L('out')} (i32.mul ${L('i')} ${L('os')})))
      (local.set $j (i32.const 0))
      (block $cols2 (loop $lj
        (br_if $cols2 (i32.gt_u (i32.add ${L('j')} (i32.const 2)) ${L('nb')}))
        (call $dots_4x2_f32c ${L('ai')} (i32.add ${L('ai')} ${L('rb')}) (i32.add ${L('ai')} (i32.shl ${L('rb')} (i32.const 1)))
          (i32.add ${L('ai')} (i32.mul ${L('rb')} (i32.const 3)))
          (i32.add ${L('b')} (i32.mul ${L('j')} ${L('rb')})) (i32.add ${L('b')} (i32.mul (i32.add ${L('j')} (i32.const 1)) ${L('rb')}))
          ${L('n')} (i32.add ${L('oi')} (i32.shl ${L('j')} (i32.const 3))) ${L('os')})
        (local.set $j (i32.add ${L('j')} (i32.const 2)))
        (br $lj)))
      (if (i32.lt_u ${L('j')} ${L('nb')}) (then
        (local.set $r (i32.const 0))
        (loop $lr
          (call $dots_1x1_f32c (i32.add ${L('ai')} (i32.mul ${L('r')} ${L('rb')})) (i32.add ${L('b')} (i32.mul ${L('j')} ${L('rb')}))
            ${L('n')} (i32.add (i32.add ${L('oi')} (i32.mul ${L('r')} ${L('os')})) (i32.shl ${L('j')} (i32.const 3))) ${L('os')})
          (local.set $r (i32.add ${L('r')} (i32.const 1)))
          (br_if $lr (i32.lt_u ${L('r')} (i32.const 4))))))
      (local.set $i (i32.add ${L('i')} (i32.const 4)))
      (br $li)))
    (block $rest (loop $lri
      (br_if $rest (i32.ge_u ${L('i')} ${L('na')}))
      (local.set $j (i32.const 0))
      (block $rj (loop $lrj
        (br_if $rj (i32.ge_u ${L('j')} ${L('nb')}))
        (call $dots_1x1_f32c (i32.add ${L('a')} (i32.mul ${L('i')} ${L('rb')})) (i32.add ${L('b')} (i32.mul ${L('j')} ${L('rb')}))
          ${L('n')} (i32.add ${L('out')} (i32.add (i32.mul ${L('i')} ${L('os')}) (i32.shl ${L('j')} (i32.const 3)))) ${L('os')})
        (local.set $j (i32.add ${L('j')} (i32.const 1)))
        (br $lrj)))
      (local.set $i (i32.add ${L('i')} (i32.const 1)))
      (br $lri))))`;

const wat = `(module
  (import "env" "memory" (memory 1 65536 shared))
  ${dots('dots_1x1_f64', 1, 1, false)}
  ${dots('dots_f32_4', 1, 4, true)}
  ${dots('dots_f32_1', 1, 1, true)}
  ${dots('dots_f64_4', 1, 4, false)}
  ${accum('accum_f32', true)}
  ${accum('accum_f64', false)}
  ${dotsF32Chunked('dots_4x2_f32c', 4, 2)}
  ${dotsF32Chunked('dots_1x1_f32c', 1, 1)}
  ${gram}
)`;

const wabt = await wabtInit();
const mod = wabt.parseWat('simd-kernels.wat', wat, { simd: true, threads: true });
const { buffer } = mod.toBinary({});
mod.destroy();
const out = join(dirname(fileURLToPath(import.meta.url)), '../src/seeding/wasm/simd-kernels-binary.ts');
const text =
  `// Generated by build-simd-kernels.mjs — do not edit. WebAssembly (SIMD, shared memory) dot-product kernels.\n` +
  `export const SIMD_KERNELS_BASE64 =\n  '${Buffer.from(buffer).toString('base64')}';\n`;
if (process.argv.includes('--check')) {
  // CI / tests: the committed file must be exactly what this generator makes.
  if (readFileSync(out, 'utf8') !== text) {
    console.error(
      `${out} differs from the generator's output; run node libs/clusterflow/scripts/build-simd-kernels.mjs`,
    );
    process.exit(1);
  }
  console.log(`${out} is up to date (${buffer.length} bytes of wasm)`);
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out} (${buffer.length} bytes)`);
}
