import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/data/random';
import { SampleRing, nearestRankIndex } from '../../../src/telemetry/ring';

/** Nearest-rank percentile of a plain array, computed the obvious way. */
function reference(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

describe('SampleRing', () => {
  it('keeps only the last capacity samples, oldest first, after wrapping around', () => {
    const ring = new SampleRing(5);
    for (let v = 1; v <= 12; v++) ring.push(v);
    expect(ring.length).toBe(5);
    expect(ring.total).toBe(12);
    expect([0, 1, 2, 3, 4].map((i) => ring.at(i))).toEqual([8, 9, 10, 11, 12]);
    expect(ring.last()).toBe(12);
    expect(() => ring.at(5)).toThrow(RangeError);
  });

  it('computes p50, p95 and p99 equal to a sorted reference, partly filled, full and wrapped', () => {
    const rng = mulberry32(7);
    for (const pushes of [1, 3, 99, 600, 601, 1537]) {
      const ring = new SampleRing(600);
      const all: number[] = [];
      for (let i = 0; i < pushes; i++) {
        // Frame-like times: mostly 11 ms, a tail of long ones.
        const v = rng() < 0.9 ? 10 + rng() * 2 : 20 + rng() * 200;
        ring.push(v);
        all.push(v);
      }
      const window = all.slice(-600);
      const out = new Float64Array(3);
      ring.percentiles([0.5, 0.95, 0.99], out);
      expect(Array.from(out)).toEqual([0.5, 0.95, 0.99].map((q) => reference(window, q)));
      expect(ring.percentile(0)).toBe(Math.min(...window));
      expect(ring.percentile(1)).toBe(Math.max(...window));
    }
  });

  it('does not disturb the window when computing percentiles', () => {
    const ring = new SampleRing(4);
    [5, 1, 4, 2, 3].forEach((v) => ring.push(v));
    ring.percentile(0.5);
    expect([0, 1, 2, 3].map((i) => ring.at(i))).toEqual([1, 4, 2, 3]);
    ring.push(9);
    expect(ring.percentile(1)).toBe(9);
    expect(ring.percentile(0)).toBe(2);
  });

  it('reports NaN percentiles when empty and starts over after clear', () => {
    const ring = new SampleRing(3);
    expect(ring.percentile(0.5)).toBeNaN();
    ring.push(1);
    ring.push(2);
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.percentile(0.99)).toBeNaN();
    ring.push(7);
    expect(ring.percentile(0.5)).toBe(7);
  });

  it('rejects a capacity that is not a positive integer and a percentile outside [0, 1]', () => {
    expect(() => new SampleRing(0)).toThrow(RangeError);
    expect(() => new SampleRing(2.5)).toThrow(RangeError);
    expect(() => nearestRankIndex(1.5, 10)).toThrow(RangeError);
    expect(nearestRankIndex(0.99, 600)).toBe(593);
    expect(nearestRankIndex(0.5, 1)).toBe(0);
  });
});
