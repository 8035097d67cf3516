import { backend_util, BatchMatMul, Conv2DBackpropFilter, getKernel } from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { heapFloat32, type WasmHeapBackend } from './wasm-heap-backend.js';

/**
 * Filter gradient of a 2-D convolution, missing from tfjs-backend-wasm 4.22 (the layers' fused conv asks for
 * it even when only the input gradient is wanted). im2col in JS, then one `colsᵀ · dy` product (cols built already transposed) on the wasm
 * backend's own BatchMatMul (XNNPACK), whose [kh·kw·ci, co] result is exactly the filter layout.
 */
export function conv2DBackpropFilter(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: WasmHeapBackend;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  if (info.dataFormat !== 'channelsLast') {
    throw new Error(
      `Conv2DBackpropFilter (wasm): dataFormat '${info.dataFormat}' is not supported; use 'NHWC'`,
    );
  }
  const { batchSize, inHeight, inWidth, inChannels: ci, outHeight, outWidth, outChannels: co } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight, strideWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const rows = batchSize * outHeight * outWidth;
  const k = fh * fw * ci;

  // Transposed im2col (one row per filter tap × input channel): XNNPACK's product is fast only without
  // transposes, and colsᵀ·dy with a transposeA flag ran ~10× slower than the forward conv.
  const colsT = backend.makeOutput([1, k, rows], 'float32');
  const colv = heapFloat32(backend, colsT);
  const xv = heapFloat32(backend, x);
  colv.fill(0); // padded positions stay zero
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      for (let c = 0; c < ci; c++) {
        const rowAt = ((kh * fw + kw) * ci + c) * rows;
        for (let b = 0; b < batchSize; b++) {
          for (let oh = 0; oh < outHeight; oh++) {
            const h = oh * strideHeight - padTop + kh;
            if (h < 0 || h >= inHeight) continue;
            const at = rowAt + (b * outHeight + oh) * outWidth;
            const src = (b * inHeight + h) * inWidth;
            for (let ow = 0; ow < outWidth; ow++) {
              const w = ow * strideWidth - padLeft + kw;
              if (w >= 0 && w < inWidth) colv[at + ow] = xv[(src + w) * ci + c];
            }
          }
        }
      }
    }
  }

  const matMul = getKernel(BatchMatMul, 'wasm');
  if (matMul === undefined)
    throw new Error('Conv2DBackpropFilter (wasm): the wasm BatchMatMul kernel is not registered');
  const dy3d: TensorInfo = { dataId: dy.dataId, shape: [1, rows, co], dtype: dy.dtype };
  const product = matMul.kernelFunc({
    inputs: { a: colsT, b: dy3d },
    attrs: { transposeA: false, transposeB: false },
    backend: backend as never,
  }) as TensorInfo;
  backend.disposeData(colsT.dataId);
  return { dataId: product.dataId, shape: [...attrs.filterShape], dtype: 'float32' };
}

export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
