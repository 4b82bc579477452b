import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { mulberry32 } from '../../../src/data/random';
import { useWasm } from './wasmNode';

function randomArray(n: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: n }, () => rng() * 2 - 1);
}

interface Case {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
  pad: 'valid' | 'same';
}

const CASES: Case[] = [
  {
    name: "conv1's shape (valid, stride 1)",
    x: [4, 28, 28, 1],
    filter: [3, 3, 1, 32],
    strides: 1,
    pad: 'valid',
  },
  {
    name: "conv2's shape (valid, stride 1)",
    x: [3, 13, 13, 32],
    filter: [3, 3, 32, 64],
    strides: 1,
    pad: 'valid',
  },
  {
    name: 'same padding, stride 2',
    x: [2, 9, 7, 3],
    filter: [3, 2, 3, 5],
    strides: 2,
    pad: 'same',
  },
  {
    name: 'valid padding, stride 2, uneven fit',
    x: [2, 10, 9, 2],
    filter: [3, 3, 2, 4],
    strides: 2,
    pad: 'valid',
  },
];

/** Gradients of sum(conv2d(x, w) * r) with respect to w and to x, on the current backend. */
async function gradients(
  c: Case,
  seed: number,
): Promise<{ filter: Float32Array; input: Float32Array }> {
  const [b, h, w, ci] = c.x;
  const [kh, kw, , co] = c.filter;
  const [gx, gf] = tf.tidy(() => {
    const x = tf.tensor4d(randomArray(b * h * w * ci, seed), c.x);
    const filter = tf.tensor4d(randomArray(kh * kw * ci * co, seed + 1), c.filter);
    const outShape = tf.conv2d(x, filter, c.strides, c.pad).shape;
    const r = tf.tensor(
      randomArray(
        outShape.reduce((p, q) => p * q, 1),
        seed + 2,
      ),
      outShape,
    );
    const g = tf.grads((xx: tf.Tensor, ff: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, c.strides, c.pad), r)),
    );
    return g([x, filter]);
  }) as [tf.Tensor, tf.Tensor];
  const filter = new Float32Array(await gf.data());
  const input = new Float32Array(await gx.data());
  tf.dispose([gx, gf]);
  return { filter, input };
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let maxErr = 0;
  let maxRef = 0;
  for (let j = 0; j < actual.length; j++) {
    maxErr = Math.max(maxErr, Math.abs(actual[j]! - expected[j]!));
    maxRef = Math.max(maxRef, Math.abs(expected[j]!));
  }
  expect(maxRef).toBeGreaterThan(0.1);
  expect(maxErr).toBeLessThan(1e-3 * Math.max(1, maxRef));
}

describe('composed convolution gradients on wasm', () => {
  beforeAll(useWasm);

  for (const [i, c] of CASES.entries()) {
    test(`filter and input gradients match the CPU backend for ${c.name}`, async () => {
      await tf.setBackend('cpu');
      const expected = await gradients(c, 100 + i);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const actual = await gradients(c, 100 + i);
      expect(tf.memory().numTensors).toBe(before);
      expectClose(actual.filter, expected.filter);
      expectClose(actual.input, expected.input);
    });
  }
});
