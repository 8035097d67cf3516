import { Conv2DBackpropInput, getKernel, Tile, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { wasmConv2DBackpropFilterConfig } from './conv2d-backprop-filter-kernel.js';
import { makeWasmConv2DBackpropInputConfig } from './conv2d-backprop-input-kernel.js';
import {
  wasmDepthwiseConv2dBackpropFilterConfig,
  wasmDepthwiseConv2dBackpropInputConfig,
} from './depthwise-conv2d-backprop-kernels.js';
import { wasmMaxPoolGradConfig } from './max-pool-grad-kernel.js';
import { makeWasmTileConfig } from './tile-kernel.js';
import { wasmUnsortedSegmentSumConfig } from './unsorted-segment-sum-kernel.js';

/** Kernel functions installed by this module, so a second call recognises them and changes nothing. */
const ours = new WeakSet<KernelFunc>();

function install(config: KernelConfig, changed: string[]): void {
  const current = getKernel(config.kernelName, config.backendName);
  if (current !== undefined && ours.has(current.kernelFunc)) return;
  // Replace a built-in quietly instead of letting registerKernel warn about a duplicate.
  if (current !== undefined) unregisterKernel(config.kernelName, config.backendName);
  ours.add(config.kernelFunc);
  registerKernel(config);
  changed.push(config.kernelName);
}

/**
 * Makes gradients with respect to the input correct (and usable) on the `wasm` backend of TF.js 4.22; the cpu
 * and webgl backends keep their kernels. Installs:
 * - `Conv2DBackpropFilter` (missing; the layers' fused conv requests it even for input-only gradients),
 * - `MaxPoolGrad` (the built-in drops the gradient of every window whose maximum is negative),
 * - `UnsortedSegmentSum` (missing; it is the gradient of `tf.gather`),
 * - `DepthwiseConv2dNativeBackpropInput` / `…Filter` (missing; MobileNet's depthwise convs need them),
 * - `Conv2DBackpropInput` for stride 1 via XNNPACK's forward conv (the built-in is correct but ≈10× slower;
 *   it remains the fallback for other strides),
 * - `Tile` by block copies (the batch-norm gradient's tiles took ≈ 45 % of a step with the built-in).
 * Idempotent, and safe before or after the backend initialises (none of these kernels needs a setup step).
 * Returns the kernel names this call (re)registered.
 */
export function registerWasmGradients(): string[] {
  const changed: string[] = [];
  install(wasmConv2DBackpropFilterConfig, changed);
  install(wasmMaxPoolGradConfig, changed);
  install(wasmUnsortedSegmentSumConfig, changed);
  install(wasmDepthwiseConv2dBackpropInputConfig, changed);
  install(wasmDepthwiseConv2dBackpropFilterConfig, changed);
  const builtInInput = getKernel(Conv2DBackpropInput, 'wasm');
  if (builtInInput === undefined || !ours.has(builtInInput.kernelFunc)) {
    install(makeWasmConv2DBackpropInputConfig(builtInInput), changed);
  }
  const builtInTile = getKernel(Tile, 'wasm');
  if (builtInTile === undefined || !ours.has(builtInTile.kernelFunc)) {
    install(makeWasmTileConfig(builtInTile), changed);
  }
  return changed;
}
