import type { DataType, TensorInfo } from '@tensorflow/tfjs';

/**
 * The part of `BackendWasm` our kernels use: tensors live on the wasm heap, so a kernel allocates its
 * output first (allocation may grow the heap and detach earlier views) and only then takes typed-array views.
 */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** A float32 view of a tensor's wasm-heap memory (valid until the next allocation). */
export function heapFloat32(backend: WasmHeapBackend, info: TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(info);
  if (!(view instanceof Float32Array)) {
    throw new TypeError(`expected a float32 tensor on the wasm heap, got dtype ${info.dtype}`);
  }
  return view;
}
