import * as tf from '@tensorflow/tfjs';
import {
  registerWasmGradients,
  selectBackend,
  type BackendChoice,
  type BackendPreference,
} from '@clusterflow/extractors';

let current: { preference: BackendPreference; choice: BackendChoice } | undefined;

/**
 * Activates a TF.js backend through the extractors' `selectBackend` (tfjs-node-gpu, tfjs-node, wasm, cpu) once
 * per preference, and on wasm installs the gradient kernels it lacks or gets wrong (`registerWasmGradients`:
 * Conv2DBackpropFilter is missing and MaxPoolGrad is wrong there, both needed by the conv variant).
 */
export async function ensureBackend(
  preference: BackendPreference = 'auto',
  log?: (line: string) => void,
): Promise<BackendChoice> {
  if (
    current !== undefined &&
    current.preference === preference &&
    tf.getBackend() === current.choice.tfBackend
  ) {
    return current.choice;
  }
  const choice = await selectBackend(preference, log);
  if (choice.kind === 'wasm') registerWasmGradients();
  current = { preference, choice };
  return choice;
}
