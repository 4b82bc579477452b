import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../../../src/data/split';

/** 10,000 labels with uneven classes, like MNIST's. */
function labels(): Uint8Array {
  const counts = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
  const out: number[] = [];
  counts.forEach((n, label) => out.push(...new Array<number>(n).fill(label)));
  return Uint8Array.from(out);
}

describe('stratifiedSplit', () => {
  it('holds out 1,000 digits and trains on the other 9,000, with no overlap', () => {
    const { train, test } = stratifiedSplit(labels(), 1);
    expect(test.length).toBe(1000);
    expect(train.length).toBe(9000);
    const all = new Set([...train, ...test]);
    expect(all.size).toBe(10_000);
  });

  it('keeps each class in proportion to its share', () => {
    const l = labels();
    const { test } = stratifiedSplit(l, 3);
    const perClass = new Array(10).fill(0);
    test.forEach((i) => perClass[l[i]!]++);
    expect(perClass[1]).toBeGreaterThanOrEqual(112);
    expect(perClass[1]).toBeLessThanOrEqual(113);
    expect(perClass[5]).toBeGreaterThanOrEqual(86);
    expect(perClass[5]).toBeLessThanOrEqual(87);
  });

  it('gives the same split for the same seed and a different one for another', () => {
    const a = stratifiedSplit(labels(), 42);
    const b = stratifiedSplit(labels(), 42);
    const c = stratifiedSplit(labels(), 43);
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.train)).toEqual(Array.from(b.train));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
  });

  it('refuses a test set as large as the data', () => {
    expect(() => stratifiedSplit(labels(), 1, 10_000)).toThrow(RangeError);
  });
});
