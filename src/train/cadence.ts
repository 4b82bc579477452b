/**
 * When the loop does what, step by step: how long to wait before the next step, and whether a
 * snapshot, a checkpoint or an evaluation is due after one. Pure, so each rule has its own test.
 */

/** Milliseconds to wait before the next step under a pace (0 or less: none; null: no limit). */
export function waitBeforeStep(
  lastStepStart: number,
  maxStepsPerSecond: number | null,
  now: number,
): number {
  return maxStepsPerSecond === null ? 0 : lastStepStart + 1000 / maxStepsPerSecond - now;
}

/** A snapshot goes to the room every `snapshotEvery` steps. */
export function snapshotDue(step: number, snapshotEvery: number): boolean {
  return step % snapshotEvery === 0;
}

/** A checkpoint every `checkpointEvery` steps, or once `checkpointSecs` of training have passed. */
export function checkpointDue(
  step: number,
  msSinceCheckpoint: number,
  checkpointEvery: number,
  checkpointSecs: number,
): boolean {
  return step % checkpointEvery === 0 || msSinceCheckpoint >= checkpointSecs * 1000;
}

/** A held-out evaluation every `evalEvery` steps. */
export function evaluationDue(step: number, evalEvery: number): boolean {
  return step % evalEvery === 0;
}

/** The run has trained to its end (`endStep` 0: a run without one) and is not yet finished. */
export function endReached(step: number, endStep: number, finished: boolean): boolean {
  return !finished && endStep > 0 && step >= endStep;
}
