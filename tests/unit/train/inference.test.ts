import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { gatherDigits } from '../../../src/data/batches';
import { stratifiedSplit } from '../../../src/data/split';
import { preprocessStrokes } from '../../../src/input/preprocess';
import { ACTIVATION_SHAPES, LAYER_IDS, activationSize } from '../../../src/network';
import { type FromWorker, parseFromWorker } from '../../../src/protocol';
import {
  type DigitSets,
  InferenceQueue,
  heldoutLabels,
  inferDigit,
} from '../../../src/train/inference';
import { wrongIndices } from '../../../src/train/mistakes';
import { evaluateChunkWithPredictions, readChunk } from '../../../src/train/predictions';
import { buildModel, sparseCrossEntropy } from '../../../src/train/model';
import { loadDigits } from './harness';
import { useWasm } from './wasmNode';

let sets: DigitSets;
beforeAll(async () => {
  await useWasm();
  const data = loadDigits();
  const split = stratifiedSplit(data.labels, 42);
  sets = { data, heldout: split.test, train: split.train };
});

async function predict(model: tf.LayersModel, pixels: Float32Array): Promise<Float32Array> {
  const x = tf.tensor4d(pixels, [1, 28, 28, 1]);
  const y = model.predict(x) as tf.Tensor;
  const v = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  return v;
}

describe('inference in the worker', () => {
  test("gives the model's own predict for a held-out digit and for a drawn one", async () => {
    const model = buildModel('conv', 42);
    const heldout = gatherDigits(sets.data, [sets.heldout[5]!]).pixels;
    const drawn = preprocessStrokes([[0.25, 0.15, 0.75, 0.15, 0.4, 0.9]])!;
    for (const pixels of [heldout, drawn]) {
      const acts = await inferDigit(model, pixels);
      const expected = await predict(model, pixels);
      expect(acts.output.length).toBe(10);
      for (let i = 0; i < 10; i++) expect(acts.output[i]).toBeCloseTo(expected[i]!, 6);
      expect(Array.from(acts.input)).toEqual(Array.from(pixels));
    }
    model.dispose();
  });

  test('does the same without sharing (locally connected layers)', async () => {
    const model = buildModel('none', 42);
    const pixels = gatherDigits(sets.data, [sets.heldout[9]!]).pixels;
    const acts = await inferDigit(model, pixels);
    const expected = await predict(model, pixels);
    for (let i = 0; i < 10; i++) expect(acts.output[i]).toBeCloseTo(expected[i]!, 6);
    model.dispose();
  });

  test("answers every layer's activations in the snapshot's shapes, leaving no tensor behind", async () => {
    const model = buildModel('conv', 7);
    const before = tf.memory().numTensors;
    const acts = await inferDigit(model, gatherDigits(sets.data, [sets.train[0]!]).pixels);
    expect(tf.memory().numTensors).toBe(before);
    for (const id of LAYER_IDS) {
      expect(acts[id].length, `${id} ${ACTIVATION_SHAPES[id].join('x')}`).toBe(activationSize(id));
    }
    model.dispose();
  });

  test('answers only the newest request, with its source, index, label, step and prediction', async () => {
    const model = buildModel('conv', 42);
    const q = new InferenceQueue();
    const posted: FromWorker[] = [];
    q.request({ id: 1, source: 'heldout', index: 3 });
    q.request({ id: 2, source: 'train', index: 10 });
    await q.answer(model, sets, 17, (m) => posted.push(parseFromWorker(m)));
    await q.answer(model, sets, 18, (m) => posted.push(parseFromWorker(m)));
    expect(posted).toHaveLength(1);
    const m = posted[0]!;
    if (m.type !== 'inference') throw new Error(`expected an inference, got ${m.type}`);
    const r = m.result;
    expect([r.id, r.source, r.index, r.step]).toEqual([2, 'train', 10, 17]);
    expect(r.label).toBe(sets.data.labels[sets.train[10]!]);
    const out = Array.from(r.activations.output);
    expect(r.prediction).toBe(out.indexOf(Math.max(...out)));
    model.dispose();
  });

  test('warns about a digit that is not in the set, and posts no answer', async () => {
    const model = buildModel('conv', 42);
    const q = new InferenceQueue();
    const posted: FromWorker[] = [];
    q.request({ id: 1, source: 'heldout', index: 1000 });
    await q.answer(model, sets, 0, (m) => posted.push(parseFromWorker(m)));
    expect(posted.map((m) => m.type)).toEqual(['warning']);
    model.dispose();
  });

  test('sends the held-out labels in held-out order', () => {
    const labels = heldoutLabels(sets);
    expect(labels.length).toBe(1000);
    expect(labels[4]).toBe(sets.data.labels[sets.heldout[4]!]);
  });
});

describe('evaluation that names its mistakes', () => {
  test("flags exactly the digits predict gets wrong, from the evaluation's own predictions", async () => {
    const model = buildModel('conv', 3);
    const d = gatherDigits(sets.data, Array.from(sets.heldout).slice(0, 50));
    const xs = tf.tensor4d(d.pixels, [50, 28, 28, 1]);
    const ys = tf.tensor1d(d.labels, 'int32');
    const chunk = readChunk(await evaluateChunkWithPredictions(model, xs, ys).data());
    const probs = model.predict(xs) as tf.Tensor2D;
    const meanLoss = sparseCrossEntropy(probs, ys);
    expect(chunk.lossSum).toBeCloseTo((await meanLoss.data())[0]! * 50, 3);
    meanLoss.dispose();
    const predicted = await tf.argMax(probs, 1).data();
    const expected: number[] = [];
    for (let i = 0; i < 50; i++) if (predicted[i] !== d.labels[i]) expected.push(i);
    const found = wrongIndices(chunk.predicted, d.labels);
    expect(found).toEqual(expected);
    expect(chunk.correct).toBe(50 - expected.length);
    // An untrained network is wrong about most digits: the list is not trivially empty.
    expect(found.length).toBeGreaterThan(10);
    tf.dispose([xs, ys, probs]);
    model.dispose();
  });
});
