/**
 * Starts the trainer's tfjs backend inside the worker and says what it is and why. `auto` (the
 * default) picks WebGL 2 on a hardware GPU and WASM on a software renderer (backendChoice.ts);
 * `webgl`, `wasm`, `cpu` and `webgpu` force a choice. A backend that does not start is an error
 * with a message, never a silent fall back.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import type { BackendChoice, Config } from '../config/schema';
import type { BackendInfo } from '../protocol';
import { chooseAutoBackend, forcedReason, isSoftwareRenderer } from './backendChoice';
import { setLayerFlush } from './layerFlush';

export { isSoftwareRenderer };

export class BackendError extends Error {
  override readonly name = 'BackendError';
}

/** What the backends read of the run's config besides the choice. */
export type BackendSettings = Pick<Config, 'threads' | 'webglFlush'>;

const DEFAULT_SETTINGS: BackendSettings = { threads: 0, webglFlush: 'auto' };

/**
 * WEBGL_FLUSH_THRESHOLD for each `webglFlush` value: tfjs flushes the GL queue after a program
 * when more than this many ms passed since the last flush (-1: never; tfjs's own default is 1 on
 * mobile, never on desktop). `every` flushes after each program, the finest interleaving tfjs
 * offers with the render thread's work in the GPU process.
 */
const FLUSH_THRESHOLD_MS: Readonly<
  Record<Exclude<Config['webglFlush'], 'auto' | 'layer'>, number>
> = {
  never: -1,
  every: 1e-3,
  '1': 1,
  '4': 4,
  '16': 16,
};

/** The renderer of a throwaway WebGL 2 context in this worker, or null without WebGL 2. */
function probeWorkerGpu(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const unmasked: unknown = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : null;
  const plain: unknown = gl.getParameter(gl.RENDERER);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (typeof unmasked === 'string' && unmasked) return unmasked;
  return typeof plain === 'string' && plain ? plain : 'unknown WebGL renderer';
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

async function startWebgl(settings: BackendSettings, reason: string): Promise<BackendInfo> {
  // tfjs asks for failIfMajorPerformanceCaveat; without this a software GL (headless CI, some
  // VMs) refuses the context. The renderer check below labels it instead.
  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  // Shapes as uniforms: one compiled program serves the batch, the probe and the evaluation chunks
  // instead of one per shape. Measured here (SwiftShader): warm-up 52 s -> 32 s, step 5.0 -> 3.2 s.
  tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
  if (settings.webglFlush !== 'auto' && settings.webglFlush !== 'layer') {
    tf.env().set('WEBGL_FLUSH_THRESHOLD', FLUSH_THRESHOLD_MS[settings.webglFlush]);
  }
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
        'Try ?backend=wasm.',
    );
  }
  const version = tf.env().getNumber('WEBGL_VERSION');
  if (version !== 2) {
    throw new BackendError(
      `WebGL 2 is not available for training: this browser offers WebGL ${version}. ` +
        'Try ?backend=wasm.',
    );
  }
  const renderer = webglRenderer();
  if (settings.webglFlush === 'layer') {
    // tfjs's own threshold stays; the step flushes after each layer, forward and backward.
    const gl = (tf.backend() as MathBackendWebGL).gpgpu.gl;
    setLayerFlush(() => gl.flush());
  }
  return {
    name: 'webgl',
    webglVersion: 2,
    renderer,
    software: isSoftwareRenderer(renderer),
    reason,
    threads: null,
    simd: null,
  };
}

async function startCpu(reason: string): Promise<BackendInfo> {
  if (!(await tf.setBackend('cpu')) || tf.getBackend() !== 'cpu') {
    throw new BackendError('the CPU backend did not start');
  }
  return {
    name: 'cpu',
    webglVersion: null,
    renderer: 'tfjs CPU backend (JavaScript)',
    software: true,
    reason,
    threads: null,
    simd: null,
  };
}

async function startWasm(settings: BackendSettings, reason: string): Promise<BackendInfo> {
  // Loaded only when chosen, so the WebGL path never downloads the wasm binaries.
  const { prepareWasm, wasmFeatures, whileStarting } = await import('./wasmBackend');
  const { isolated } = prepareWasm(settings.threads);
  let started = false;
  try {
    started = await whileStarting(() => tf.setBackend('wasm'));
  } catch (e) {
    throw new BackendError(
      `the WASM backend did not start: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!started || tf.getBackend() !== 'wasm')
    throw new BackendError('the WASM backend did not start');
  const { threaded, threads, simd } = await wasmFeatures();
  const why = threaded
    ? `threaded build, ${threads} thread${threads === 1 ? '' : 's'}: the page is cross-origin isolated`
    : !isolated
      ? 'one thread: the page is not cross-origin isolated (COOP/COEP headers missing)'
      : settings.threads === 1
        ? 'one thread, as ?threads=1 asks'
        : 'one thread: half the cores, the render thread and the GPU process need the rest';
  return {
    name: 'wasm',
    webglVersion: null,
    renderer: `tfjs WASM backend (CPU, ${simd ? 'SIMD, ' : ''}${why})`,
    software: true,
    reason,
    threads,
    simd,
  };
}

async function startWebGpuBackend(reason: string): Promise<BackendInfo> {
  const { startWebGpu } = await import('./webgpuBackend');
  let adapter: string;
  try {
    adapter = await startWebGpu();
  } catch (e) {
    throw new BackendError(
      `WebGPU is not available for training: ${e instanceof Error ? e.message : String(e)}. ` +
        'Try ?backend=auto.',
    );
  }
  return {
    name: 'webgpu',
    webglVersion: null,
    renderer: adapter,
    software: isSoftwareRenderer(adapter),
    reason,
    threads: null,
    simd: null,
  };
}

/** Starts the chosen backend; throws BackendError saying why it cannot. */
export async function startBackend(
  choice: BackendChoice,
  settings: BackendSettings = DEFAULT_SETTINGS,
): Promise<BackendInfo> {
  switch (choice) {
    case 'auto': {
      const auto = chooseAutoBackend({ renderer: probeWorkerGpu() });
      return auto.name === 'webgl'
        ? startWebgl(settings, auto.reason)
        : startWasm(settings, auto.reason);
    }
    case 'webgl':
      return startWebgl(settings, forcedReason(choice));
    case 'wasm':
      return startWasm(settings, forcedReason(choice));
    case 'cpu':
      return startCpu(forcedReason(choice));
    case 'webgpu':
      return startWebGpuBackend(forcedReason(choice));
  }
}
