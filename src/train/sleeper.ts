/**
 * The training loop's one way to wait: for a time (a pace's gap between steps), or until woken
 * (paused, diverged), and in both cases cut short by any message, so a new pace, a pause or a
 * roll-back applies at once.
 */
export class Sleeper {
  private wakeUp: (() => void) | null = null;

  /** Waits `ms` (Infinity: until woken) or until wake() is called. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => this.wake(), ms) : null;
      this.wakeUp = () => {
        if (timer !== null) clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Ends the current wait, if any. */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }
}
