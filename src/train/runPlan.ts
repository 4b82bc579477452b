/**
 * A run's plan in steps: how many steps make an epoch, where the run ends, the learning rate and
 * the epoch at a step, and the sentence the panel shows when the run is finished. Pure, so the
 * trainer, the Node sweep (scripts/learn-sweep.ts) and the tests count the same way.
 */
import type { Config } from '../config/schema';
import { learningRateAt } from './lrSchedule';

/** Steps per epoch: every training digit once, the last batch topped up from the next epoch. */
export function stepsPerEpoch(trainDigits: number, batch: number): number {
  return Math.ceil(trainDigits / batch);
}

/** The run's last step (0 when it has no end: `epochs` 0). */
export function totalSteps(config: Pick<Config, 'epochs' | 'batch'>, trainDigits: number): number {
  return config.epochs * stepsPerEpoch(trainDigits, config.batch);
}

/** Epochs done after `step` steps (fractional). */
export function epochAt(step: number, trainDigits: number, batch: number): number {
  return step / stepsPerEpoch(trainDigits, batch);
}

/** The learning rate for the step about to be taken (`step` done so far), from the user's rate. */
export function learningRateFor(
  config: Pick<Config, 'epochs' | 'batch' | 'schedule'>,
  baseLr: number,
  step: number,
  trainDigits: number,
): number {
  return learningRateAt(config.schedule, baseLr, step, totalSteps(config, trainDigits));
}

/** The panel's sentence for a finished run. */
export function finishedSummary(s: {
  epochs: number;
  steps: number;
  trainingMs: number;
  finalAccuracy: number | null;
  best: { step: number; testAccuracy: number } | null;
}): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const minutes = s.trainingMs / 60_000;
  const time = minutes >= 1 ? `${minutes.toFixed(1)} min` : `${(s.trainingMs / 1000).toFixed(0)} s`;
  const final = s.finalAccuracy === null ? 'not evaluated' : pct(s.finalAccuracy);
  const best =
    s.best === null
      ? ''
      : `; best ${pct(s.best.testAccuracy)} at step ${s.best.step.toLocaleString('en')}`;
  return (
    `trained ${s.epochs} epoch${s.epochs === 1 ? '' : 's'} (${s.steps.toLocaleString('en')} steps) ` +
    `in ${time} of training: held-out accuracy ${final}${best}`
  );
}
