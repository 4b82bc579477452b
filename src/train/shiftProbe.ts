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
import { partOf, readParts } from './snapshot';
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
  const n = (2 * MAX_SHIFT + 1) ** 2;
  const parts = await readParts(() => {
    const plain = probeActivations(model, shiftedDigit(pixels, 0, 0));
    const moved = probeActivations(model, shiftedDigit(pixels, dx, dy));
    const grid = tf.tensor4d(shiftedBatch(pixels, IMAGE_SIZE, IMAGE_SIZE, 1), [
      n,
      IMAGE_SIZE,
      IMAGE_SIZE,
      1,
    ]);
    const probs = model.apply(grid) as tf.Tensor2D;
    return [
      ['conv1', plain.conv1],
      ['movedConv1', moved.conv1],
      ['conv2', plain.conv2],
      ['movedConv2', moved.conv2],
      ['pLabel', tf.slice(probs, [0, label], [n, 1])],
    ] as const;
  });
  const error = (l: 'conv1' | 'conv2', moved: 'movedConv1' | 'movedConv2') => {
    const [height, width, channels] = ACTIVATION_SHAPES[l];
    const s = MAP_STRIDE[l];
    const shape = { height, width, channels };
    return equivarianceError(partOf(parts, moved), partOf(parts, l), shape, dx / s, dy / s);
  };
  return {
    shift: [dx, dy],
    conv1: error('conv1', 'movedConv1'),
    conv2: error('conv2', 'movedConv2'),
    // A copy of its own (readParts copies each part), so it may be transferred.
    predictionUnderShift: partOf(parts, 'pLabel'),
  };
}
