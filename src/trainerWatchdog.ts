/**
 * Is the trainer still alive? The worker posts a heartbeat every few seconds whatever it is doing
 * (src/train/worker.ts) and metrics after every step. The render thread judges, once a second:
 * nothing heard, or no step while running, for max(10 s, 10x the recent step time) means "not
 * responding"; twice that long means the worker is restarted from its last checkpoint.
 *
 * While a worker starts (loading, compiling shaders, its first step) the limit is longer: WebGL
 * compiles each program synchronously, so on a software or slow GPU the worker cannot post for
 * tens of seconds (over 20 s measured on SwiftShader here), and a short limit restarted it into
 * the same compile until it gave up.
 */
import type { TrainingState } from './protocol';

export const WATCHDOG = {
  /** Silence below this is never a fault (a long evaluation, a slow step). */
  minSilenceMs: 10_000,
  /** ...nor below this while the worker starts (see isStarting). */
  startSilenceMs: 120_000,
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
 * Whether a worker is still starting: loading, compiling shaders, or running with no progress (a
 * step or an evaluation chunk) since it was started (the first step compiles Adam's programs).
 */
export function isStarting(state: TrainingState, progressSinceStart: number): boolean {
  if (state === 'idle' || state === 'loading' || state === 'warming-up') return true;
  return state === 'running' && progressSinceStart === 0;
}

/**
 * Judges liveness from when anything was last heard and, while running, when the step last
 * moved. `running` is false for states that make no steps (paused, diverged...): then only
 * silence counts. `starting` (isStarting) allows the longer start limit.
 */
export function judgeLiveness(
  now: number,
  lastHeard: number,
  lastStepMoved: number,
  running: boolean,
  stepsPerSecond: number,
  starting = false,
): Liveness {
  const steady = silenceLimitMs(stepsPerSecond);
  const limit = starting ? Math.max(WATCHDOG.startSilenceMs, steady) : steady;
  const quiet = Math.max(now - lastHeard, running ? now - lastStepMoved : 0);
  if (quiet > WATCHDOG.restartFactor * limit) return 'restart';
  if (quiet > limit) return 'notResponding';
  return 'alive';
}
