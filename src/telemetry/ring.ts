/**
 * A fixed window of the most recent samples (frame intervals, frame work) in one preallocated
 * Float64Array, and percentiles over it without allocating.
 *
 * `push` is on the per-frame path: it writes one number and moves an index, nothing else.
 * `percentiles` copies the window into a preallocated scratch array and sorts it in place
 * (TypedArray#sort without a comparator is numeric and in place): O(n log n) for n = 600 samples,
 * a few tens of microseconds. Call it a few times per second (the status, the HUD), not per frame.
 */
export class SampleRing {
  /** How many samples the window holds; older ones are overwritten. */
  readonly capacity: number;
  private readonly data: Float64Array;
  private readonly scratch: Float64Array;
  /** Index the next sample goes to. */
  private head = 0;
  private size = 0;
  private pushed = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.data = new Float64Array(capacity);
    this.scratch = new Float64Array(capacity);
  }

  /** Samples currently in the window (at most `capacity`). */
  get length(): number {
    return this.size;
  }

  /** Samples pushed since construction or the last `clear`, including overwritten ones. */
  get total(): number {
    return this.pushed;
  }

  /** Per-frame: records one sample, overwriting the oldest when full. */
  push(value: number): void {
    this.data[this.head] = value;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.size < this.capacity) this.size++;
    this.pushed++;
  }

  /** The i-th sample of the window, oldest first (0 <= i < length). */
  at(i: number): number {
    if (i < 0 || i >= this.size) throw new RangeError(`index ${i} outside 0..${this.size - 1}`);
    const start = this.head - this.size;
    const j = start + i;
    return this.data[j < 0 ? j + this.capacity : j]!;
  }

  /** The most recent sample, or NaN when empty. */
  last(): number {
    if (this.size === 0) return NaN;
    return this.data[this.head === 0 ? this.capacity - 1 : this.head - 1]!;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.pushed = 0;
  }

  /**
   * Nearest-rank percentiles of the window: for q in [0, 1], the smallest sample such that at
   * least q of the window is at or below it (q = 0 gives the minimum, 1 the maximum). Writes
   * `qs.length` results into `out` (NaN each when the window is empty). Allocates nothing; not for
   * the per-frame path (it sorts the window).
   */
  percentiles(qs: ArrayLike<number>, out: Float64Array | number[]): void {
    const n = this.size;
    if (n === 0) {
      for (let k = 0; k < qs.length; k++) out[k] = NaN;
      return;
    }
    // The window is data[head - size .. head) modulo capacity; when full that is all of data. When
    // not full, the unused tail is +Infinity so it sorts last: no subarray view is allocated.
    const sorted = this.scratch;
    if (n === this.capacity) {
      sorted.set(this.data);
    } else {
      for (let i = 0; i < n; i++) sorted[i] = this.at(i);
      sorted.fill(Infinity, n);
    }
    sorted.sort();
    for (let k = 0; k < qs.length; k++) out[k] = sorted[nearestRankIndex(qs[k]!, n)]!;
  }

  /** One percentile (see `percentiles`). Sorts the window: a few times per second, not per frame. */
  percentile(q: number): number {
    ONE_Q[0] = q;
    this.percentiles(ONE_Q, ONE_OUT);
    return ONE_OUT[0]!;
  }
}

const ONE_Q = new Float64Array(1);
const ONE_OUT = new Float64Array(1);

/** Index into n sorted samples of the nearest-rank q-th percentile. */
export function nearestRankIndex(q: number, n: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`percentile ${q} is not in [0, 1]`);
  const rank = Math.ceil(q * n);
  return rank <= 0 ? 0 : rank - 1;
}
