/**
 * Accuracy and loss on the held-out digits, a chunk at a time with a yield between chunks, so
 * pause and pace messages are never held behind a whole pass.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE } from '../network';
import type { Evaluation } from '../protocol';
import { confusionMatrix } from './confusion';
import { wrongIndices } from './mistakes';
import { evaluateChunkWithPredictions, readChunk } from './predictions';
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
  /** Told after every chunk (the trainer counts them: a long evaluation is progress, not a hang). */
  readonly onChunk?: () => void;
}

/**
 * Mean accuracy and loss over the digits evaluated, and the class predicted for each (for the
 * confusion matrix), or null when abandoned part way.
 */
export async function evaluateHeldOut(
  model: tf.LayersModel,
  { testXs, testYs }: HeldOut,
  options: EvaluateOptions,
): Promise<{ testAccuracy: number; testLoss: number; predicted: Uint8Array } | null> {
  const { chunk, maxChunks } = options;
  const total =
    maxChunks === undefined ? testYs.shape[0] : Math.min(testYs.shape[0], maxChunks * chunk);
  let lossSum = 0;
  let correct = 0;
  const predicted = new Uint8Array(total);
  for (let start = 0; start < total; start += chunk) {
    const n = Math.min(chunk, total - start);
    const out = tf.tidy(() =>
      evaluateChunkWithPredictions(
        model,
        tf.slice(testXs, [start, 0, 0, 0], [n, IMAGE_SIZE, IMAGE_SIZE, 1]),
        tf.slice(testYs, [start], [n]),
      ),
    );
    try {
      const chunkResult = readChunk(await out.data());
      lossSum += chunkResult.lossSum;
      correct += chunkResult.correct;
      predicted.set(chunkResult.predicted, start);
    } finally {
      out.dispose();
    }
    options.onChunk?.();
    await options.yielder.next();
    // The model this reads may be gone after the yield.
    if (!options.stillValid()) return null;
  }
  return { testAccuracy: correct / total, testLoss: lossSum / total, predicted };
}

/** The `evaluation` message's content for one finished evaluation. */
export function heldOutEvaluation(
  result: { testAccuracy: number; testLoss: number; predicted: Uint8Array },
  labels: Uint8Array,
  step: number,
  trainingMs: number,
): Evaluation {
  return {
    step,
    testAccuracy: result.testAccuracy,
    testLoss: result.testLoss,
    trainingMs,
    confusion: {
      counts: [...confusionMatrix(result.predicted, labels)],
      labels: labels.slice(),
      predicted: result.predicted,
    },
    mistakes: wrongIndices(result.predicted, labels),
  };
}

/** This session's evaluations: the last and the best, for the finished run's summary. */
export class EvaluationHistory {
  last: Evaluation | null = null;
  best: Evaluation | null = null;

  record(evaluation: Evaluation): void {
    this.last = evaluation;
    if (!this.best || evaluation.testAccuracy > this.best.testAccuracy) this.best = evaluation;
  }

  clear(): void {
    this.last = null;
    this.best = null;
  }
}
