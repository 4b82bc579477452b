/**
 * The governor's knobs and its named defaults, and what it reads of the trainer: one typed place,
 * so tests and experiments override a name, never a magic number.
 */
import type { Objective } from './objective';

export interface GovernorOptions {
  /** The configured steps between snapshots: the governor never goes below it. */
  readonly snapshotEvery: number;
  readonly objective?: Objective;
  /** How often it decides (ms of the injected clock). */
  readonly evaluateEveryMs?: number;
  /** A decision waits for this many frames, or `maxJudgeMs`, whichever first. */
  readonly minFrames?: number;
  readonly maxJudgeMs?: number;
  /**
   * Frames compared with a room that misses the objective alone are judged on `compareMinFrames`
   * or this much time; a baseline, too, stands on at least `compareMinFrames`.
   */
  readonly compareMinFrames?: number;
  readonly slowJudgeMs?: number;
  /** The lowest cap, steps/s: training never stops by itself. */
  readonly floorStepsPerSecond?: number;
  /** The first cap; null starts unlimited. */
  readonly initialStepsPerSecond?: number | null;
  /** Additive increase per healthy decision, steps/s. */
  readonly increaseStepsPerSecond?: number;
  /** Multiplicative decrease on a bad decision. */
  readonly decreaseFactor?: number;
  /** Healthy time before the cap may rise. */
  readonly stableMsBeforeIncrease?: number;
  /** The trainer reaches the cap when it achieves at least this share of it. */
  readonly bindingRatio?: number;
  /** After frames went bad at some rate, the cap climbs freely only to this share of it. */
  readonly knownBadShare?: number;
  readonly probeAfterMs?: number;
  /** Healthy time with the cap out of the trainer's reach before it is lifted. */
  readonly uncapAfterMs?: number;
  /** After a decrease or a probe, frames of this long are not judged. */
  readonly cooldownMs?: number;
  /** After training starts or resumes, frames of this long are not judged (its first steps). */
  readonly startGraceMs?: number;
  /** Healthy time that relaxes a stretched snapshotEvery. */
  readonly recoverAfterMs?: number;
  readonly maxSnapshotEvery?: number;
  /** Upload frames judged together before deciding on snapshotEvery. */
  readonly minUploadFrames?: number;
  /** Judged time without training that makes a baseline. */
  readonly baselineMs?: number;
  /** A baseline older than this is measured again (by a probe) when the objective is missed. */
  readonly probeEveryMs?: number;
  /** ...or older than this when frames are still worse than it with training at its floor. */
  readonly probeAtFloorMs?: number;
  /**
   * A probe's length, of which the first `probeSettleMs` are not counted (the step in flight). A
   * probe whose frames are too few for a baseline (a slow room) goes on up to `maxProbeMs`.
   */
  readonly probeMs?: number;
  readonly maxProbeMs?: number;
  readonly probeSettleMs?: number;
  /** The pace during a probe: slow enough that at most the step in flight runs. */
  readonly probeStepsPerSecond?: number;
  /**
   * Standard errors added to the fitted cost of training (costModel.ts) before it sets a ceiling
   * on the pace: the frames get the benefit of the doubt.
   */
  readonly costSigmas?: number;
}

/** What the governor needs of the run that trains. */
export interface TrainerReading {
  /** Training is running (not loading, warming up, paused or failed). */
  readonly active: boolean;
  /**
   * Training is paused: the frames are the room alone and make the baseline. Frames while loading
   * or warming up do not (the room's own first frames, shader compiles and uploads, land there).
   */
  readonly paused?: boolean;
  /** Steps per second the trainer reports achieving. */
  readonly stepsPerSecond: number;
}

/** What the last decision did. */
export type GovernorAction =
  'measuring' | 'idle' | 'probe' | 'cooldown' | 'slower' | 'faster' | 'uncap' | 'hold';

/** The governor's named defaults (ms of the injected clock, steps/s). */
export const GOVERNOR_DEFAULTS = {
  objective: 'desktop' as Objective,
  evaluateEveryMs: 250,
  minFrames: 12,
  maxJudgeMs: 1000,
  compareMinFrames: 30,
  slowJudgeMs: 6000,
  floorStepsPerSecond: 0.5,
  initialStepsPerSecond: 4 as number | null,
  increaseStepsPerSecond: 1,
  decreaseFactor: 0.5,
  stableMsBeforeIncrease: 1000,
  bindingRatio: 0.7,
  knownBadShare: 0.9,
  probeAfterMs: 10_000,
  uncapAfterMs: 3000,
  cooldownMs: 500,
  startGraceMs: 2000,
  recoverAfterMs: 5000,
  maxSnapshotEvery: 64,
  minUploadFrames: 4,
  baselineMs: 2000,
  probeEveryMs: 30_000,
  probeAtFloorMs: 8000,
  probeMs: 2500,
  maxProbeMs: 6000,
  probeSettleMs: 700,
  probeStepsPerSecond: 0.2,
  costSigmas: 2,
};

export type ResolvedGovernorOptions = typeof GOVERNOR_DEFAULTS & { snapshotEvery: number };

/** The defaults with `options` over them, checked: a bad knob is a RangeError naming it. */
export function resolveGovernorOptions(options: GovernorOptions): ResolvedGovernorOptions {
  const o = {
    ...GOVERNOR_DEFAULTS,
    ...stripUndefined(options),
    snapshotEvery: options.snapshotEvery,
  };
  if (!(o.floorStepsPerSecond > 0)) throw new RangeError('floorStepsPerSecond must be > 0');
  if (!(o.decreaseFactor > 0 && o.decreaseFactor < 1)) {
    throw new RangeError('decreaseFactor must be in (0, 1)');
  }
  if (!(Number.isInteger(o.snapshotEvery) && o.snapshotEvery >= 1)) {
    throw new RangeError('snapshotEvery must be an integer >= 1');
  }
  if (!(o.probeSettleMs < o.probeMs)) throw new RangeError('probeSettleMs must be < probeMs');
  if (!(o.probeMs <= o.maxProbeMs)) throw new RangeError('probeMs must be <= maxProbeMs');
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
