/**
 * Browser set-up of tfjs's WASM backend: binaries from the app's own origin (Vite emits them as
 * assets), one thread, the Conv2DBackpropFilter kernel that tfjs-backend-wasm 4.22 lacks and a
 * faster Conv2DBackpropInput.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerConv2DBackpropFilter } from './conv2dBackpropFilter';
import { registerFastConv2DBackpropInput } from './conv2dBackpropInput';

export function prepareWasm(): void {
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl,
  });
  // The threaded build needs cross-origin isolation and its own worker script; one thread is
  // what the app can count on.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  registerConv2DBackpropFilter('wasm');
  registerFastConv2DBackpropInput('wasm');
}
