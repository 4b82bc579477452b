import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { stratifiedSplit } from '../../../src/data/split';
import { buildModel } from '../../../src/train/model';
import {
  makeTrainingSample,
  trainingAccuracy,
  trainingSampleIndices,
} from '../../../src/train/trainingSample';
import { makeYielder } from '../../../src/train/yielder';
import { isEvaluation, loadDigits, startTrainer } from './harness';
import { useWasm } from './wasmNode';

describe('trainingSampleIndices', () => {
  test('takes the first digits of the seeded training order, as many as asked', () => {
    const train = Uint32Array.from([9, 4, 7, 1, 3]);
    expect([...trainingSampleIndices(train, 3)]).toEqual([9, 4, 7]);
  });

  test('refuses a sample larger than the training set or not a whole positive number', () => {
    const train = Uint32Array.from([9, 4, 7]);
    expect(() => trainingSampleIndices(train, 4)).toThrow(/1\.\.3/);
    expect(() => trainingSampleIndices(train, 0)).toThrow(RangeError);
    expect(() => trainingSampleIndices(train, 1.5)).toThrow(RangeError);
  });
});

describe('trainingAccuracy (wasm)', () => {
  beforeAll(useWasm);
  afterEach(() => tf.disposeVariables());

  test('counts the sample digits the network gets right, chunk by chunk, and frees its tensors', async () => {
    const data = loadDigits();
    const split = stratifiedSplit(data.labels, 3);
    const sample = makeTrainingSample(data, split.train, 300);
    const model = buildModel('conv', 3);
    const yielder = makeYielder();
    const before = tf.memory().numTensors;
    const options = { chunk: 100, yielder, stillValid: () => true };
    const acc = await trainingAccuracy(model, sample, options);
    expect(tf.memory().numTensors).toBe(before);
    // The same digits and chunks, counted by hand from the model's answers.
    const out = model.predict(sample.xs) as tf.Tensor2D;
    const predicted = await tf.argMax(out, 1).data();
    const labels = await sample.ys.data();
    let right = 0;
    predicted.forEach((p, i) => (right += p === labels[i] ? 1 : 0));
    expect(acc).toBeCloseTo(right / 300, 6);
    // Abandoned part way (a reset): no figure.
    expect(await trainingAccuracy(model, sample, { ...options, stillValid: () => false })).toBe(
      null,
    );
    tf.dispose([out, sample.xs, sample.ys]);
    yielder.close();
    model.dispose();
  });
});

describe('the trainer of a comparison twin', () => {
  test('reports training accuracy beside held-out accuracy at each evaluation, and only then', async () => {
    const twin = startTrainer({
      evalEvery: 3,
      snapshotEvery: 100,
      seed: 5,
      batch: 8,
      compare: true,
    });
    const app = startTrainer({ evalEvery: 3, snapshotEvery: 100, seed: 5, batch: 8 });
    try {
      const e = await twin.until(isEvaluation, 120_000);
      expect(e.evaluation.step).toBe(3);
      expect(e.evaluation.trainAccuracy).toBeGreaterThanOrEqual(0);
      expect(e.evaluation.trainAccuracy).toBeLessThanOrEqual(1);
      const plain = await app.until(isEvaluation, 120_000);
      expect(plain.evaluation.trainAccuracy).toBeUndefined();
    } finally {
      await twin.stop();
      await app.stop();
    }
  }, 240_000);
});
