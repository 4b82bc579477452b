/**
 * When a run has diverged: the rule the trainer applies after every step. Pure, so both sides of
 * it are tested on their own (tests/unit/train/divergence.test.ts) and on real runs in Node.
 *
 * A run has diverged when any of these holds:
 *  1. the loss is not finite (NaN or Infinity);
 *  2. the smoothed loss is back at chance level (ln 10 ≈ 2.30, a uniform guess over ten digits) or
 *     above, after it had fallen well below it (under half of chance): what was learned is gone;
 *  3. one step's loss is above chance and more than `riseFactor` times the smoothed loss before
 *     it: a sudden blow-up (lr=1 takes the loss from 2.30 to 15.6 in one step).
 * The clipped loss (about 16.1 at most) never becomes non-finite, which is why 2 and 3 exist.
 *
 * Beside the verdict it tracks the last good step: the newest step whose smoothed loss was within
 * `goodBand` times the lowest seen and whose loss did not blow up. Checkpoints at or before it are
 * the ones a roll-back may return to.
 */

export const DIVERGENCE_RULE = {
  /** Chance level of the loss: -ln(1/10). */
  chance: Math.log(10),
  /** "Well below chance": the smoothed loss must have fallen under this share of it (rule 2). */
  fellBelowShare: 0.5,
  /** A step's loss this many times the smoothed loss before it is a blow-up (rule 3). */
  riseFactor: 4,
  /** A step is still good while its smoothed loss is within this factor of the lowest seen. */
  goodBand: 2,
} as const;

export interface DivergenceVerdict {
  readonly step: number;
  /** What happened, in plain words for the panel. */
  readonly reason: string;
}

export class DivergenceWatch {
  private lowestSmoothed = Infinity;
  private goodStep: number;

  constructor(startStep = 0) {
    this.goodStep = startStep;
  }

  /** The newest step that was still good (the start step until a step is observed). */
  get lastGoodStep(): number {
    return this.goodStep;
  }

  /** Starts watching afresh from `step` (a new run, a roll-back, or "keep going"). */
  restart(step: number): void {
    this.lowestSmoothed = Infinity;
    this.goodStep = step;
  }

  /**
   * Observes one step: its loss, the smoothed loss before it (null on the first step) and after
   * it. Returns the verdict when the run has diverged, else null.
   */
  observe(
    step: number,
    loss: number,
    smoothedBefore: number | null,
    smoothed: number,
  ): DivergenceVerdict | null {
    const r = DIVERGENCE_RULE;
    if (!Number.isFinite(loss) || !Number.isFinite(smoothed)) {
      return { step, reason: `the loss became ${loss} at step ${step}` };
    }
    if (smoothedBefore !== null && loss > r.chance && loss > r.riseFactor * smoothedBefore) {
      return {
        step,
        reason:
          `the loss jumped from about ${smoothedBefore.toFixed(2)} to ${loss.toFixed(2)} ` +
          `at step ${step}`,
      };
    }
    if (this.lowestSmoothed < r.fellBelowShare * r.chance && smoothed >= r.chance) {
      return {
        step,
        reason:
          `the smoothed loss climbed back to ${smoothed.toFixed(2)} (chance is ` +
          `${r.chance.toFixed(2)}) at step ${step}, after falling to ${this.lowestSmoothed.toFixed(2)}`,
      };
    }
    this.lowestSmoothed = Math.min(this.lowestSmoothed, smoothed);
    if (smoothed <= r.goodBand * this.lowestSmoothed) this.goodStep = step;
    return null;
  }
}
