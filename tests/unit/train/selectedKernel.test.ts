import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { BatchSource } from '../../../src/data/batches';
import { stratifiedSplit } from '../../../src/data/split';
import { CONV1, CONV2, IMAGE_SIZE } from '../../../src/network';
import { parseFromWorker } from '../../../src/protocol';
import {
  buildModel,
  createOptimizer,
  layerWeights,
  trainStep,
  trainableVariables,
} from '../../../src/train/model';
import { SelectedKernel } from '../../../src/train/selectedKernel';
import { loadDigits } from './harness';
import { useWasm } from './wasmNode';

const data = loadDigits();

function probe(i: number): { xs: tf.Tensor4D; label: number } {
  const px = Float32Array.from(data.pixels.subarray(i * 784, (i + 1) * 784), (v) => v / 255);
  return { xs: tf.tensor4d(px, [1, IMAGE_SIZE, IMAGE_SIZE, 1]), label: data.labels[i]! };
}

/** One Adam step on a real batch, with the selected kernel told before and after. */
async function step(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  selected: SelectedKernel,
  at: number,
): Promise<void> {
  const source = new BatchSource(data, stratifiedSplit(data.labels, 3).train, 8, 3);
  const b = source.batchAt(at);
  const xs = tf.tensor4d(b.pixels, [b.size, 28, 28, 1]);
  const ys = tf.tensor1d(b.labels, 'int32');
  selected.beforeStep(model);
  const stats = trainStep(model, optimizer, trainableVariables(model), xs, ys);
  selected.afterStep(model);
  await stats.data();
  tf.dispose([xs, ys, stats]);
}

/** The layer's kernel, read back: [kh, kw, in, out] shared, [P, K, out] unshared. */
async function kernelValues(model: tf.LayersModel, layer: 'conv1' | 'conv2') {
  return new Float32Array(await layerWeights(model, layer).kernel.data());
}

describe('SelectedKernel (wasm)', () => {
  beforeAll(useWasm);
  afterEach(() => tf.disposeVariables());

  test('reports nothing, and keeps nothing, while no kernel is selected', async () => {
    const model = buildModel('conv', 1);
    const optimizer = createOptimizer(0.001);
    const selected = new SelectedKernel();
    const { xs, label } = probe(0);
    const before = tf.memory().numTensors;
    await step(model, optimizer, selected, 0);
    expect(await selected.report(model, 'conv', xs, label, 1)).toBeNull();
    // The step itself leaves Adam's moments behind; count only after they exist.
    const settled = tf.memory().numTensors;
    await step(model, optimizer, selected, 1);
    expect(tf.memory().numTensors).toBe(settled);
    expect(settled).toBeGreaterThan(before);
    tf.dispose(xs);
  });

  for (const [layer, spec, filter] of [
    ['conv1', CONV1, 5],
    ['conv2', CONV2, 17],
  ] as const) {
    test(`${layer}: the contributions of all ${spec.outSize ** 2} positions sum to tfjs's gradient, and the update is what Adam applied`, async () => {
      const model = buildModel('conv', 2);
      const optimizer = createOptimizer(0.001);
      const selected = new SelectedKernel();
      selected.select({ layer, filter });
      const { xs, label } = probe(4);
      await step(model, optimizer, selected, 0);
      const kernelBefore = await kernelValues(model, layer);
      await step(model, optimizer, selected, 1);
      const kernelAfter = await kernelValues(model, layer);
      const before = tf.memory().numTensors;
      const g = await selected.report(model, 'conv', xs, label, 2);
      expect(tf.memory().numTensors).toBe(before);
      if (!g) throw new Error('no report');
      // It crosses the thread boundary as a valid message.
      expect(parseFromWorker({ type: 'kernelGradient', gradient: g }).type).toBe('kernelGradient');
      expect(g).toMatchObject({ step: 2, layer, filter, sharing: 'conv', probeLabel: label });
      expect(g.positions).toBe(spec.outSize ** 2);
      expect(g.contributions).toHaveLength(g.positions * 9);
      expect(g.magnitudes).toHaveLength(g.positions);
      expect(g.sumRelativeError).toBeLessThan(1e-5);
      // What the explanation cost, in ms of the worker's time (a duration, so finite and >= 0).
      expect(Number.isFinite(g.ms) && g.ms >= 0).toBe(true);
      // The picture of the sum is the sum of the pictures.
      const sum = g.sum!;
      for (let t = 0; t < 9; t++) {
        let s = 0;
        for (let p = 0; p < g.positions; p++) s += g.contributions[p * 9 + t]!;
        expect(sum[t]).toBeCloseTo(s, 4);
      }
      // The update: the change of this filter's weights in the last step, summed over channels.
      const update = g.update!;
      expect(update).toHaveLength(9);
      for (let t = 0; t < 9; t++) {
        let want = 0;
        for (let c = 0; c < spec.inChannels; c++) {
          const i = (t * spec.inChannels + c) * spec.filters + filter;
          want += kernelAfter[i]! - kernelBefore[i]!;
        }
        expect(update[t]).toBeCloseTo(want, 6);
      }
      expect(update.some((v) => v !== 0)).toBe(true);
      selected.dispose();
      tf.dispose(xs);
    });
  }

  test('without sharing: no sum, each position against its own gradient, the centre kernel updated', async () => {
    const centre = 13 * 26 + 13;
    const at = (p: number, t: number, f: number) => (p * 9 + t) * CONV1.filters + f;
    // A dry run finds a filter whose centre kernel the first step changes (many stay at 0 there:
    // a dead relu or a blank patch); the same seed and batch then repeat that step exactly.
    const dry = buildModel('none', 3);
    const dryBefore = await kernelValues(dry, 'conv1');
    await step(dry, createOptimizer(0.001), new SelectedKernel(), 0);
    const dryAfter = await kernelValues(dry, 'conv1');
    const filter = Array.from({ length: CONV1.filters }, (_, f) => f).find(
      (f) => dryAfter[at(centre, 4, f)] !== dryBefore[at(centre, 4, f)],
    );
    if (filter === undefined) throw new Error('no filter learns at the centre in the first step');
    tf.disposeVariables();

    const model = buildModel('none', 3);
    const optimizer = createOptimizer(0.001);
    const selected = new SelectedKernel();
    selected.select({ layer: 'conv1', filter });
    const { xs, label } = probe(9);
    const kernelBefore = await kernelValues(model, 'conv1');
    await step(model, optimizer, selected, 0);
    const kernelAfter = await kernelValues(model, 'conv1');
    const g = (await selected.report(model, 'none', xs, label, 1))!;
    expect(g.positions).toBe(676);
    expect(g.sum).toBeNull();
    expect(g.sumRelativeError).toBeLessThan(1e-5);
    expect(g.update!.some((v) => v !== 0)).toBe(true);
    for (let t = 0; t < 9; t++) {
      const i = at(centre, t, filter);
      expect(g.update![t]).toBeCloseTo(kernelAfter[i]! - kernelBefore[i]!, 6);
    }
    selected.dispose();
    tf.dispose(xs);
  });

  test('a new selection forgets the last update; the same one keeps it', async () => {
    const model = buildModel('conv', 4);
    const optimizer = createOptimizer(0.001);
    const selected = new SelectedKernel();
    const { xs, label } = probe(1);
    selected.select({ layer: 'conv1', filter: 0 });
    await step(model, optimizer, selected, 0);
    selected.select({ layer: 'conv1', filter: 0 });
    expect((await selected.report(model, 'conv', xs, label, 1))!.update).not.toBeNull();
    selected.select({ layer: 'conv1', filter: 1 });
    const g = (await selected.report(model, 'conv', xs, label, 1))!;
    expect(g.filter).toBe(1);
    expect(g.update).toBeNull();
    selected.dispose();
    tf.dispose(xs);
  });
});
