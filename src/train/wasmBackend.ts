/**
 * Browser set-up of tfjs's WASM backend: binaries from the app's own origin (Vite emits them as
 * assets), SIMD and threads where the page allows them, the Conv2DBackpropFilter kernel that
 * tfjs-backend-wasm 4.22 lacks and a faster Conv2DBackpropInput.
 *
 * Threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages (COOP
 * `same-origin` and COEP `require-corp`, which vite's dev and preview servers send). Without
 * isolation the backend runs single-threaded and says so.
 *
 * tfjs-backend-wasm 4.22 also caps its thread pool at half of `navigator.hardwareConcurrency` (its
 * C++ `init_with_threads_count` takes min(asked, cores / 2), assuming two hyper-threads per core),
 * so on a 2-thread machine `setThreadsCount(2)` still gave one thread: the page was isolated, the
 * threaded build loaded and started its 8 pthread workers, and XNNPACK used one.
 * `whileStarting` lets the backend read twice the threads asked for while it starts, so the cap is
 * the request.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerConv2DBackpropFilter } from './conv2dBackpropFilter';
import { registerFastConv2DBackpropInput } from './conv2dBackpropInput';

/** True when this worker may use SharedArrayBuffer (threads). */
export function crossOriginIsolatedHere(): boolean {
  return typeof crossOriginIsolated === 'boolean' && crossOriginIsolated;
}

/** The threads `prepareWasm` asked for (1: single-threaded). */
let asked = 1;

/**
 * Threads for `?threads=0`: half the logical cores, at least one. The render thread and the GPU
 * process (all of it CPU on a software renderer) need the rest: measured on this 2-core machine
 * under load, the trainer alone ran 1.9-2.3 steps/s on two threads against 3.0-3.2 on one.
 */
export function defaultThreads(logicalCores: number): number {
  return Math.max(1, Math.floor((logicalCores || 1) / 2));
}

/**
 * Prepares the backend before `tf.setBackend('wasm')`. `threads`: 0 takes half the cores when
 * isolated (`defaultThreads`), 1 forces one thread, n asks for n. Returns whether the page is
 * isolated and the threads asked for (1 when single-threaded).
 */
export function prepareWasm(threads: number): { isolated: boolean; threads: number } {
  asked = 1;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl,
  });
  const isolated = crossOriginIsolatedHere();
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1;
  const wanted = threads > 0 ? threads : defaultThreads(cores);
  if (!isolated || wanted === 1) {
    // One thread: the plain SIMD build, without the threaded one's idle workers.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } else {
    asked = wanted;
    setThreadsCount(asked);
  }
  registerConv2DBackpropFilter('wasm');
  registerFastConv2DBackpropInput('wasm');
  return { isolated, threads: asked };
}

/**
 * Runs `start` (tf.setBackend('wasm')) while this worker's navigator reports twice the threads
 * asked for, so tfjs's cores / 2 cap does not halve the request; the browser's own value is back
 * afterwards (the own property is deleted, the prototype's getter shows again).
 */
export async function whileStarting<T>(start: () => Promise<T>): Promise<T> {
  if (asked <= 1 || typeof navigator === 'undefined') return start();
  Object.defineProperty(navigator, 'hardwareConcurrency', {
    configurable: true,
    get: () => 2 * asked,
  });
  try {
    return await start();
  } finally {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/**
 * What the running backend uses: the threaded build or not, its thread count as tfjs reports it
 * (1 when single-threaded), and SIMD.
 */
export async function wasmFeatures(): Promise<{
  threaded: boolean;
  threads: number;
  simd: boolean;
}> {
  const threaded = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  return { threaded, threads: threaded ? getThreadsCount() : 1, simd };
}
