/**
 * Accuracy and loss on the held-out digits, a chunk at a time with a yield between chunks, so
 * pause and pace messages are never held behind a whole pass.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE } from '../network';
import { evaluateChunkMarked, wrongIndices } from './mistakes';
import type { Yielder } from './yielder';

/** The held-out digits, resident for the whole run. */
export interface HeldOut {
  readonly testXs: tf.Tensor4D;
  readonly testYs: tf.Tensor1D;
}

export interface EvaluateOptions {
  /** Digits per chunk. */
  readonly chunk: number;
  /** Only this many chunks (to compile the programs before the clock starts); all when absent. */
  readonly maxChunks?: number | undefined;
  readonly yielder: Yielder;
  /** Asked after every chunk: false when a reset or stop has made this evaluation moot. */
  readonly stillValid: () => boolean;
}

/**
 * Mean accuracy and loss over the digits evaluated, and the held-out positions it got wrong (for
 * "Show a mistake"), or null when abandoned part way.
 */
export async function evaluateHeldOut(
  model: tf.LayersModel,
  { testXs, testYs }: HeldOut,
  options: EvaluateOptions,
): Promise<{ testAccuracy: number; testLoss: number; mistakes: number[] } | null> {
  const { chunk, maxChunks } = options;
  const total =
    maxChunks === undefined ? testYs.shape[0] : Math.min(testYs.shape[0], maxChunks * chunk);
  let lossSum = 0;
  let correct = 0;
  const mistakes: number[] = [];
  for (let start = 0; start < total; start += chunk) {
    const n = Math.min(chunk, total - start);
    const out = tf.tidy(() =>
      evaluateChunkMarked(
        model,
        tf.slice(testXs, [start, 0, 0, 0], [n, IMAGE_SIZE, IMAGE_SIZE, 1]),
        tf.slice(testYs, [start], [n]),
      ),
    );
    try {
      const v = await out.data();
      lossSum += v[0]!;
      correct += v[1]!;
      wrongIndices(v, start, mistakes);
    } finally {
      out.dispose();
    }
    await options.yielder.next();
    // The model this reads may be gone after the yield.
    if (!options.stillValid()) return null;
  }
  return { testAccuracy: correct / total, testLoss: lossSum / total, mistakes };
}
