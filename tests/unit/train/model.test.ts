import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { BatchSource } from '../../../src/data/batches';
import { stratifiedSplit } from '../../../src/data/split';
import { ACTIVATION_SHAPES, LAYER_IDS, parameterCounts } from '../../../src/network';
import {
  buildModel,
  createOptimizer,
  probeActivations,
  trainStep,
  trainableVariables,
} from '../../../src/train/model';
import { captureCheckpoint, restoreCheckpoint } from '../../../src/train/modelState';
import { DEFAULT_CONFIG } from '../../../src/config/schema';
import { loadDigits } from './harness';
import { useWasm } from './wasmNode';

function batches(seed: number): BatchSource {
  const data = loadDigits();
  return new BatchSource(data, stratifiedSplit(data.labels, seed).train, 32, seed);
}

/** Runs `steps` steps from `from`, returning each step's [loss, accuracy]. */
async function train(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  source: BatchSource,
  from: number,
  steps: number,
): Promise<number[][]> {
  const vars = trainableVariables(model);
  const out: number[][] = [];
  for (let s = from; s < from + steps; s++) {
    const b = source.batchAt(s);
    const xs = tf.tensor4d(b.pixels, [b.size, 28, 28, 1]);
    const ys = tf.tensor1d(b.labels, 'int32');
    const stats = trainStep(model, optimizer, vars, xs, ys);
    out.push(Array.from(await stats.data()));
    tf.dispose([xs, ys, stats]);
  }
  return out;
}

describe('the seed model', () => {
  beforeAll(useWasm);

  test('has the layers and parameter counts of network.ts in both sharing modes', () => {
    for (const sharing of ['conv', 'none'] as const) {
      const model = buildModel(sharing, 1);
      expect(model.layers.map((l) => l.name)).toEqual([
        'conv1',
        'pool1',
        'conv2',
        'pool2',
        'flatten',
        'dense1',
        'output',
      ]);
      const counts = parameterCounts(sharing);
      for (const { id, params } of counts) expect(model.getLayer(id).countParams()).toBe(params);
      model.dispose();
    }
  });

  test('the same seed gives identical first-step losses, another seed does not', async () => {
    const losses: number[] = [];
    for (const seed of [7, 7, 8]) {
      const model = buildModel('conv', seed);
      const opt = createOptimizer(0.001);
      const [[loss]] = (await train(model, opt, batches(seed), 0, 1)) as [[number]];
      losses.push(loss);
      model.dispose();
      opt.dispose();
    }
    expect(losses[0]).toBe(losses[1]);
    expect(losses[2]).not.toBe(losses[0]);
  });

  test('tensor count does not grow across 50 training steps', async () => {
    const model = buildModel('conv', 3);
    const opt = createOptimizer(0.001);
    const source = batches(3);
    await train(model, opt, source, 0, 2); // Adam creates its moments on the first step.
    const before = tf.memory().numTensors;
    await train(model, opt, source, 2, 50);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    opt.dispose();
  }, 120_000);

  test('probe activations have the shapes of network.ts', () => {
    const model = buildModel('conv', 1);
    const acts = probeActivations(model, tf.zeros([1, 28, 28, 1]) as tf.Tensor4D);
    for (const id of LAYER_IDS) {
      const [h, w, c] = ACTIVATION_SHAPES[id];
      expect(acts[id].size).toBe(h * w * c);
    }
    tf.dispose(Object.values(acts));
    model.dispose();
  });

  test("a restored checkpoint (weights and Adam's moments) continues exactly like the uninterrupted run", async () => {
    const source = batches(5);
    const a = buildModel('conv', 5);
    const optA = createOptimizer(0.001);
    await train(a, optA, source, 0, 3);
    const saved = await captureCheckpoint(a, optA, {
      key: 'k',
      step: 3,
      trainingMs: 0,
      config: DEFAULT_CONFIG,
    });
    expect(saved.optimizerIterations).toBe(3);
    expect(saved.optimizerMoments).toHaveLength(16);
    const [[expected]] = (await train(a, optA, source, 3, 1)) as [[number]];

    const b = buildModel('conv', 99); // different initial weights: the checkpoint must replace them
    const optB = createOptimizer(0.001);
    await restoreCheckpoint(b, optB, saved);
    const [[resumed]] = (await train(b, optB, source, 3, 1)) as [[number]];
    expect(resumed).toBeCloseTo(expected, 6);
    // The step after that depends on the moments Adam carried over; a fresh Adam would differ.
    const [[nextA]] = (await train(a, optA, source, 4, 1)) as [[number]];
    const [[nextB]] = (await train(b, optB, source, 4, 1)) as [[number]];
    expect(nextB).toBeCloseTo(nextA, 5);

    const c = buildModel('conv', 99);
    const optC = createOptimizer(0.001);
    await restoreCheckpoint(c, optC, { ...saved, optimizerMoments: [], optimizerIterations: 0 });
    await train(c, optC, source, 3, 1);
    const [[nextC]] = (await train(c, optC, source, 4, 1)) as [[number]];
    expect(Math.abs(nextC - nextA)).toBeGreaterThan(1e-4);
    for (const m of [a, b, c]) m.dispose();
    for (const o of [optA, optB, optC]) o.dispose();
  }, 60_000);
});
