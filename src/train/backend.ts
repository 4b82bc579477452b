/**
 * Starts the trainer's tfjs backend inside the worker and says what it is. WebGL 2 is the
 * product; wasm and cpu are labelled fallbacks that run only when the URL asks for them. A
 * backend that does not start is an error with a message, never a silent fall back to the CPU.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import type { BackendChoice } from '../config/schema';
import type { BackendInfo } from '../protocol';

export class BackendError extends Error {
  override readonly name = 'BackendError';
}

/** Renderer strings of rasterisers that run on the CPU: frames and training will both suffer. */
const SOFTWARE_RENDERER =
  /swiftshader|llvmpipe|softpipe|software|lavapipe|basic render|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** The GL renderer string of the WebGL backend's context (unmasked where the browser allows). */
function webglRenderer(): string {
  const backend = tf.backend() as MathBackendWebGL;
  const gl = backend.gpgpu.gl;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const unmasked: unknown = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : null;
  if (typeof unmasked === 'string' && unmasked) return unmasked;
  const plain: unknown = gl.getParameter(gl.RENDERER);
  return typeof plain === 'string' && plain ? plain : 'unknown WebGL renderer';
}

async function startWebgl(): Promise<BackendInfo> {
  // tfjs asks for failIfMajorPerformanceCaveat; without this a software GL (headless CI, some
  // VMs) refuses the context. The renderer check below labels it instead.
  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  // Shapes as uniforms: one compiled program serves the batch, the probe and the evaluation chunks
  // instead of one per shape. Measured here (SwiftShader): warm-up 52 s -> 32 s, step 5.0 -> 3.2 s.
  tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
  let started = false;
  try {
    started = await tf.setBackend('webgl');
  } catch (e) {
    throw new BackendError(
      `WebGL 2 is not available for training: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!started || tf.getBackend() !== 'webgl') {
    throw new BackendError(
      'WebGL 2 is not available for training in this browser (the WebGL backend did not start). ' +
        'Try ?backend=wasm for a slow CPU fallback.',
    );
  }
  const version = tf.env().getNumber('WEBGL_VERSION');
  if (version !== 2) {
    throw new BackendError(
      `WebGL 2 is not available for training: this browser offers WebGL ${version}. ` +
        'Try ?backend=wasm for a slow CPU fallback.',
    );
  }
  const renderer = webglRenderer();
  return { name: 'webgl', webglVersion: 2, renderer, software: isSoftwareRenderer(renderer) };
}

async function startCpu(): Promise<BackendInfo> {
  if (!(await tf.setBackend('cpu')) || tf.getBackend() !== 'cpu') {
    throw new BackendError('the CPU backend did not start');
  }
  return {
    name: 'cpu',
    webglVersion: null,
    renderer: 'tfjs CPU backend (JavaScript)',
    software: true,
  };
}

async function startWasm(): Promise<BackendInfo> {
  // Loaded only when asked for, so the WebGL path never downloads the wasm binaries.
  const { prepareWasm } = await import('./wasmBackend');
  prepareWasm();
  let started = false;
  try {
    started = await tf.setBackend('wasm');
  } catch (e) {
    throw new BackendError(
      `the WASM backend did not start: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!started || tf.getBackend() !== 'wasm')
    throw new BackendError('the WASM backend did not start');
  return {
    name: 'wasm',
    webglVersion: null,
    renderer: 'tfjs WASM backend (CPU, single thread)',
    software: true,
  };
}

/** Starts the chosen backend; throws BackendError saying why it cannot. */
export async function startBackend(choice: BackendChoice): Promise<BackendInfo> {
  switch (choice) {
    case 'webgl':
      return startWebgl();
    case 'wasm':
      return startWasm();
    case 'cpu':
      return startCpu();
  }
}
