/**
 * One training step: a batch at the scheduled learning rate, the step, its metrics to the page,
 * the divergence verdict, and whatever is due after it (snapshot, checkpoint, evaluation; see
 * cadence.ts). The loop in trainer.ts calls it when the pace allows.
 */
import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../data/augment';
import type { BatchSource } from '../data/batches';
import { IMAGE_SIZE } from '../network';
import type { FromWorker } from '../protocol';
import { checkpointDue, evaluationDue, snapshotDue } from './cadence';
import type { DivergenceVerdict } from './divergence';
import { setLearningRate, trainStep } from './model';
import { epochAt, learningRateFor } from './runPlan';
import type { RunTensors } from './runTensors';
import type { SelectedKernel } from './selectedKernel';
import { type TrainingRun, need } from './trainingRun';

/** What a step reads and calls besides the run. */
export interface StepContext {
  readonly batches: BatchSource;
  readonly tensors: RunTensors;
  /** The selected kernel, whose update is kept around the step. */
  readonly kernel: SelectedKernel;
  /** Read after the step: a pace message may have changed it meanwhile. */
  snapshotEvery(): number;
  post(msg: FromWorker): void;
  now(): number;
  /** Stops training in state `diverged`. */
  diverge(verdict: DivergenceVerdict): void;
  /** Whether the run is in state `diverged` (a checkpoint may have found a non-finite weight). */
  diverged(): boolean;
  sendSnapshot(): Promise<void>;
  saveCheckpoint(): Promise<boolean>;
  evaluate(): Promise<void>;
}

export async function trainOneStep(run: TrainingRun, ctx: StepContext): Promise<void> {
  const config = run.config;
  const model = need(run.model, 'model');
  const { trainDigits } = ctx.tensors;
  const lr = learningRateFor(config, run.lr, run.step, trainDigits);
  setLearningRate(need(run.optimizer, 'optimizer'), lr);
  // Fresh arrays per step: backends keep a reference to the array a tensor is made from.
  const plain = ctx.batches.batchAt(run.step);
  const b = config.augment ? augmentBatch(plain, config.seed, run.step) : plain;
  const xs = tf.tensor4d(b.pixels, [b.size, IMAGE_SIZE, IMAGE_SIZE, 1]);
  const ys = tf.tensor1d(b.labels, 'int32');
  let stats: tf.Tensor1D;
  try {
    ctx.kernel.beforeStep(model);
    stats = trainStep(model, need(run.optimizer, 'optimizer'), run.variables, xs, ys);
    ctx.kernel.afterStep(model);
  } finally {
    tf.dispose([xs, ys]);
  }
  let values: Float32Array;
  try {
    values = (await stats.data()) as Float32Array;
  } finally {
    stats.dispose();
  }
  const loss = values[0]!;
  const batchAccuracy = values[1]!;
  const now = ctx.now();
  const { step, lossSmoothed, verdict } = run.completeStep(loss, now);
  const memory = tf.memory();
  ctx.post({
    type: 'metrics',
    metrics: {
      step,
      loss,
      lossSmoothed,
      batchAccuracy,
      stepsPerSecond: run.stepsPerSecond(now),
      trainingMs: run.clock.elapsed(),
      epoch: epochAt(step, trainDigits, config.batch),
      lr,
    },
    memory: { numTensors: memory.numTensors, numBytes: memory.numBytes },
  });
  if (verdict) {
    // Nothing of this step is saved: the last good checkpoint stays the newest one kept.
    ctx.diverge(verdict);
    await ctx.sendSnapshot();
    return;
  }
  if (snapshotDue(step, ctx.snapshotEvery())) await ctx.sendSnapshot();
  const sinceCheckpoint = run.clock.elapsed() - run.checkpointTrainingMs;
  if (checkpointDue(step, sinceCheckpoint, config.checkpointEvery, config.checkpointSecs)) {
    await ctx.saveCheckpoint();
  }
  if (ctx.diverged()) return;
  if (evaluationDue(step, config.evalEvery)) await ctx.evaluate();
}
