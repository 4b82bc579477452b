import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ACTIVATION_SHAPES, IMAGE_SIZE } from '../../../src/network';
import { equivarianceError, MAP_STRIDE } from '../../../src/train/equivariance';
import { buildModel, probeActivations } from '../../../src/train/model';
import { shiftImage } from '../../../src/train/shift';
import { loadDigits } from './harness';
import { useWasm } from './wasmNode';

describe('equivarianceError (arithmetic)', () => {
  const shape = { height: 6, width: 7, channels: 2 };
  const ramp = Float32Array.from({ length: 6 * 7 * 2 }, (_, i) => {
    const ch = i % 2;
    const x = Math.floor(i / 2) % 7;
    const y = Math.floor(i / 14);
    return 3 * y + x + 5 * ch + 1;
  });

  test('is 0 when the map of the shifted input is the shifted map', () => {
    const shifted = shiftImage(ramp, 6, 7, 2, 2, -1);
    expect(equivarianceError(shifted, ramp, shape, 2, -1)).toBe(0);
  });

  test('is the relative L2 difference over the interior otherwise', () => {
    // The unshifted map compared with itself under a shift of one pixel right: a ramp with
    // slope 1 along x differs by exactly 1 at every compared value.
    const err = equivarianceError(ramp, ramp, shape, 1, 0);
    let ref = 0;
    let n = 0;
    for (let y = 1; y <= 4; y++) {
      for (let x = 2; x <= 5; x++) {
        for (let ch = 0; ch < 2; ch++) {
          const v = 3 * y + (x - 1) + 5 * ch + 1;
          ref += v * v;
          n++;
        }
      }
    }
    expect(err).toBeCloseTo(Math.sqrt(n / ref), 6);
  });

  test('reads half-pixel shifts between pixels, which is exact on a linear ramp', () => {
    // ramp(x - 0.5) = ramp(x) - 0.5 along x: a map that moved half a pixel right.
    const half = ramp.map((v) => v - 0.5);
    expect(equivarianceError(half, ramp, shape, 0.5, 0)).toBeCloseTo(0, 6);
    expect(equivarianceError(half, ramp, shape, 0, 0)).toBeGreaterThan(0.01);
  });

  test('leaves the border out, and says NaN when nothing is left to compare', () => {
    const spoiled = ramp.slice();
    spoiled[0] = 1000; // a corner pixel: on the border, never compared
    expect(equivarianceError(spoiled, ramp, shape, 0, 0)).toBe(0);
    expect(equivarianceError(ramp, ramp, shape, 5, 0)).toBeNaN();
    expect(() => equivarianceError(ramp, ramp.subarray(1), shape, 0, 0)).toThrow(/not 6x7x2/);
  });
});

describe('equivariance of the seed layers on a real digit (wasm)', () => {
  beforeAll(useWasm);
  afterEach(() => tf.disposeVariables());

  const data = loadDigits();
  const pixels = Float32Array.from(data.pixels.subarray(7 * 784, 8 * 784), (v) => v / 255);

  /** conv1 and conv2 maps of the digit shifted by (dx, dy), from a fresh network. */
  async function maps(model: tf.LayersModel, dx: number, dy: number) {
    const xs = tf.tensor4d(shiftImage(pixels, IMAGE_SIZE, IMAGE_SIZE, 1, dx, dy), [
      1,
      IMAGE_SIZE,
      IMAGE_SIZE,
      1,
    ]);
    const acts = probeActivations(model, xs);
    const out = { conv1: await acts.conv1.data(), conv2: await acts.conv2.data() };
    tf.dispose([xs, ...Object.values(acts)]);
    return out as { conv1: Float32Array; conv2: Float32Array };
  }

  async function errors(sharing: 'conv' | 'none', dx: number, dy: number) {
    const model = buildModel(sharing, 11);
    const [plain, moved] = [await maps(model, 0, 0), await maps(model, dx, dy)];
    model.dispose();
    const err = (layer: 'conv1' | 'conv2') => {
      const [height, width, channels] = ACTIVATION_SHAPES[layer];
      const s = MAP_STRIDE[layer];
      return equivarianceError(
        moved[layer],
        plain[layer],
        { height, width, channels },
        dx / s,
        dy / s,
      );
    };
    return { conv1: err('conv1'), conv2: err('conv2') };
  }

  test('a convolution follows an exact shift: conv1 at every tried shift, conv2 at even ones', async () => {
    for (const [dx, dy] of [
      [1, 0],
      [0, -3],
      [4, 4],
      [-2, 2],
    ] as const) {
      const e = await errors('conv', dx, dy);
      expect(e.conv1).toBeLessThan(1e-6);
      if (dx % 2 === 0 && dy % 2 === 0) expect(e.conv2).toBeLessThan(1e-6);
      else expect(e.conv2).toBeGreaterThan(0); // pool1 sees an odd shift as a different digit
    }
  });

  test('a random locally connected layer does not: its error is of the order of the map itself', async () => {
    for (const [dx, dy] of [
      [1, 0],
      [-2, 2],
    ] as const) {
      const e = await errors('none', dx, dy);
      expect(e.conv1).toBeGreaterThan(0.3);
      expect(e.conv2).toBeGreaterThan(0.3);
    }
  });
});
