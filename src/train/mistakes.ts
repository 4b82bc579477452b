/**
 * Evaluation that also says which digits it got wrong, from the same forward pass: the learner can
 * then be shown the network's mistakes ("Show a mistake").
 */
import * as tf from '@tensorflow/tfjs';
import { sparseCrossEntropy } from './model';

/**
 * Over a chunk of n digits: [lossSum, correctCount, wrong_0 .. wrong_{n-1}] where wrong_i is 1
 * when digit i's prediction differs from its label. One tensor, for one read-back.
 */
export function evaluateChunkMarked(
  model: tf.LayersModel,
  xs: tf.Tensor4D,
  labels: tf.Tensor1D,
): tf.Tensor1D {
  return tf.tidy(() => {
    const probs = model.apply(xs, { training: false }) as tf.Tensor2D;
    const n = labels.shape[0];
    const lossSum = tf.mul(sparseCrossEntropy(probs, labels), n);
    const wrong = tf.cast(tf.notEqual(tf.argMax(probs, 1), tf.cast(labels, 'int32')), 'float32');
    const correct = tf.sub(n, tf.sum(wrong));
    return tf.concat([tf.stack([lossSum, correct]), wrong]) as tf.Tensor1D;
  });
}

/** The held-out positions flagged wrong in a chunk's values (from `evaluateChunkMarked`). */
export function wrongIndices(values: ArrayLike<number>, start: number, out: number[]): void {
  for (let i = 2; i < values.length; i++) if (values[i]! > 0.5) out.push(start + i - 2);
}
