/**
 * Is the trainer still alive? The worker posts a heartbeat every few seconds whatever it is doing
 * (src/train/worker.ts) and metrics after every step. The render thread judges, once a second:
 * nothing heard, or no step while running, for max(10 s, 10x the recent step time) means "not
 * responding"; twice that long means the worker is restarted from its last checkpoint.
 */

export const WATCHDOG = {
  /** Silence below this is never a fault (a long evaluation, a slow first step). */
  minSilenceMs: 10_000,
  /** ...nor below this many recent step times. */
  stepTimes: 10,
  /** Silence this many times the limit restarts the worker. */
  restartFactor: 2,
  /** Restarts before training stops with an error. */
  maxRestarts: 3,
  /** How often the render thread judges. */
  checkEveryMs: 1000,
} as const;

export type Liveness = 'alive' | 'notResponding' | 'restart';

/** The silence limit for a run making `stepsPerSecond` steps a second (0: unknown). */
export function silenceLimitMs(stepsPerSecond: number): number {
  const stepMs = stepsPerSecond > 0 ? 1000 / stepsPerSecond : 0;
  return Math.max(WATCHDOG.minSilenceMs, WATCHDOG.stepTimes * stepMs);
}

/**
 * Judges liveness from when anything was last heard and, while running, when the step last
 * moved. `running` is false for states that make no steps (paused, diverged...): then only
 * silence counts.
 */
export function judgeLiveness(
  now: number,
  lastHeard: number,
  lastStepMoved: number,
  running: boolean,
  stepsPerSecond: number,
): Liveness {
  const limit = silenceLimitMs(stepsPerSecond);
  const quiet = Math.max(now - lastHeard, running ? now - lastStepMoved : 0);
  if (quiet > WATCHDOG.restartFactor * limit) return 'restart';
  if (quiet > limit) return 'notResponding';
  return 'alive';
}
