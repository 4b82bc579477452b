/**
 * How the governor's cap on training (steps per second) moves once a window of frames is judged:
 * multiplicative decrease when training costs frames, additive increase while it does not, as
 * TCP does with its window.
 *
 * - bad: the cap falls to `decreaseFactor` of what the trainer achieved (or the cap, if lower),
 *   never below the floor; that rate is remembered as the one where frames went bad;
 * - healthy for a stable second: while the trainer reaches the cap, it rises by
 *   `increaseStepsPerSecond` or a quarter of itself, freely up to `knownBadShare` of the rate
 *   where frames last went bad, then one step per `probeAfterMs` of healthy frames; when the cap is
 *   out of the trainer's reach for `uncapAfterMs`, it is lifted (null: as fast as it goes);
 * - marginal: hold, and the healthy streak starts again.
 *
 * Pure: time is passed in. Called a few times per second, never per frame.
 */
import type { GOVERNOR_DEFAULTS } from './governorOptions';

type CapOptions = Pick<
  typeof GOVERNOR_DEFAULTS,
  | 'floorStepsPerSecond'
  | 'initialStepsPerSecond'
  | 'increaseStepsPerSecond'
  | 'decreaseFactor'
  | 'stableMsBeforeIncrease'
  | 'bindingRatio'
  | 'knownBadShare'
  | 'probeAfterMs'
  | 'uncapAfterMs'
>;

export type CapMove = 'slower' | 'faster' | 'uncap' | 'hold';

const round2 = (x: number): number => Math.round(x * 100) / 100;

export class CapControl {
  /** The cap in force, steps/s (null: none). The governor sets it for a probe and back. */
  cap: number | null;
  /** The rate at which frames last went bad (null: none known, or since proven wrong). */
  private knownBad: number | null = null;
  private healthySince: number | null = null;
  private nonBindingSince: number | null = null;

  constructor(private readonly o: CapOptions) {
    this.cap =
      o.initialStepsPerSecond === null
        ? null
        : Math.max(o.floorStepsPerSecond, o.initialStepsPerSecond);
  }

  get atFloor(): boolean {
    return this.cap !== null && this.cap <= this.o.floorStepsPerSecond;
  }

  /** How long frames will have been healthy if the window of `elapsedMs` ending now is. */
  streak(nowMs: number, elapsedMs: number): number {
    return this.healthySince === null ? elapsedMs : nowMs - this.healthySince;
  }

  /** Training cost frames: decrease (unless at the floor already). */
  bad(achieved: number): CapMove {
    this.interrupt();
    if (this.atFloor) return 'hold';
    const reach = achieved > 0 ? achieved : (this.cap ?? this.o.initialStepsPerSecond ?? 1);
    const base = this.cap === null ? reach : Math.min(this.cap, reach);
    this.knownBad = base;
    this.cap = Math.max(this.o.floorStepsPerSecond, round2(base * this.o.decreaseFactor));
    return 'slower';
  }

  /** Neither healthy nor bad: hold, and the healthy streak starts again. */
  marginal(): CapMove {
    this.healthySince = null;
    return 'hold';
  }

  /** A healthy window of `elapsedMs` ending now, the trainer achieving `achieved` steps/s. */
  healthy(nowMs: number, elapsedMs: number, achieved: number): CapMove {
    this.healthySince ??= nowMs - elapsedMs;
    const streak = nowMs - this.healthySince;
    if (this.cap === null || streak < this.o.stableMsBeforeIncrease) return 'hold';
    if (achieved < this.cap * this.o.bindingRatio) {
      this.nonBindingSince ??= nowMs;
      if (nowMs - this.nonBindingSince < this.o.uncapAfterMs) return 'hold';
      this.cap = null;
      this.nonBindingSince = null;
      return 'uncap';
    }
    this.nonBindingSince = null;
    // Additive, or a quarter of the cap when that is more: from the floor back to full speed in
    // seconds, not minutes.
    const next = round2(this.cap + Math.max(this.o.increaseStepsPerSecond, this.cap / 4));
    const plateau =
      this.knownBad === null ? Infinity : round2(this.knownBad * this.o.knownBadShare);
    if (next <= plateau) this.cap = next;
    else if (this.cap < plateau) this.cap = plateau;
    else if (streak >= this.o.probeAfterMs) {
      // Past the plateau: one step per long healthy stretch.
      this.cap = next;
      this.healthySince = nowMs;
      if (this.knownBad !== null && next > this.knownBad) this.knownBad = null;
    } else return 'hold';
    return 'faster';
  }

  /**
   * No faster than `ceiling` steps/s (rounded, never below the floor): lowers the cap, or sets one
   * when there is none and the trainer reaches past it. `achieved`: what the trainer reaches.
   */
  holdAtMost(ceiling: number, achieved: number): CapMove {
    const held = Math.max(this.o.floorStepsPerSecond, round2(ceiling));
    if (held >= (this.cap ?? achieved)) return 'hold';
    this.cap = held;
    return 'slower';
  }

  /** Streaks end (training stopped, a probe, a new objective). */
  interrupt(): void {
    this.healthySince = null;
    this.nonBindingSince = null;
  }

  /** The rate once judged bad was judged against an old baseline or another budget. */
  forgetKnownBad(): void {
    this.knownBad = null;
  }
}
