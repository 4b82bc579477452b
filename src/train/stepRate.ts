/**
 * Steps per second over a recent window of completed steps. The completion times sit in a ring
 * allocated once, so recording a step allocates nothing.
 */
export class StepRate {
  private readonly times: Float64Array;
  private count = 0;

  /**
   * @param windowSteps at most this many recent steps are counted...
   * @param windowMs ...completed within this many ms (but always the last interval).
   */
  constructor(
    windowSteps: number,
    private readonly windowMs: number,
  ) {
    this.times = new Float64Array(windowSteps);
  }

  /** Records a step completed at `now` (ms). */
  record(now: number): void {
    this.times[this.count % this.times.length] = now;
    this.count++;
  }

  /** Forgets every recorded step (a pause or a new run is not slow training). */
  clear(): void {
    this.count = 0;
  }

  /** Steps per second at `now` over the window (0 until there are two steps). */
  perSecond(now: number): number {
    const ring = this.times;
    const n = Math.min(this.count, ring.length);
    let oldest = now;
    let counted = 0;
    for (let i = 1; i < n; i++) {
      const t = ring[(this.count - 1 - i) % ring.length]!;
      // Keep at least the last interval: on a slow GPU one step outlasts the window.
      if (now - t > this.windowMs && counted > 0) break;
      oldest = t;
      counted = i;
    }
    return counted > 0 && now > oldest ? (counted * 1000) / (now - oldest) : 0;
  }
}
