/**
 * The run's training time: milliseconds spent in state `running`, across pauses, reloads
 * (a checkpoint carries it) and roll backs. A pause stops it; a paused run's time is not training.
 */
export class TrainingClock {
  /** Training time before the current running stretch. */
  private msBefore = 0;
  /** When the current running stretch began (null: not running). */
  private runningSince: number | null = null;

  constructor(private readonly now: () => number) {}

  get running(): boolean {
    return this.runningSince !== null;
  }

  /** Starts a running stretch; returns false if one was already under way. */
  start(): boolean {
    if (this.runningSince !== null) return false;
    this.runningSince = this.now();
    return true;
  }

  /** Ends the running stretch (if any), adding it to the time before. */
  stop(): void {
    if (this.runningSince !== null) {
      this.msBefore += this.now() - this.runningSince;
      this.runningSince = null;
    }
  }

  /** Sets the time so far (a new run: 0; a restored checkpoint: its time); a stretch goes on from now. */
  set(ms: number): void {
    this.msBefore = ms;
    if (this.runningSince !== null) this.runningSince = this.now();
  }

  elapsed(): number {
    const running = this.runningSince === null ? 0 : this.now() - this.runningSince;
    return this.msBefore + running;
  }
}
