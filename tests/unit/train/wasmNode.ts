/**
 * Starts tfjs's WASM backend in Node for the trainer's unit tests: single-threaded (as the app
 * runs it), with the composed Conv2DBackpropFilter and Conv2DBackpropInput registered. In Node the backend loads its
 * .wasm files from its own package folder.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerConv2DBackpropFilter } from '../../../src/train/conv2dBackpropFilter';
import { registerFastConv2DBackpropInput } from '../../../src/train/conv2dBackpropInput';

export async function useWasm(): Promise<void> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  registerConv2DBackpropFilter('wasm');
  registerFastConv2DBackpropInput('wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
}
