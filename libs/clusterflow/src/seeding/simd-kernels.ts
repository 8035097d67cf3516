import { SIMD_KERNELS_BASE64 } from './wasm/simd-kernels-binary.js';

/**
 * Optional WebAssembly SIMD dot-product kernels (f64x2 lanes with float32 rows promoted exactly to f64, and the
 * float32 Gram tile of the silhouette). Pointers are
 * byte offsets into the module's memory; results go to `out` (the caller's scratch slot). The plain TypeScript
 * loops stay the reference; results differ from them only in the order of floating-point additions.
 */
export interface SimdExports {
  dots_1x1_f64(a: number, b: number, n: number, out: number): void;
  /** out[c] = x · b_c for a float32 row x and f64 rows b. */
  dots_f32_4(x: number, b0: number, b1: number, b2: number, b3: number, n: number, out: number): void;
  dots_f32_1(x: number, b: number, n: number, out: number): void;
  dots_f64_4(x: number, b0: number, b1: number, b2: number, b3: number, n: number, out: number): void;
  /** sums[d] += x[d]; out[0] = Σ (x[d] − c[d])²; x float32 (accum_f32) or f64 (accum_f64). */
  accum_f32(x: number, sums: number, c: number, n: number, out: number): void;
  accum_f64(x: number, sums: number, c: number, n: number, out: number): void;
  /**
   * out[i·nb + j] = a_i · b_j (f64) for float32 rows a (na of them) and b (nb), n values each, contiguous:
   * f32x4 products, partial sums moved to f64 every 256 values.
   */
  gram_f32(a: number, na: number, b: number, nb: number, n: number, out: number): void;
}

/** The slice of the WebAssembly API used here (the lib settings have no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  validate(bytes: Uint8Array): boolean;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The kernels bound to one memory, for one thread, with that thread's scratch slot. */
export interface SimdBinding {
  readonly memory: WasmMemory;
  readonly exports: SimdExports;
  /** Byte offset of this thread's 8-double scratch slot, and a view of it. */
  readonly outPtr: number;
  readonly out: Float64Array;
}

/** Scratch slots reserved at the start of every SIMD memory: one per thread (main = 0, workers 1..). */
export const SIMD_SCRATCH_SLOTS = 256;
const SLOT_BYTES = 64;
const PAGE = 65536;

let compiled: object | null | undefined;

function simdModule(): object | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    // Shared wasm memory needs SharedArrayBuffer (Node; browsers only when cross-origin isolated).
    if (wasm && typeof SharedArrayBuffer === 'function') {
      const bytes = base64Bytes(SIMD_KERNELS_BASE64);
      if (wasm.validate(bytes)) compiled = new wasm.Module(bytes);
    }
  } catch {
    compiled = null;
  }
  return compiled;
}

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** True if this runtime can run the SIMD kernels. */
export function simdAvailable(): boolean {
  return simdModule() !== null;
}

/** A wasm memory for one job: a bump allocator over it and the main thread's kernels bound to it. */
export interface SimdArena {
  readonly memory: WasmMemory;
  readonly binding: SimdBinding;
  /** Reserves `len` bytes (16-byte aligned) and returns their byte offset. */
  alloc(len: number): number;
}

/** Arenas up to this size are kept for the next call; larger ones are left to the garbage collector. */
const REUSE_LIMIT = 64 * 2 ** 20;
let cached: { memory: WasmMemory; binding: SimdBinding; bytes: number; inUse: boolean } | null = null;

function newMemory(bytes: number): WasmMemory {
  if (!wasm) throw new Error('acquireSimdArena: WebAssembly is not available in this runtime');
  const pages = Math.ceil((SIMD_SCRATCH_SLOTS * SLOT_BYTES + bytes) / PAGE) + 1;
  return new wasm.Memory({ initial: pages, maximum: pages, shared: true });
}

/**
 * A wasm memory with room for `bytes` of arrays after the scratch slots. Synchronous callers
 * (`forWorkers` false) reuse one cached memory: creating a wasm memory per call reserves address space that
 * only a garbage collection gives back, which thousands of small calls (detK in the tree builder) would exhaust.
 * A job shared with workers gets a memory of its own. Pair every call with `releaseSimdArena`.
 */
export function acquireSimdArena(bytes: number, forWorkers: boolean): SimdArena {
  let memory: WasmMemory;
  let binding: SimdBinding;
  const need = bytes + 16 * 8;
  if (!forWorkers && need <= REUSE_LIMIT) {
    if (!cached || cached.inUse || cached.bytes < need) {
      const size = Math.min(
        REUSE_LIMIT,
        Math.max(need, 2 ** 20, cached && !cached.inUse ? 2 * cached.bytes : 0),
      );
      const m = newMemory(size);
      const fresh = { memory: m, binding: bindSimd(m, 0), bytes: size, inUse: false };
      if (!cached || !cached.inUse) cached = fresh;
      else return arenaOver(fresh.memory, fresh.binding);
    }
    cached.inUse = true;
    memory = cached.memory;
    binding = cached.binding;
  } else {
    memory = newMemory(need);
    binding = bindSimd(memory, 0);
  }
  return arenaOver(memory, binding);
}

function arenaOver(memory: WasmMemory, binding: SimdBinding): SimdArena {
  let next = SIMD_SCRATCH_SLOTS * SLOT_BYTES;
  return {
    memory,
    binding,
    alloc: (len: number): number => {
      const at = next;
      next = (next + len + 15) & ~15;
      return at;
    },
  };
}

/** Marks the cached memory free again (no-op for any other memory). */
export function releaseSimdArena(memory: WasmMemory | null): void {
  if (cached && memory === cached.memory) cached.inUse = false;
}

/** Instantiates the kernels on `memory` for thread `slot` (0 = main thread). */
export function bindSimd(memory: WasmMemory, slot: number): SimdBinding {
  const mod = simdModule();
  if (!mod || !wasm)
    throw new Error('bindSimd: WebAssembly SIMD with shared memory is not available in this runtime');
  const instance = new wasm.Instance(mod, { env: { memory } });
  const outPtr = (slot % SIMD_SCRATCH_SLOTS) * SLOT_BYTES;
  return {
    memory,
    exports: instance.exports as unknown as SimdExports,
    outPtr,
    out: new Float64Array(memory.buffer, outPtr, 8),
  };
}
