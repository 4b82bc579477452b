/**
 * The room's own frames: frame figures measured while training is paused, not yet running
 * (loading, warming up) or slowed to a probe's pace. The governor compares training frames with
 * them, so it throttles only as far as throttling wins frames back.
 *
 * Windows accumulate until `commitAfterMs` of judged time, then become the baseline (the previous
 * one is replaced: the room changes as the user moves, so it is re-measured, never averaged with
 * old figures). A probe may commit early (`commit`) once it has enough frames. Called a few times
 * per second, never per frame; it allocates nothing after construction.
 */
import type { FrameFigures } from './objective';

interface MutableFigures {
  frames: number;
  intervalSumMs: number;
  intervalSqSumMs: number;
  overBudget: number;
  overFloor: number;
}

const zero = (): MutableFigures => ({
  frames: 0,
  intervalSumMs: 0,
  intervalSqSumMs: 0,
  overBudget: 0,
  overFloor: 0,
});

export class BaselineMeter {
  private readonly pending = zero();
  private pendingMs = 0;
  private readonly committed = zero();
  private has = false;
  private at = -Infinity;

  /**
   * @param commitAfterMs judged time after which the pending figures become the baseline
   * @param minFrames the fewest frames a baseline may stand on
   */
  constructor(
    private readonly commitAfterMs = 2000,
    private readonly minFrames = 10,
  ) {}

  /** The baseline, or null until one is measured. The object is reused: copy what you keep. */
  get figures(): FrameFigures | null {
    return this.has ? this.committed : null;
  }

  /** When the baseline was committed (the injected clock), -Infinity before. */
  get measuredAtMs(): number {
    return this.at;
  }

  /** Adds a window measured without (or with probe-slowed) training, `elapsedMs` long. */
  add(nowMs: number, w: FrameFigures, elapsedMs: number): void {
    const p = this.pending;
    p.frames += w.frames;
    p.intervalSumMs += w.intervalSumMs;
    p.intervalSqSumMs += w.intervalSqSumMs;
    p.overBudget += w.overBudget;
    p.overFloor += w.overFloor;
    this.pendingMs += elapsedMs;
    if (this.pendingMs >= this.commitAfterMs) this.commit(nowMs);
  }

  /** Makes the pending figures the baseline when there are enough of them; else drops them. */
  commit(nowMs: number): boolean {
    const p = this.pending;
    const ok = p.frames >= this.minFrames;
    if (ok) {
      const c = this.committed;
      c.frames = p.frames;
      c.intervalSumMs = p.intervalSumMs;
      c.intervalSqSumMs = p.intervalSqSumMs;
      c.overBudget = p.overBudget;
      c.overFloor = p.overFloor;
      this.has = true;
      this.at = nowMs;
    }
    this.discardPending();
    return ok;
  }

  discardPending(): void {
    const p = this.pending;
    p.frames = p.intervalSumMs = p.intervalSqSumMs = p.overBudget = p.overFloor = 0;
    this.pendingMs = 0;
  }

  /** Forget everything (a new frame rate or objective: the old figures judge another budget). */
  reset(): void {
    this.discardPending();
    this.has = false;
    this.at = -Infinity;
  }
}
