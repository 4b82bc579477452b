/**
 * The comparison's bookkeeping as pure functions over plain data: each twin's held-out curve, the
 * latest step both have been evaluated at, the sentence that states what was measured, and whose
 * turn it is to train. No DOM, no workers: the panel draws this and comparison.ts drives it.
 */
import type { SharingMode } from '../config/schema';
import type { Evaluation } from '../protocol';
import { formatBytes, formatRatio, MODE_NAMES } from './arithmetic';

/** One twin's held-out evaluations, in the order they arrived (steps rise within a run). */
export class Curve {
  readonly steps: number[] = [];
  /** Training wall time at each evaluation, ms (pauses excluded). */
  readonly times: number[] = [];
  readonly accuracy: number[] = [];
  readonly loss: number[] = [];
  /** Accuracy on the twin's fixed training sample at each evaluation; NaN when not measured. */
  readonly trainAccuracy: number[] = [];

  get length(): number {
    return this.steps.length;
  }

  /**
   * Adds an evaluation. One at a step the curve already has replaces it (a re-evaluation after a
   * reset of the same step); one at an earlier step means the run started over, so the curve does.
   */
  push(e: Evaluation): void {
    const last = this.steps.length - 1;
    if (last >= 0 && e.step < this.steps[last]!) this.clear();
    else if (last >= 0 && e.step === this.steps[last]) this.pop();
    this.steps.push(e.step);
    this.times.push(e.trainingMs);
    this.accuracy.push(e.testAccuracy);
    this.loss.push(e.testLoss);
    this.trainAccuracy.push(e.trainAccuracy ?? NaN);
  }

  /** The index of the evaluation at `step`, or -1. */
  indexOfStep(step: number): number {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const s = this.steps[i]!;
      if (s === step) return i;
      if (s < step) break;
    }
    return -1;
  }

  clear(): void {
    this.steps.length = 0;
    this.times.length = 0;
    this.accuracy.length = 0;
    this.loss.length = 0;
    this.trainAccuracy.length = 0;
  }

  private pop(): void {
    this.steps.pop();
    this.times.pop();
    this.accuracy.pop();
    this.loss.pop();
    this.trainAccuracy.pop();
  }
}

/** One twin at an evaluation: held-out accuracy and loss, running time, training accuracy. */
export interface TwinPoint {
  readonly accuracy: number;
  readonly loss: number;
  readonly ms: number;
  /** On the twin's fixed training sample; null when not measured. */
  readonly trainAccuracy: number | null;
}

/** Both twins at the latest step each was evaluated at. */
export interface CommonPoint {
  readonly step: number;
  readonly shared: TwinPoint;
  readonly unshared: TwinPoint;
}

const pointOf = (c: Curve, i: number): TwinPoint => {
  const train = c.trainAccuracy[i] ?? NaN;
  return {
    accuracy: c.accuracy[i]!,
    loss: c.loss[i]!,
    ms: c.times[i]!,
    trainAccuracy: Number.isFinite(train) ? train : null,
  };
};

/** The latest step at which both curves have an evaluation (after step 0), or null. */
export function latestCommonPoint(shared: Curve, unshared: Curve): CommonPoint | null {
  for (let i = shared.length - 1; i >= 0; i--) {
    const step = shared.steps[i]!;
    if (step <= 0) return null;
    const j = unshared.indexOfStep(step);
    if (j < 0) continue;
    return { step, shared: pointOf(shared, i), unshared: pointOf(unshared, j) };
  }
  return null;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The measured result in words: accuracies at the latest common step, the running time each took
 * to get there (the trainer's trainingMs: steps and held-out evaluations, pauses excluded), and
 * how many times the parameters and memory the unshared twin used.
 * `memory` is each twin's last tf.memory() bytes (null until it has reported).
 */
export function resultSentence(
  point: CommonPoint,
  parameterRatio: number,
  memory: Readonly<Record<SharingMode, number | null>>,
): string {
  const s = MODE_NAMES.conv;
  const u = MODE_NAMES.none;
  const mem =
    memory.conv !== null && memory.none !== null && memory.conv > 0
      ? ` and ${formatRatio(memory.none / memory.conv)} the memory (${formatBytes(memory.none)} against ${formatBytes(memory.conv)})`
      : '';
  return (
    `after ${point.step} steps: ${s} ${pct(point.shared.accuracy)} held-out accuracy, ` +
    `${u} ${pct(point.unshared.accuracy)}; held-out loss ${point.shared.loss.toFixed(3)} against ` +
    `${point.unshared.loss.toFixed(3)}; running time ${seconds(point.shared.ms)} against ` +
    `${seconds(point.unshared.ms)}; ${u} used ${formatRatio(parameterRatio)} the parameters${mem}.`
  );
}

/** What the turn scheduler needs to know of a twin. */
export interface TurnCandidate {
  readonly mode: SharingMode;
  /** Can still train: not failed, not left out. */
  readonly alive: boolean;
  /** Data loaded and shaders compiled: it is paused or running. */
  readonly ready: boolean;
  readonly step: number;
}

/**
 * Who trains next: of the twins that are alive and ready, the one behind (fewest steps), the
 * shared twin on a tie. Null when neither can. Keeping the step counts level keeps the range in
 * which the two can be compared as long as possible.
 */
export function nextTurn(candidates: readonly TurnCandidate[]): SharingMode | null {
  let best: TurnCandidate | null = null;
  for (const c of candidates) {
    if (!c.alive || !c.ready) continue;
    if (best === null || c.step < best.step) best = c;
  }
  return best ? best.mode : null;
}

/** The step at which a turn that starts at `step` ends: the next multiple of `turnSteps`. */
export function turnEnd(step: number, turnSteps: number): number {
  return (Math.floor(step / turnSteps) + 1) * turnSteps;
}

/** A chart axis: the range of the values plotted on it, never empty. */
export interface Range {
  lo: number;
  hi: number;
}

/**
 * Widens `out` to cover `values` (call once per series after resetting `out` to an empty range
 * with `emptyRange`). Keeps a minimum span so a flat series still draws.
 */
export function extendRange(out: Range, values: readonly number[]): void {
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < out.lo) out.lo = v;
    if (v > out.hi) out.hi = v;
  }
}

export function emptyRange(out: Range): void {
  out.lo = Infinity;
  out.hi = -Infinity;
}

/** Makes a range drawable: an empty one becomes [0, 1], a flat one gains `minSpan` around it. */
export function settleRange(out: Range, minSpan: number): void {
  if (out.lo > out.hi) {
    out.lo = 0;
    out.hi = 1;
  } else if (out.hi - out.lo < minSpan) {
    const mid = (out.lo + out.hi) / 2;
    out.lo = mid - minSpan / 2;
    out.hi = mid + minSpan / 2;
  }
}
