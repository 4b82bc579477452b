/**
 * What a run reads besides the model, made once from the digits: the training batches, the probe
 * digit, and the held-out digits resident as tensors for evaluation.
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import { BatchSource, gatherDigits } from '../data/batches';
import type { MnistData } from '../data/mnistFormat';
import { stratifiedSplit } from '../data/split';
import { IMAGE_SIZE } from '../network';
import type { DigitSets } from './inference';
import { type TrainingSample, makeTrainingSample } from './trainingSample';

export interface RunTensors {
  /** The probe digit [1, 28, 28, 1] and its label. */
  probe: tf.Tensor4D;
  probeLabel: number;
  /** The held-out digits, resident for the whole run. */
  testXs: tf.Tensor4D;
  testYs: tf.Tensor1D;
  /** The held-out labels as plain numbers, for the confusion matrix. */
  testLabels: Uint8Array;
  /** How many digits the run trains on (an epoch is all of them once). */
  trainDigits: number;
  /** A comparison twin's fixed training digits, for its generalisation gap (else null). */
  trainSample: TrainingSample | null;
}

export interface RunData {
  batches: BatchSource;
  digitSets: DigitSets;
  tensors: RunTensors;
}

/** Splits the digits by the run's seed and makes the run's tensors. */
export function prepareRunData(data: MnistData, config: Config): RunData {
  const split = stratifiedSplit(data.labels, config.seed);
  // The probe is the first held-out digit: never trained on, the same for the whole run.
  const probe = gatherDigits(data, split.test.subarray(0, 1));
  const test = gatherDigits(data, split.test);
  return {
    batches: new BatchSource(data, split.train, config.batch, config.seed),
    digitSets: { data, heldout: split.test, train: split.train },
    tensors: {
      probe: tf.tensor4d(probe.pixels, [1, IMAGE_SIZE, IMAGE_SIZE, 1]),
      probeLabel: probe.labels[0]!,
      testXs: tf.tensor4d(test.pixels, [test.size, IMAGE_SIZE, IMAGE_SIZE, 1]),
      testYs: tf.tensor1d(test.labels, 'int32'),
      testLabels: Uint8Array.from(test.labels),
      trainDigits: split.train.length,
      trainSample: config.compare
        ? makeTrainingSample(data, split.train, Math.min(split.test.length, split.train.length))
        : null,
    },
  };
}

export function disposeRunTensors(t: RunTensors): void {
  tf.dispose([t.probe, t.testXs, t.testYs]);
  if (t.trainSample) tf.dispose([t.trainSample.xs, t.trainSample.ys]);
}
