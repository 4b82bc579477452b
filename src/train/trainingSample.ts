/**
 * Training accuracy, measured the way held-out accuracy is: on a fixed sample of training digits
 * as large as the held-out set, a chunk at a time (evaluate.ts), at each evaluation and never per
 * step. Training accuracy minus held-out accuracy is the run's generalisation gap; the comparison
 * states it for both twins. The sample is un-augmented: the digits as the data holds them.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherDigits } from '../data/batches';
import type { MnistData } from '../data/mnistFormat';
import { IMAGE_SIZE } from '../network';
import { type EvaluateOptions, evaluateHeldOut } from './evaluate';

/** The training digits measured, resident for the whole run. */
export interface TrainingSample {
  readonly xs: tf.Tensor4D;
  readonly ys: tf.Tensor1D;
}

/**
 * The sample's indices: the first `size` of the training indices, which the split has already put
 * in a seeded random order, so the sample is random, fixed for the run, and the same for twins of
 * one seed.
 */
export function trainingSampleIndices(train: Uint32Array, size: number): Uint32Array {
  if (!Number.isInteger(size) || size < 1 || size > train.length) {
    throw new RangeError(`training sample of ${size} digits: must be 1..${train.length}`);
  }
  return train.subarray(0, size);
}

export function makeTrainingSample(
  data: MnistData,
  train: Uint32Array,
  size: number,
): TrainingSample {
  const digits = gatherDigits(data, trainingSampleIndices(train, size));
  return {
    xs: tf.tensor4d(digits.pixels, [digits.size, IMAGE_SIZE, IMAGE_SIZE, 1]),
    ys: tf.tensor1d(digits.labels, 'int32'),
  };
}

/** Accuracy on the sample, chunk by chunk; null when abandoned part way (reset, stop). */
export async function trainingAccuracy(
  model: tf.LayersModel,
  sample: TrainingSample,
  options: EvaluateOptions,
): Promise<number | null> {
  const r = await evaluateHeldOut(model, { testXs: sample.xs, testYs: sample.ys }, options);
  return r === null ? null : r.testAccuracy;
}
