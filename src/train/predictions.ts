/**
 * One chunk of held-out evaluation that also says what the network answered for each digit, so
 * the evaluation can report a confusion matrix (./confusion.ts). One tensor comes back per chunk
 * (loss sum, correct count, then the chunk's predicted classes as floats), read with one
 * `await data()`.
 */
import * as tf from '@tensorflow/tfjs';
import { sparseCrossEntropy } from './model';

/** [lossSum, correctCount, predicted_0 .. predicted_{n-1}] for a chunk of n digits. */
export function evaluateChunkWithPredictions(
  model: tf.LayersModel,
  xs: tf.Tensor4D,
  labels: tf.Tensor1D,
): tf.Tensor1D {
  return tf.tidy(() => {
    const probs = model.apply(xs, { training: false }) as tf.Tensor2D;
    const n = labels.shape[0];
    const predicted = tf.argMax(probs, -1);
    const lossSum = tf.mul(sparseCrossEntropy(probs, labels), n);
    const correct = tf.sum(tf.cast(tf.equal(predicted, labels), 'float32'));
    return tf.concat([tf.stack([lossSum, correct]), tf.cast(predicted, 'float32')]) as tf.Tensor1D;
  });
}

/** Splits what evaluateChunkWithPredictions read back. */
export function readChunk(values: ArrayLike<number>): {
  lossSum: number;
  correct: number;
  predicted: number[];
} {
  const predicted: number[] = [];
  for (let i = 2; i < values.length; i++) predicted.push(values[i]!);
  return { lossSum: values[0]!, correct: values[1]!, predicted };
}
