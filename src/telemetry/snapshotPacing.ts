/**
 * How often the trainer sends snapshots, as the frames allow: uploads that cost frames (the frames
 * that uploaded one miss the budget more than 5% of the time and at least twice as often as the
 * others) double `snapshotEvery`, up to a maximum; a long healthy stretch halves it back towards
 * the configured value. Part of the governor; called a few times per second, never per frame.
 */
import type { FrameWindow } from './frames';

export class SnapshotPacing {
  private every: number;
  private uploadFrames = 0;
  private uploadOver = 0;
  private otherFrames = 0;
  private otherOver = 0;
  private lastChangeAt = -Infinity;

  constructor(
    /** The configured steps between snapshots: never less. */
    private readonly configured: number,
    private readonly max: number,
    /** Upload frames judged together before deciding. */
    private readonly minUploadFrames: number,
    /** Healthy time before (and between) relaxations. */
    private readonly recoverAfterMs: number,
  ) {
    this.every = configured;
  }

  get snapshotEvery(): number {
    return this.every;
  }

  /** The stretched value, or null while it is the configured one. */
  get stretched(): number | null {
    return this.every > this.configured ? this.every : null;
  }

  /** Adds a frame window's upload counts. */
  record(w: FrameWindow): void {
    this.uploadFrames += w.uploadFrames;
    this.uploadOver += w.uploadOverBudget;
    this.otherFrames += w.frames - w.uploadFrames;
    this.otherOver += w.overBudget - w.uploadOverBudget;
  }

  /** Stretches when enough upload frames show that uploads cost frames; else keeps counting. */
  judge(nowMs: number): void {
    if (this.uploadFrames < this.minUploadFrames) return;
    const uploadRate = this.uploadOver / this.uploadFrames;
    const otherRate = this.otherFrames > 0 ? this.otherOver / this.otherFrames : 0;
    if (uploadRate > 0.05 && uploadRate > 2 * otherRate) {
      this.every = Math.min(this.max, this.every * 2);
      this.lastChangeAt = nowMs;
    }
    this.forget();
  }

  /** After `healthyStreakMs` of healthy frames: halve a stretched value, once per stretch. */
  relax(nowMs: number, healthyStreakMs: number): void {
    if (healthyStreakMs < this.recoverAfterMs || this.every <= this.configured) return;
    if (nowMs - this.lastChangeAt < this.recoverAfterMs) return;
    this.every = Math.max(this.configured, Math.floor(this.every / 2));
    this.lastChangeAt = nowMs;
  }

  /** Drops the counts (a new budget judges afresh). */
  forget(): void {
    this.uploadFrames = this.uploadOver = this.otherFrames = this.otherOver = 0;
  }
}
