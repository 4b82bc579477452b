/**
 * Frame figures summed over a stretch of time: the governor's window since its last decision, or
 * the room alone while a baseline is measured. Mutable in place; it allocates nothing after
 * construction (the governor adds a window a few times per second).
 */
import type { FrameFigures } from './objective';

export class FrameSum implements FrameFigures {
  frames = 0;
  intervalSumMs = 0;
  intervalSqSumMs = 0;
  overBudget = 0;
  overFloor = 0;

  add(w: FrameFigures): void {
    this.frames += w.frames;
    this.intervalSumMs += w.intervalSumMs;
    this.intervalSqSumMs += w.intervalSqSumMs;
    this.overBudget += w.overBudget;
    this.overFloor += w.overFloor;
  }

  clear(): void {
    this.frames = this.intervalSumMs = this.intervalSqSumMs = this.overBudget = this.overFloor = 0;
  }

  copy(w: FrameFigures): void {
    this.clear();
    this.add(w);
  }
}
