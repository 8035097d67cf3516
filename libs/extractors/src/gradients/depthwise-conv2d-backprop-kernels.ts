import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
} from '@tensorflow/tfjs';
import type {
  DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInputAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs';
import { heapFloat32, type WasmHeapBackend } from './wasm-heap-backend.js';

type DepthwiseAttrs = DepthwiseConv2dNativeBackpropInputAttrs | DepthwiseConv2dNativeBackpropFilterAttrs;

/**
 * Visits every (output position, filter tap) pair whose input pixel lies inside the image, with the flat
 * offsets of that output row (`dyAt`), input pixel (`xAt`) and filter tap (`fAt`), all channels-last.
 */
function forEachTap(
  info: backend_util.Conv2DInfo,
  visit: (dyAt: number, xAt: number, fAt: number) => void,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const {
    filterHeight: fh,
    filterWidth: fw,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
  } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyAt = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < fh; kh++) {
          const h = oh * strideHeight - padTop + kh * dilationHeight;
          if (h < 0 || h >= inHeight) continue;
          for (let kw = 0; kw < fw; kw++) {
            const w = ow * strideWidth - padLeft + kw * dilationWidth;
            if (w < 0 || w >= inWidth) continue;
            visit(dyAt, ((b * inHeight + h) * inWidth + w) * inChannels, (kh * fw + kw) * outChannels);
          }
        }
      }
    }
  }
}

function convInfo(
  inShape: number[],
  filterShape: number[],
  attrs: DepthwiseAttrs,
  kernel: string,
): backend_util.Conv2DInfo {
  const info = backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  if (info.dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} (wasm): dataFormat '${info.dataFormat}' is not supported; use 'NHWC'`);
  }
  return info;
}

/** dx[…, c] = Σ dy[…, c·m + q] · filter[kh, kw, c, q] over taps reaching the pixel (missing from wasm 4.22). */
export function depthwiseConv2dBackpropInput(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: WasmHeapBackend;
  attrs: DepthwiseConv2dNativeBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const info = convInfo(attrs.inputShape, inputs.filter.shape, attrs, DepthwiseConv2dNativeBackpropInput);
  const dx = backend.makeOutput([...attrs.inputShape], 'float32');
  const dxv = heapFloat32(backend, dx);
  const dyv = heapFloat32(backend, inputs.dy);
  const fv = heapFloat32(backend, inputs.filter);
  dxv.fill(0);
  const channels = info.inChannels;
  const m = info.outChannels / channels;
  forEachTap(info, (dyAt, xAt, fAt) => {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let q = 0; q < m; q++) sum += dyv[dyAt + c * m + q] * fv[fAt + c * m + q];
      dxv[xAt + c] += sum;
    }
  });
  return dx;
}

/** dFilter[kh, kw, c, q] = Σ x[…, c] · dy[…, c·m + q] over all output positions (missing from wasm 4.22). */
export function depthwiseConv2dBackpropFilter(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: WasmHeapBackend;
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const info = convInfo(inputs.x.shape, attrs.filterShape, attrs, DepthwiseConv2dNativeBackpropFilter);
  const df = backend.makeOutput([...attrs.filterShape], 'float32');
  const dfv = heapFloat32(backend, df);
  const xv = heapFloat32(backend, inputs.x);
  const dyv = heapFloat32(backend, inputs.dy);
  dfv.fill(0);
  const channels = info.inChannels;
  const m = info.outChannels / channels;
  forEachTap(info, (dyAt, xAt, fAt) => {
    for (let c = 0; c < channels; c++) {
      const xc = xv[xAt + c];
      for (let q = 0; q < m; q++) dfv[fAt + c * m + q] += xc * dyv[dyAt + c * m + q];
    }
  });
  return df;
}

export const wasmDepthwiseConv2dBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropInput as unknown as KernelFunc,
};

export const wasmDepthwiseConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropFilter as unknown as KernelFunc,
};
