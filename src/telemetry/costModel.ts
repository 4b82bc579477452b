/**
 * What training costs the frames, as a straight line: the mean frame interval grows by `slope` ms
 * for each step per second of training, from the room's own `interceptMs`. Fitted by weighted least
 * squares over every window the governor judged (weighted by their frames) and the room alone
 * (probes, pauses: rate 0), the old ones fading with a half-life, so the room may change.
 *
 * Why: a window of a dozen frames says little in a room that scatters its frames (the XR emulator
 * on a software renderer: 8 fps, interval p95 2.6x the median). Judged one at a time, a 40% cost
 * passes as chance; pooled, a minute of windows at different paces pins the slope down, and the
 * pace at which training costs the margin follows: `rateFor`. The slope's upper confidence bound is
 * used, so the pace errs on the side of the frames (comfort first in a headset).
 *
 * Pure and allocation-free after construction: `add` a few times per second, never per frame.
 */
import type { FrameFigures } from './objective';

export interface CostLine {
  /** Mean frame interval of the room alone, ms. */
  readonly interceptMs: number;
  /** ms of mean frame interval per step/s of training. */
  readonly slope: number;
  /** Standard error of the slope. */
  readonly slopeError: number;
}

export class CostModel {
  // Weighted sums over windows (weight: frames, faded): n, Σ r, Σ r², Σ y, Σ r·y, Σ y², and the
  // within-window spread (Σ of squared deviations of intervals from their window's mean).
  private n = 0;
  private sr = 0;
  private srr = 0;
  private sy = 0;
  private sry = 0;
  private syy = 0;
  private within = 0;
  private lastMs = NaN;

  /** @param halfLifeMs how fast old windows fade (the room changes as the user moves) */
  constructor(private readonly halfLifeMs = 60_000) {}

  /** A window of frames measured with training at `rate` steps/s (0: the room alone). */
  add(nowMs: number, rate: number, f: FrameFigures): void {
    if (f.frames <= 0 || !(rate >= 0)) return;
    this.fade(nowMs);
    const w = f.frames;
    const y = f.intervalSumMs / w;
    this.n += w;
    this.sr += w * rate;
    this.srr += w * rate * rate;
    this.sy += w * y;
    this.sry += w * rate * y;
    this.syy += w * y * y;
    if (f.intervalSqSumMs > 0) this.within += Math.max(0, f.intervalSqSumMs - w * y * y);
  }

  /** Forget everything (a new objective or frame rate: another room to learn). */
  reset(): void {
    this.n = this.sr = this.srr = this.sy = this.sry = this.syy = this.within = 0;
    this.lastMs = NaN;
  }

  /** The fitted line, or null while the paces seen are too alike (or too few frames) to fit. */
  line(minFrames = 30): CostLine | null {
    if (this.n < minFrames) return null;
    const rMean = this.sr / this.n;
    const yMean = this.sy / this.n;
    const sxx = this.srr - this.n * rMean * rMean;
    // Paces within 0.1 step/s of each other (rms) cannot separate training's cost from the room.
    if (!(sxx > this.n * 0.01)) return null;
    const sxy = this.sry - this.n * rMean * yMean;
    const slope = sxy / sxx;
    const interceptMs = yMean - slope * rMean;
    // Variance of one interval: the spread within windows and the misfit of window means, pooled.
    const syy = this.syy - this.n * yMean * yMean;
    const misfit = Math.max(0, syy - slope * sxy);
    const variance = (this.within + misfit) / Math.max(1, this.n - 2);
    return { interceptMs, slope, slopeError: Math.sqrt(variance / sxx) };
  }

  /**
   * The pace at which training brings the mean interval to the objective's limit, `limitFor` the
   * room alone's fitted interval (pooled over every window, steadier than one probe's), by the
   * slope's upper bound (`sigmas` standard errors): Infinity when training shows no cost beyond
   * chance, null when nothing can be said yet.
   */
  rateFor(limitFor: (roomAloneMs: number) => number, sigmas = 2, minFrames = 30): number | null {
    const l = this.line(minFrames);
    if (l === null) return null;
    const upper = l.slope + sigmas * l.slopeError;
    if (!(upper > 0)) return Infinity;
    return Math.max(0, (limitFor(l.interceptMs) - l.interceptMs) / upper);
  }

  private fade(nowMs: number): void {
    if (this.lastMs === this.lastMs && nowMs > this.lastMs) {
      const keep = Math.pow(0.5, (nowMs - this.lastMs) / this.halfLifeMs);
      this.n *= keep;
      this.sr *= keep;
      this.srr *= keep;
      this.sy *= keep;
      this.sry *= keep;
      this.syy *= keep;
      this.within *= keep;
    }
    this.lastMs = nowMs;
  }
}
