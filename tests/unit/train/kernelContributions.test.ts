import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { CONV1, CONV2, IMAGE_SIZE } from '../../../src/network';
import {
  type ConvGeometry,
  contributionMagnitudes,
  filterSlice,
  kernelContributions,
  relativeError,
  sumLastAxis,
} from '../../../src/train/kernelContributions';
import { type ConvLayerName, kernelGradientParts } from '../../../src/train/kernelGradient';
import { buildModel } from '../../../src/train/model';
import { loadDigits } from './harness';
import { useWasm } from './wasmNode';

/** Digit i of the real MNIST set as [1, 28, 28, 1] in 0..1, and its label. */
function digit(i: number): { xs: tf.Tensor4D; label: tf.Tensor1D } {
  const data = loadDigits();
  const px = data.pixels.subarray(i * 784, (i + 1) * 784);
  return {
    xs: tf.tensor4d(
      Float32Array.from(px, (v) => v / 255),
      [1, IMAGE_SIZE, IMAGE_SIZE, 1],
    ),
    label: tf.tensor1d([data.labels[i]!], 'int32'),
  };
}

const GEOMETRY: Record<ConvLayerName, ConvGeometry> = {
  conv1: { height: 28, width: 28, channels: 1, kernelSize: 3, filters: CONV1.filters },
  conv2: { height: 13, width: 13, channels: 32, kernelSize: 3, filters: CONV2.filters },
};

/** Reads back the parts of `layer`'s kernel gradient for digit `i` of a freshly built model. */
async function partsFor(sharing: 'conv' | 'none', layer: ConvLayerName, i: number) {
  const model = buildModel(sharing, 42);
  const { xs, label } = digit(i);
  const parts = kernelGradientParts(model, layer, xs, label);
  const out = {
    input: new Float32Array(await parts.input.data()),
    gradient: new Float32Array(await parts.preActivationGradient.data()),
    kernelGradient: new Float32Array(await parts.kernelGradient.data()),
    kernelShape: parts.kernelGradient.shape,
  };
  tf.dispose([xs, label, parts.input, parts.preActivationGradient, parts.kernelGradient]);
  tf.dispose(parts.loss);
  model.dispose();
  return out;
}

describe('kernelContributions (arithmetic)', () => {
  test('each position contributes its input patch times the gradient there, laid out [p, ky, kx, c]', () => {
    // A 3x3 input with 2 channels, a 2x2 kernel, 2 filters: 4 positions; filter 1 is chosen.
    const g: ConvGeometry = { height: 3, width: 3, channels: 2, kernelSize: 2, filters: 2 };
    const input = Float32Array.from({ length: 18 }, (_, i) => i + 1);
    // gradient [2, 2, 2]: filter 1 has 10, 20, 30, 40 at positions 0..3.
    const gradient = Float32Array.from([0, 10, 0, 20, 0, 30, 0, 40]);
    const r = kernelContributions(input, gradient, g, 1, false);
    expect(r.positions).toBe(4);
    expect(r.channels).toBe(2);
    // Position 3 is (y=1, x=1): its patch is input pixels (1,1),(1,2),(2,1),(2,2).
    const pixel = (y: number, x: number, c: number) => input[(y * 3 + x) * 2 + c]!;
    const at3 = Array.from(r.contributions.subarray(3 * 8, 4 * 8));
    expect(at3).toEqual([
      pixel(1, 1, 0) * 40,
      pixel(1, 1, 1) * 40,
      pixel(1, 2, 0) * 40,
      pixel(1, 2, 1) * 40,
      pixel(2, 1, 0) * 40,
      pixel(2, 1, 1) * 40,
      pixel(2, 2, 0) * 40,
      pixel(2, 2, 1) * 40,
    ]);
    // The sum's first weight (ky=0, kx=0, c=0) sees pixel (y, x, 0) at each position (y, x).
    expect(r.sum[0]).toBe(
      pixel(0, 0, 0) * 10 + pixel(0, 1, 0) * 20 + pixel(1, 0, 0) * 30 + pixel(1, 1, 0) * 40,
    );
    const summed = kernelContributions(input, gradient, g, 1, true);
    expect(summed.channels).toBe(1);
    expect(summed.contributions[3 * 4]).toBe((pixel(1, 1, 0) + pixel(1, 1, 1)) * 40);
  });

  test("magnitudes are each position's L2 norm, and channel sums add the last axis", () => {
    const g: ConvGeometry = { height: 2, width: 3, channels: 1, kernelSize: 2, filters: 1 };
    const r = kernelContributions(
      Float32Array.of(1, 2, 3, 4, 5, 6),
      Float32Array.of(1, -2),
      g,
      0,
      false,
    );
    // Position 0's patch is 1, 2, 4, 5 (times 1); position 1's is 2, 3, 5, 6 (times -2).
    const m = contributionMagnitudes(r);
    expect(m[0]).toBeCloseTo(Math.sqrt(1 + 4 + 16 + 25), 5);
    expect(m[1]).toBeCloseTo(2 * Math.sqrt(4 + 9 + 25 + 36), 5);
    expect(Array.from(sumLastAxis(Float32Array.of(1, 2, 3, 4, 5, 6), 3))).toEqual([6, 15]);
    expect(() => sumLastAxis(new Float32Array(5), 2)).toThrow(/do not split into 2/);
  });

  test('shapes that do not fit are refused with a message naming the problem', () => {
    const g: ConvGeometry = { height: 4, width: 4, channels: 1, kernelSize: 3, filters: 2 };
    expect(() =>
      kernelContributions(new Float32Array(15), new Float32Array(8), g, 0, true),
    ).toThrow(/input has 15 values/);
    expect(() =>
      kernelContributions(new Float32Array(16), new Float32Array(7), g, 0, true),
    ).toThrow(/gradient has 7 values/);
    expect(() =>
      kernelContributions(new Float32Array(16), new Float32Array(8), g, 2, true),
    ).toThrow(/filter 2 is not in 0..1/);
  });

  test('relative error is the L2 distance over the L2 norm of the reference', () => {
    expect(relativeError(Float32Array.of(3, 4), Float32Array.of(3, 4))).toBe(0);
    expect(relativeError(Float32Array.of(3, 5), Float32Array.of(3, 4))).toBeCloseTo(1 / 5, 7);
    expect(relativeError(Float32Array.of(0, 0), Float32Array.of(0, 0))).toBe(0);
    expect(relativeError(Float32Array.of(1, 0), Float32Array.of(0, 0))).toBe(Infinity);
  });
});

// Both backends: they differ where it matters here (wasm's max-pool gradient sends nothing to a
// window of zeros, cpu's sends it to the window's first position, which relu's mask must stop).
describe.each(['cpu', 'wasm'] as const)(
  'the contributions against tfjs gradients (%s)',
  (backend) => {
    beforeAll(async () => {
      if (backend === 'wasm') await useWasm();
      else await tf.setBackend('cpu');
    });
    afterEach(() => tf.disposeVariables());

    for (const layer of ['conv1', 'conv2'] as const) {
      test(`${layer}: the sum over positions equals tf.variableGrads of the loss for every filter, to 1e-5`, async () => {
        const g = GEOMETRY[layer];
        const p = await partsFor('conv', layer, 3);
        expect(p.kernelShape).toEqual([3, 3, g.channels, g.filters]);
        let worst = 0;
        for (let f = 0; f < g.filters; f++) {
          const expected = filterSlice(p.kernelGradient, g.filters, f);
          const r = kernelContributions(p.input, p.gradient, g, f, false);
          expect(r.positions).toBe(layer === 'conv1' ? 676 : 121);
          worst = Math.max(worst, relativeError(r.sum, expected));
          // Summed over input channels, the sum is tfjs's gradient summed over them too.
          const summed = kernelContributions(p.input, p.gradient, g, f, true);
          const expectedSummed = sumLastAxis(expected, g.channels);
          if (expectedSummed.some((v) => v !== 0)) {
            expect(relativeError(summed.sum, expectedSummed)).toBeLessThan(1e-5);
          }
        }
        expect(worst).toBeLessThan(1e-5);
        // The gradient is not trivially zero: enough filters are alive for the check to mean something.
        const alive = Array.from({ length: g.filters }, (_, f) =>
          filterSlice(p.kernelGradient, g.filters, f).some((v) => Math.abs(v) > 1e-6),
        ).filter(Boolean).length;
        expect(alive).toBeGreaterThan(g.filters / 4);
      });

      test(`${layer} without sharing: each position's contribution is that position's own kernel gradient`, async () => {
        const g = GEOMETRY[layer];
        const p = await partsFor('none', layer, 5);
        const positions = (g.height - 2) * (g.width - 2);
        expect(p.kernelShape).toEqual([positions, 9 * g.channels, g.filters]);
        for (const f of [0, 7, g.filters - 1]) {
          const r = kernelContributions(p.input, p.gradient, g, f, false);
          const expected = filterSlice(p.kernelGradient, g.filters, f);
          expect(expected.some((v) => v !== 0)).toBe(true);
          expect(relativeError(r.contributions, expected)).toBeLessThan(1e-5);
        }
      });
    }

    test('computing the parts leaves no tensor behind', async () => {
      const model = buildModel('conv', 1);
      const { xs, label } = digit(0);
      const before = tf.memory().numTensors;
      const parts = kernelGradientParts(model, 'conv2', xs, label);
      await parts.loss.data();
      tf.dispose([parts.input, parts.preActivationGradient, parts.kernelGradient, parts.loss]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([xs, label]);
      model.dispose();
    });
  },
);
