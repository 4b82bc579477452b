/**
 * Warm-up: compiles what the run will execute before the clock starts. WebGL programs are
 * specialised to shapes, so each phase runs one thing of the shape training will use: a forward
 * and backward pass at the training batch's shape, the probe digit, one evaluation chunk.
 */
import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data/batches';
import { IMAGE_SIZE } from '../network';
import { warmUpPass } from './model';
import type { Yielder } from './yielder';

export type WarmUpPhase = 'warm-up' | 'probe' | 'evaluation';

const PHASES: readonly WarmUpPhase[] = ['warm-up', 'probe', 'evaluation'];

const LABELS: Record<WarmUpPhase, string> = {
  'warm-up': 'compiling shaders: forward and backward pass',
  probe: 'compiling shaders: probe digit',
  evaluation: 'compiling shaders: evaluation',
};

/** Runs each phase in turn, announcing it (detail, progress 0..1) and yielding after it. */
export async function warmUp(
  announce: (detail: string, progress: number) => void,
  runPhase: (phase: WarmUpPhase) => Promise<void>,
  yielder: Yielder,
): Promise<void> {
  for (const [i, phase] of PHASES.entries()) {
    announce(`${LABELS[phase]} (${i + 1}/${PHASES.length})`, i / PHASES.length);
    await runPhase(phase);
    await yielder.next();
  }
}

/** One forward and backward pass on `batch` that changes no weight, read back and freed. */
export async function compileTrainingPass(
  model: tf.LayersModel,
  variables: tf.Variable[],
  batch: Batch,
): Promise<void> {
  const xs = tf.tensor4d(batch.pixels, [batch.size, IMAGE_SIZE, IMAGE_SIZE, 1]);
  const ys = tf.tensor1d(batch.labels, 'int32');
  const loss = warmUpPass(model, variables, xs, ys);
  tf.dispose([xs, ys]);
  try {
    await loss.data();
  } finally {
    loss.dispose();
  }
}
