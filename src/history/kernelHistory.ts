/**
 * The conv kernels' history over a whole run, in bounded memory. Every snapshot is kept while
 * there is room; once the bound is reached, each new one makes room by dropping the kept entry
 * whose loss widens the relative gap least, (next - previous) / step. Dense late entries go
 * first, so what stays is every snapshot of the first steps and ever thinner ones later: about
 * log-spaced, as a learner scrubbing back wants it (early steps change the kernels most). The
 * first and the latest entry always stay.
 */

import type { LayerId } from '../network';

/** The bound on the history: 64 MB of kernels (and the probe's maps kept with them). */
export const HISTORY_MAX_BYTES = 64 * 1024 * 1024;

/** The probe digit's maps at one step: a Snapshot's activations and the probe's label. */
export interface KeptMaps {
  readonly probeLabel: number;
  readonly activations: Readonly<Record<LayerId, Float32Array>>;
}

/**
 * The kernels at one step (tfjs layout, as in a Snapshot), with the probe's maps of that step.
 *
 * Why the maps are kept rather than recomputed on the render thread from the kept kernels: they
 * are exactly what the worker measured (no second implementation of the network to keep in step
 * with tfjs's), and dense1's weights, which the maps after conv2 need, are not in a snapshot at
 * all. They cost 149 KB an entry against 75 KB of kernels, so the 64 MB bound holds 299 entries
 * instead of 896 (tests/unit/history/kernelHistory.test.ts): the thinning below still keeps every early step and a
 * log-spaced rest. A history saved before maps were kept has none (`maps` absent): scrubbing to
 * such an entry moves the kernels only.
 */
export interface KeptKernels {
  readonly step: number;
  readonly conv1: Float32Array;
  readonly conv2: Float32Array;
  readonly maps?: KeptMaps;
}

function entryBytes(e: KeptKernels): number {
  let bytes = e.conv1.byteLength + e.conv2.byteLength;
  if (e.maps) for (const v of Object.values(e.maps.activations)) bytes += v.byteLength;
  return bytes;
}

export class KernelHistory {
  private readonly entries: KeptKernels[] = [];
  private total = 0;

  constructor(readonly maxBytes = HISTORY_MAX_BYTES) {
    if (!(maxBytes > 0))
      throw new RangeError(`kernel history: maxBytes must be > 0, got ${maxBytes}`);
  }

  /** Bytes of kernels held now; never above maxBytes after add() returns. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.length;
  }

  /** The kept steps, ascending. */
  steps(): number[] {
    return this.entries.map((e) => e.step);
  }

  /** The kept entry at `step`, or the latest before it; null before the first. */
  at(step: number): KeptKernels | null {
    let lo = 0;
    let hi = this.entries.length - 1;
    let found: KeptKernels | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = this.entries[mid]!;
      if (e.step <= step) {
        found = e;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  first(): KeptKernels | null {
    return this.entries[0] ?? null;
  }

  latest(): KeptKernels | null {
    return this.entries[this.entries.length - 1] ?? null;
  }

  /**
   * Keeps `e`, thinning older entries to stay within the bound. A step at or before the latest
   * means the run went back (a restored checkpoint, a reset): the entries from that step on
   * belong to a future that no longer happens, and go.
   */
  add(e: KeptKernels): void {
    const size = entryBytes(e);
    if (size > this.maxBytes) {
      throw new RangeError(
        `kernel history: one entry of ${size} bytes does not fit the bound of ${this.maxBytes}`,
      );
    }
    while (this.entries.length > 0 && this.latest()!.step >= e.step) {
      this.total -= entryBytes(this.entries.pop()!);
    }
    this.entries.push(e);
    this.total += size;
    while (this.total > this.maxBytes) this.dropOne();
  }

  /** Every kept entry, oldest first (a copy of the list; the arrays are shared). */
  entriesList(): KeptKernels[] {
    return [...this.entries];
  }

  /**
   * Puts older entries (a saved history) before the kept ones, then thins to the bound. They must
   * all come before the first kept step.
   */
  prepend(older: readonly KeptKernels[]): void {
    const first = this.first()?.step ?? Infinity;
    const kept = [...older.filter((e) => e.step < first), ...this.entries];
    this.clear();
    for (const e of kept) {
      if (entryBytes(e) > this.maxBytes) continue;
      this.entries.push(e);
      this.total += entryBytes(e);
      while (this.total > this.maxBytes) this.dropOne();
    }
  }

  /** Removes every entry. */
  clear(): void {
    this.entries.length = 0;
    this.total = 0;
  }

  /** Drops the interior entry whose removal leaves the smallest relative gap, or the first. */
  private dropOne(): void {
    const n = this.entries.length;
    if (n <= 2) {
      // Only the first and the latest are left and still too big: the latest wins.
      this.total -= entryBytes(this.entries.shift()!);
      return;
    }
    let best = 1;
    let bestCost = Infinity;
    for (let i = 1; i < n - 1; i++) {
      const prev = this.entries[i - 1]!.step;
      const next = this.entries[i + 1]!.step;
      const cost = (next - prev) / Math.max(1, this.entries[i]!.step);
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    this.total -= entryBytes(this.entries.splice(best, 1)[0]!);
  }
}
