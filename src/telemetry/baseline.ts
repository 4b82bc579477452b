/**
 * The room's own frames: frame figures measured while training is paused, not yet running
 * (loading, warming up) or slowed to a probe's pace. The governor compares training frames with
 * them, so it throttles only as far as throttling wins frames back.
 *
 * Windows accumulate until `commitAfterMs` of judged time and `minFrames` frames, then become the
 * baseline (the previous one is replaced: the room changes as the user moves, so it is re-measured,
 * never averaged with old figures). A probe commits what it has (`commit`) when it ends; it goes on
 * while `enough` is false, up to its longest. Called a few times
 * per second, never per frame; it allocates nothing after construction.
 */
import type { GovernorStatus } from '../status';
import { FrameSum } from './frameSum';
import { type FrameFigures, figuresFps } from './objective';

export class BaselineMeter {
  private readonly pending = new FrameSum();
  private pendingMs = 0;
  private readonly committed = new FrameSum();
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

  /** The baseline as status.governor.baseline shows it (null until measured). */
  status(): GovernorStatus['baseline'] {
    const b = this.figures;
    return (
      b && {
        fps: figuresFps(b),
        frames: b.frames,
        overBudgetFraction: b.overBudget / b.frames,
        overFloorFraction: b.overFloor / b.frames,
        measuredAtMs: this.at,
      }
    );
  }

  /** Adds a window measured without (or with probe-slowed) training, `elapsedMs` long. */
  add(nowMs: number, w: FrameFigures, elapsedMs: number): void {
    this.pending.add(w);
    this.pendingMs += elapsedMs;
    if (this.pendingMs >= this.commitAfterMs && this.enough) this.commit(nowMs);
  }

  /** The pending figures hold enough frames to be a baseline. */
  get enough(): boolean {
    return this.pending.frames >= this.minFrames;
  }

  /** Makes the pending figures the baseline when there are enough of them; else drops them. */
  commit(nowMs: number): boolean {
    const p = this.pending;
    const ok = p.frames >= this.minFrames;
    if (ok) {
      this.committed.copy(p);
      this.has = true;
      this.at = nowMs;
    }
    this.discardPending();
    return ok;
  }

  discardPending(): void {
    this.pending.clear();
    this.pendingMs = 0;
  }

  /** Forget everything (a new frame rate or objective: the old figures judge another budget). */
  reset(): void {
    this.discardPending();
    this.has = false;
    this.at = -Infinity;
  }
}
