/**
 * The opt-in WebGPU backend (`backend=webgpu`), loaded only when asked for, so no other path
 * downloads it. Never the default until it is measured faster on a headset.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';

/** The little of the WebGPU API read here (TypeScript's worker library does not declare it). */
interface GpuNavigator {
  readonly gpu?: {
    requestAdapter(): Promise<{
      readonly info?: { vendor?: string; architecture?: string; description?: string };
    } | null>;
  };
}

const gpuOf = (): GpuNavigator['gpu'] =>
  typeof navigator === 'undefined' ? undefined : (navigator as GpuNavigator).gpu;

/** True when this worker exposes WebGPU. */
export function hasWebGpu(): boolean {
  return gpuOf() !== undefined;
}

/** Starts tfjs on WebGPU; resolves to the adapter's description, or throws saying why not. */
export async function startWebGpu(): Promise<string> {
  if (!hasWebGpu()) throw new Error('this browser offers no WebGPU (navigator.gpu) in workers');
  if (!(await tf.setBackend('webgpu')) || tf.getBackend() !== 'webgpu') {
    throw new Error('the WebGPU backend did not start (no adapter?)');
  }
  const adapter = await gpuOf()?.requestAdapter();
  const info = adapter?.info;
  const parts = [info?.vendor, info?.architecture, info?.description].filter((p) => p);
  return parts.length > 0 ? parts.join(' ') : 'WebGPU adapter';
}
