#!/usr/bin/env node
// Generates simd-kernels-binary.ts (the wasm bytes, base64) from the WebAssembly text built below.
// Run after editing: node libs/clusterflow/src/seeding/wasm/build-simd-kernels.mjs (needs the dev dependency wabt).
// The kernels are dot products only; all control flow stays in TypeScript, so the wasm path and the plain
// TypeScript path share every decision and differ only in the order of floating-point additions.
import { writeFileSync } from 'node:fs';
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

const wat = `(module
  (import "env" "memory" (memory 1 65536 shared))
  ${dots('dots_4x2_f64', 4, 2, false)}
  ${dots('dots_1x1_f64', 1, 1, false)}
  ${dots('dots_f32_4', 1, 4, true)}
  ${dots('dots_f32_1', 1, 1, true)}
  ${dots('dots_f64_4', 1, 4, false)}
  ${accum('accum_f32', true)}
  ${accum('accum_f64', false)}
)`;

const wabt = await wabtInit();
const mod = wabt.parseWat('simd-kernels.wat', wat, { simd: true, threads: true });
const { buffer } = mod.toBinary({});
mod.destroy();
const out = join(dirname(fileURLToPath(import.meta.url)), 'simd-kernels-binary.ts');
writeFileSync(
  out,
  `// Generated by build-simd-kernels.mjs — do not edit. WebAssembly (SIMD, shared memory) dot-product kernels.\n` +
    `export const SIMD_KERNELS_BASE64 =\n  '${Buffer.from(buffer).toString('base64')}';\n`,
);
console.log(`wrote ${out} (${buffer.length} bytes)`);
