import { Tile } from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo, TileAttrs } from '@tensorflow/tfjs';
import type { WasmHeapBackend } from './wasm-heap-backend.js';

type Kernel = (args: { inputs: Record<string, TensorInfo>; attrs: object; backend: never }) => TensorInfo;

/**
 * Tile by block copies: the first tile of each dimension is built from the one below it, then repeated with
 * `copyWithin`. The batch-norm gradient tiles a [1,1,1,C] scale over every feature map, and tfjs-backend-wasm
 * 4.22's per-element Tile took ≈ 45 % of a darknet-tiny input-gradient step. Strings use the built-in kernel.
 */
export function makeTile(fallback: Kernel | undefined): Kernel {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { x: TensorInfo };
      backend: WasmHeapBackend;
      attrs: TileAttrs;
    };
    const { x } = inputs;
    if (x.dtype === 'string' || x.dtype === 'complex64') {
      if (fallback === undefined) throw new Error(`Tile (wasm): dtype ${x.dtype} needs the built-in kernel`);
      return fallback(args);
    }
    const rank = x.shape.length;
    if (attrs.reps.length !== rank) {
      throw new Error(`Tile (wasm): reps has ${attrs.reps.length} entries, the tensor has rank ${rank}`);
    }
    const outShape = x.shape.map((s, d) => s * attrs.reps[d]);
    const out = backend.makeOutput(outShape, x.dtype);
    const size = outShape.reduce((a, b) => a * b, 1);
    if (size === 0) return out;
    const ov = backend.typedArrayFromHeap(out);
    const xv = backend.typedArrayFromHeap(x);
    if (rank === 0) {
      ov[0] = xv[0];
      return out;
    }
    // inStride[d], outStride[d]: elements per step of dimension d.
    const inStride = new Array<number>(rank);
    const outStride = new Array<number>(rank);
    inStride[rank - 1] = 1;
    outStride[rank - 1] = 1;
    for (let d = rank - 2; d >= 0; d--) {
      inStride[d] = inStride[d + 1] * x.shape[d + 1];
      outStride[d] = outStride[d + 1] * outShape[d + 1];
    }
    const fill = (d: number, inAt: number, outAt: number): void => {
      const n = x.shape[d];
      if (d === rank - 1) {
        ov.set(xv.subarray(inAt, inAt + n), outAt);
      } else {
        for (let i = 0; i < n; i++) fill(d + 1, inAt + i * inStride[d], outAt + i * outStride[d]);
      }
      const block = n * outStride[d];
      for (let r = 1; r < attrs.reps[d]; r++) ov.copyWithin(outAt + r * block, outAt, outAt + block);
    };
    fill(0, 0, 0);
    return out;
  };
}

/** Builds the replacement config around the built-in kernel (captured once, at registration). */
export function makeWasmTileConfig(builtIn: KernelConfig | undefined): KernelConfig {
  return {
    kernelName: Tile,
    backendName: 'wasm',
    // Registered before the backend initialises, ours is the config whose setup runs: set up the fallback too.
    ...(builtIn?.setupFunc === undefined ? {} : { setupFunc: builtIn.setupFunc }),
    kernelFunc: makeTile(builtIn?.kernelFunc as Kernel | undefined) as unknown as KernelFunc,
  };
}
