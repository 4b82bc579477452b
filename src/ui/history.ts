/**
 * Recent training curves for the charts: a fixed-size ring of (step, value) per series. Pushes
 * happen per metrics message (not per frame) and never allocate.
 */
export class Series {
  readonly steps: Float64Array;
  readonly values: Float32Array;
  private start = 0;
  length = 0;
  /** Bumped on every change, so a chart can skip redrawing an unchanged series. */
  version = 0;
  /** The step the kernels' history is scrubbed to, drawn as a cursor on the curve; null: live. */
  cursor: number | null = null;

  constructor(readonly capacity: number) {
    this.steps = new Float64Array(capacity);
    this.values = new Float32Array(capacity);
  }

  push(step: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const i = (this.start + this.length) % this.capacity;
    this.steps[i] = step;
    this.values[i] = value;
    if (this.length < this.capacity) this.length++;
    else this.start = (this.start + 1) % this.capacity;
    this.version++;
  }

  /** The k-th oldest value. */
  at(k: number): number {
    return this.values[(this.start + k) % this.capacity] ?? 0;
  }

  /** The k-th oldest value's step. */
  stepAt(k: number): number {
    return this.steps[(this.start + k) % this.capacity] ?? 0;
  }

  /** Puts the cursor at `step` (null removes it). */
  setCursor(step: number | null): void {
    if (step === this.cursor) return;
    this.cursor = step;
    this.version++;
  }

  last(): number | null {
    return this.length === 0 ? null : this.at(this.length - 1);
  }

  clear(): void {
    this.length = 0;
    this.start = 0;
    this.version++;
  }
}

export class TrainingHistory {
  readonly loss = new Series(300);
  readonly testAccuracy = new Series(120);

  /** A cursor at `step` on both curves (the kernels' history is scrubbed there), or none. */
  setCursor(step: number | null): void {
    this.loss.setCursor(step);
    this.testAccuracy.setCursor(step);
  }
}
