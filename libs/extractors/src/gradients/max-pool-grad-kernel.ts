import { backend_util, MaxPoolGrad } from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs';
import { heapFloat32, type WasmHeapBackend } from './wasm-heap-backend.js';

/**
 * Max-pool gradient: each output's `dy` goes to the arg-max of its window (first maximum in row-major window
 * order on ties, as the cpu backend does; padding never wins). tfjs-backend-wasm 4.22's own kernel drops the
 * gradient of every window whose maximum is negative, which LeakyReLU nets hit constantly.
 */
export function maxPoolGrad(args: {
  inputs: { dy: TensorInfo; input: TensorInfo };
  backend: WasmHeapBackend;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, input } = inputs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  if (info.dataFormat !== 'channelsLast') {
    throw new Error(
      `MaxPoolGrad (wasm): dataFormat '${info.dataFormat}' is not supported; use 'channelsLast'`,
    );
  }
  const dx = backend.makeOutput(input.shape, 'float32');
  const dxv = heapFloat32(backend, dx);
  const xv = heapFloat32(backend, input);
  const dyv = heapFloat32(backend, dy);
  dxv.fill(0);
  const { batchSize, inHeight, inWidth, outHeight, outWidth, inChannels: c } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  // Per-channel running max over one window: the channel loop is innermost and contiguous (NHWC).
  const best = new Float32Array(c);
  const bestAt = new Int32Array(c);
  for (let b = 0; b < batchSize; b++) {
    const xBase = b * inHeight * inWidth * c;
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        best.fill(-Infinity);
        bestAt.fill(-1);
        for (let kh = 0; kh < fh; kh += dilationHeight) {
          const h = oh * strideHeight - padTop + kh;
          if (h < 0 || h >= inHeight) continue;
          for (let kw = 0; kw < fw; kw += dilationWidth) {
            const w = ow * strideWidth - padLeft + kw;
            if (w < 0 || w >= inWidth) continue;
            const at = xBase + (h * inWidth + w) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = xv[at + ch];
              // `bestAt < 0` also takes NaN (which never compares greater), like the forward pass.
              if (v > best[ch] || bestAt[ch] < 0) {
                best[ch] = v;
                bestAt[ch] = at + ch;
              }
            }
          }
        }
        const dyAt = ((b * outHeight + oh) * outWidth + ow) * c;
        for (let ch = 0; ch < c; ch++) {
          if (bestAt[ch] >= 0) dxv[bestAt[ch]] += dyv[dyAt + ch];
        }
      }
    }
  }
  return dx;
}

export const wasmMaxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};
