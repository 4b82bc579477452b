/**
 * The run's held-out evaluations: a pass posted to the page and kept in the run's history (with a
 * comparison twin's training accuracy, trainingSample.ts), the best one's checkpoint kept beside
 * the latest; and the summary the run finishes with.
 */
import type { FromWorker } from '../protocol';
import { evaluateHeldOut, heldOutEvaluation } from './evaluate';
import { finishedSummary } from './runPlan';
import type { RunTensors } from './runTensors';
import { TRAINER_DEFAULTS } from './trainerDefaults';
import { type TrainingRun, need } from './trainingRun';
import { trainingAccuracy } from './trainingSample';
import type { Yielder } from './yielder';

export interface EvaluationContext {
  readonly tensors: RunTensors;
  readonly yielder: Yielder;
  /** False once a reset or a stop has made an evaluation under way moot. */
  stillWanted(): boolean;
  post(msg: FromWorker): void;
  /** Told after every chunk (the trainer counts them: a long evaluation is progress, not a hang). */
  onChunk(): void;
}

/**
 * Evaluates the run's model on the held-out digits and posts the result. With `onlyChunks`, runs
 * that many chunks to compile the programs and reports nothing.
 */
export async function evaluateRun(
  run: TrainingRun,
  ctx: EvaluationContext,
  onlyChunks?: number,
): Promise<void> {
  const model = need(run.model, 'model');
  const step = run.step;
  const options = {
    chunk: TRAINER_DEFAULTS.evalChunk,
    maxChunks: onlyChunks,
    yielder: ctx.yielder,
    stillValid: () => ctx.stillWanted() && run.model === model,
    onChunk: () => ctx.onChunk(),
  };
  const result = await evaluateHeldOut(model, ctx.tensors, options);
  if (result === null || onlyChunks !== undefined) return;
  // A comparison twin: the same chunks over its fixed training digits (the generalisation gap).
  const sample = ctx.tensors.trainSample;
  const trainAccuracy = sample ? await trainingAccuracy(model, sample, options) : undefined;
  if (trainAccuracy === null) return;
  const heldOut = heldOutEvaluation(result, ctx.tensors.testLabels, step, run.clock.elapsed());
  const evaluation = trainAccuracy === undefined ? heldOut : { ...heldOut, trainAccuracy };
  run.evaluations.record(evaluation);
  ctx.post({ type: 'evaluation', evaluation });
  // The best held-out checkpoint is kept beside the latest (runStore's best slot).
  if (run.store && run.optimizer && run.model === model) {
    await run.store.saveBest(
      model,
      run.optimizer,
      { step, trainingMs: evaluation.trainingMs, config: run.config },
      evaluation.testAccuracy,
    );
  }
}

/** What the panel says when the run has trained its epochs. */
export function finishedDetail(run: TrainingRun): string {
  const { last, best } = run.evaluations;
  return finishedSummary({
    epochs: run.config.epochs,
    steps: run.step,
    trainingMs: run.clock.elapsed(),
    finalAccuracy: last?.testAccuracy ?? null,
    best: best ? { step: best.step, testAccuracy: best.testAccuracy } : null,
  });
}
