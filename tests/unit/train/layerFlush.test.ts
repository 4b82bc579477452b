import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BatchSource } from '../../../src/data/batches';
import { stratifiedSplit } from '../../../src/data/split';
import { setLayerFlush } from '../../../src/train/layerFlush';
import {
  buildModel,
  createOptimizer,
  trainStep,
  trainableVariables,
} from '../../../src/train/model';
import { DEFAULT_CONFIG } from '../../../src/config/schema';
import { loadDigits } from './harness';
import { useWasm } from './wasmNode';

/** One step of a fresh seed model on the first batch: [loss, accuracy] and its conv1 kernel. */
async function oneStep(): Promise<{ stats: number[]; kernel: Float32Array }> {
  const data = loadDigits();
  const b = new BatchSource(data, stratifiedSplit(data.labels, 42).train, 32, 42).batchAt(0);
  const model = buildModel('conv', 42);
  const optimizer = createOptimizer(DEFAULT_CONFIG.lr);
  const xs = tf.tensor4d(b.pixels, [b.size, 28, 28, 1]);
  const ys = tf.tensor1d(b.labels, 'int32');
  const stats = trainStep(model, optimizer, trainableVariables(model), xs, ys);
  const out = {
    stats: Array.from(await stats.data()),
    kernel: (await model.getLayer('conv1').getWeights()[0]!.data()) as Float32Array,
  };
  tf.dispose([xs, ys, stats]);
  model.dispose();
  optimizer.dispose();
  return out;
}

describe('webglFlush=layer', () => {
  beforeAll(useWasm);
  afterEach(() => setLayerFlush(null));

  it('flushes after each layer forward and backward, and the step computes the same', async () => {
    const plain = await oneStep();
    let flushes = 0;
    setLayerFlush(() => flushes++);
    const flushed = await oneStep();
    // 7 layers: one flush each as the forward pass leaves it, one as the backward pass reaches it.
    expect(flushes).toBe(14);
    expect(flushed.stats[0]).toBeCloseTo(plain.stats[0]!, 5);
    expect(flushed.stats[1]).toBe(plain.stats[1]);
    expect(Array.from(flushed.kernel)).toEqual(Array.from(plain.kernel));
  });
});
