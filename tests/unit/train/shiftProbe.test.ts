import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildModel } from '../../../src/train/model';
import { shiftGrid } from '../../../src/train/shift';
import { measureShift, shiftedDigit } from '../../../src/train/shiftProbe';
import { loadDigits } from './harness';
import { useWasm } from './wasmNode';

const data = loadDigits();
const pixels = Float32Array.from(data.pixels.subarray(2 * 784, 3 * 784), (v) => v / 255);
const label = data.labels[2]!;

describe('measureShift (wasm)', () => {
  beforeAll(useWasm);
  afterEach(() => tf.disposeVariables());

  test('a shared network: conv1 follows any shift exactly, conv2 an even one', async () => {
    const model = buildModel('conv', 8);
    const before = tf.memory().numTensors;
    const odd = await measureShift(model, pixels, label, 3, -1);
    expect(tf.memory().numTensors).toBe(before);
    expect(odd.shift).toEqual([3, -1]);
    expect(odd.conv1).toBeLessThan(1e-6);
    expect(odd.conv2).toBeGreaterThan(0.01);
    const even = await measureShift(model, pixels, label, -2, 4);
    expect(even.conv2).toBeLessThan(1e-6);
    model.dispose();
  });

  test('an unshared network does not follow a shift', async () => {
    const model = buildModel('none', 8);
    const m = await measureShift(model, pixels, label, 1, 1);
    expect(m.conv1).toBeGreaterThan(0.3);
    expect(m.conv2).toBeGreaterThan(0.3);
    model.dispose();
  });

  test("the prediction grid is p(label) of the digit at each of the 81 shifts, as the model's own predict gives it", async () => {
    const model = buildModel('conv', 9);
    const m = await measureShift(model, pixels, label, 0, 0);
    expect(m.predictionUnderShift).toHaveLength(81);
    const grid = shiftGrid();
    for (const i of [0, 40, 57, 80]) {
      const [dx, dy] = grid[i]!;
      const xs = shiftedDigit(pixels, dx, dy);
      const p = model.predict(xs) as tf.Tensor;
      const probs = await p.data();
      expect(m.predictionUnderShift[i]).toBeCloseTo(probs[label]!, 5);
      tf.dispose([xs, p]);
    }
    // The shifts differ: the network's answer moves with the digit.
    expect(new Set(Array.from(m.predictionUnderShift)).size).toBeGreaterThan(10);
    model.dispose();
  });

  test('refuses a shift outside -4..4 or between pixels, naming it', async () => {
    const model = buildModel('conv', 1);
    await expect(measureShift(model, pixels, label, 5, 0)).rejects.toThrow(
      /shift dx must be a whole number in -4..4, got 5/,
    );
    await expect(measureShift(model, pixels, label, 0, 0.5)).rejects.toThrow(/shift dy/);
    model.dispose();
  });
});
