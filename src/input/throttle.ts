/**
 * At most one call per interval, and never a lost last one: a call that comes too soon is kept
 * and made when the interval has passed (so the final shape of a stroke is always sent). Pure:
 * the caller supplies the clock.
 */
export class Throttle {
  private last = -Infinity;
  private pending = false;

  constructor(private readonly intervalMs: number) {}

  /** Ask to fire at `now`; true means fire now, false means it is kept for `poll`. */
  request(now: number): boolean {
    if (now - this.last >= this.intervalMs) {
      this.last = now;
      this.pending = false;
      return true;
    }
    this.pending = true;
    return false;
  }

  /** Call regularly (every frame is fine: no allocation): true when a kept call is now due. */
  poll(now: number): boolean {
    if (!this.pending || now - this.last < this.intervalMs) return false;
    this.pending = false;
    this.last = now;
    return true;
  }

  cancel(): void {
    this.pending = false;
  }
}
