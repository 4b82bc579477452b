/**
 * The probe digit moved by whole pixels, measured: how far each conv layer's maps follow the move
 * (equivariance.ts) and, at every shift of the 9x9 grid, the probability the network gives the
 * digit's class (how far the digit can move before the network changes its mind). One forward
 * pass of 81 + 2 digits and one read-back.
 */
import * as tf from '@tensorflow/tfjs';
import { ACTIVATION_SHAPES, IMAGE_SIZE } from '../network';
import { equivarianceError, MAP_STRIDE } from './equivariance';
import { probeActivations } from './model';
import { MAX_SHIFT, shiftImage, shiftedBatch } from './shift';

export interface ShiftMeasure {
  /** [dx, dy]: right and down, whole pixels in -MAX_SHIFT..MAX_SHIFT. */
  readonly shift: readonly [number, number];
  /** Equivariance errors of each conv layer's maps (0 = the maps move exactly with the digit). */
  readonly conv1: number;
  readonly conv2: number;
  /** p(label) at each shift of shiftGrid(), row-major (dy from -4, dx from -4): 81 values. */
  readonly predictionUnderShift: Float32Array;
}

export function checkShift(dx: number, dy: number): void {
  for (const [name, v] of [
    ['dx', dx],
    ['dy', dy],
  ] as const) {
    if (!Number.isInteger(v) || Math.abs(v) > MAX_SHIFT) {
      throw new RangeError(
        `shift ${name} must be a whole number in -${MAX_SHIFT}..${MAX_SHIFT}, got ${v}`,
      );
    }
  }
}

/** The digit (784 values, 0..1) moved by (dx, dy), as the model's input [1, 28, 28, 1]. */
export function shiftedDigit(pixels: Float32Array, dx: number, dy: number): tf.Tensor4D {
  checkShift(dx, dy);
  return tf.tensor4d(shiftImage(pixels, IMAGE_SIZE, IMAGE_SIZE, 1, dx, dy), [
    1,
    IMAGE_SIZE,
    IMAGE_SIZE,
    1,
  ]);
}

/** Measures the digit `pixels` (label `label`) moved by (dx, dy). Reads back with await data(). */
export async function measureShift(
  model: tf.LayersModel,
  pixels: Float32Array,
  label: number,
  dx: number,
  dy: number,
): Promise<ShiftMeasure> {
  checkShift(dx, dy);
  const flat = tf.tidy(() => {
    const plain = probeActivations(model, shiftedDigit(pixels, 0, 0));
    const moved = probeActivations(model, shiftedDigit(pixels, dx, dy));
    const n = (2 * MAX_SHIFT + 1) ** 2;
    const grid = tf.tensor4d(shiftedBatch(pixels, IMAGE_SIZE, IMAGE_SIZE, 1), [
      n,
      IMAGE_SIZE,
      IMAGE_SIZE,
      1,
    ]);
    const probs = model.apply(grid) as tf.Tensor2D;
    const pLabel = tf.reshape(tf.slice(probs, [0, label], [n, 1]), [-1]);
    return tf.concat([plain.conv1, moved.conv1, plain.conv2, moved.conv2, pLabel]);
  });
  let values: Float32Array;
  try {
    values = (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
  let at = 0;
  const take = (n: number) => values.subarray(at, (at += n));
  const size = (l: 'conv1' | 'conv2') => ACTIVATION_SHAPES[l].reduce((a, b) => a * b, 1);
  const error = (l: 'conv1' | 'conv2', plain: Float32Array, moved: Float32Array) => {
    const [height, width, channels] = ACTIVATION_SHAPES[l];
    const s = MAP_STRIDE[l];
    return equivarianceError(moved, plain, { height, width, channels }, dx / s, dy / s);
  };
  const c1 = [take(size('conv1')), take(size('conv1'))] as const;
  const c2 = [take(size('conv2')), take(size('conv2'))] as const;
  return {
    shift: [dx, dy],
    conv1: error('conv1', c1[0], c1[1]),
    conv2: error('conv2', c2[0], c2[1]),
    // slice(): a copy that may be transferred (data()'s array is tfjs's cache).
    predictionUnderShift: take((2 * MAX_SHIFT + 1) ** 2).slice(),
  };
}
