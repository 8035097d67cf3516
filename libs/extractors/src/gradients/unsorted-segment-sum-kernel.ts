import { UnsortedSegmentSum } from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo, UnsortedSegmentSumAttrs } from '@tensorflow/tfjs';
import type { WasmHeapBackend } from './wasm-heap-backend.js';

/**
 * `out[segmentIds[i], …] += x[i, …]`, missing from tfjs-backend-wasm 4.22; it is the gradient of `tf.gather`.
 * Ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
export function unsortedSegmentSum(args: {
  inputs: { x: TensorInfo; segmentIds: TensorInfo };
  backend: WasmHeapBackend;
  attrs: UnsortedSegmentSumAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, segmentIds } = inputs;
  const idRank = segmentIds.shape.length;
  for (let d = 0; d < idRank; d++) {
    if (segmentIds.shape[d] !== x.shape[d]) {
      throw new Error(
        `UnsortedSegmentSum (wasm): segmentIds shape [${segmentIds.shape.join(',')}] must be a prefix of x shape [${x.shape.join(',')}]`,
      );
    }
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum (wasm): x must be float32 or int32, got ${x.dtype}`);
  }
  const inner = x.shape.slice(idRank).reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([attrs.numSegments, ...x.shape.slice(idRank)], x.dtype);
  const ov = backend.typedArrayFromHeap(out);
  const xv = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  ov.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= attrs.numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) ov[dst + j] += xv[src + j];
  }
  return out;
}

export const wasmUnsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as KernelFunc,
};
