import { describe, expect, it } from 'vitest';
import {
  MIN_RANGE,
  NEGATIVE,
  POSITIVE,
  ZERO,
  divergingInto,
  symmetricRange,
} from '../../../src/scene/colorMap';

function colour(v: number, range: number): number[] {
  const px = new Uint8Array(4);
  divergingInto(v, range, px, 0);
  return [...px];
}

const dist = (a: readonly number[], b: readonly number[]) =>
  Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

describe('divergingInto', () => {
  it('draws zero as the centre colour, opaque', () => {
    expect(colour(0, 1)).toEqual([...ZERO, 255]);
  });

  it('is symmetric: v and -v are equally far from the centre, towards opposite ends', () => {
    for (const v of [0.05, 0.3, 0.7, 1]) {
      const pos = colour(v, 1);
      const neg = colour(-v, 1);
      const tPos = dist(pos, ZERO) / dist(POSITIVE, ZERO);
      const tNeg = dist(neg, ZERO) / dist(NEGATIVE, ZERO);
      expect(tPos).toBeCloseTo(tNeg, 1);
      expect(tPos).toBeGreaterThan(0);
    }
  });

  it('shows the sign: positive leans amber (red > blue), negative leans blue (blue > red)', () => {
    const pos = colour(0.4, 1);
    const neg = colour(-0.4, 1);
    expect(pos[0]!).toBeGreaterThan(pos[2]!);
    expect(neg[2]!).toBeGreaterThan(neg[0]!);
  });

  it('reaches the end colours at +-range and saturates beyond it', () => {
    expect(colour(2, 2)).toEqual([...POSITIVE, 255]);
    expect(colour(-2, 2)).toEqual([...NEGATIVE, 255]);
    expect(colour(50, 2)).toEqual([...POSITIVE, 255]);
    expect(colour(-50, 2)).toEqual([...NEGATIVE, 255]);
  });

  it('grows monotonically with |v| inside the range', () => {
    let last = -1;
    for (let v = 0; v <= 1; v += 0.1) {
      const d = dist(colour(v, 1), ZERO);
      expect(d).toBeGreaterThanOrEqual(last);
      last = d;
    }
  });

  it('scales with the range: the same ratio gives the same colour', () => {
    expect(colour(0.5, 1)).toEqual(colour(0.05, 0.1));
  });

  it('draws NaN as zero instead of garbage', () => {
    expect(colour(Number.NaN, 1)).toEqual([...ZERO, 255]);
  });

  it('writes at the offset it is given and nowhere else', () => {
    const px = new Uint8Array(12);
    divergingInto(1, 1, px, 4);
    expect([...px.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([...px.subarray(4, 8)]).toEqual([...POSITIVE, 255]);
    expect([...px.subarray(8)]).toEqual([0, 0, 0, 0]);
  });
});

describe('symmetricRange', () => {
  it('is the largest magnitude, whatever its sign', () => {
    expect(symmetricRange(new Float32Array([0.1, -0.75, 0.5]))).toBeCloseTo(0.75);
  });
  it('ignores NaN and never returns zero', () => {
    expect(symmetricRange(new Float32Array([Number.NaN, 0.2]))).toBeCloseTo(0.2);
    expect(symmetricRange(new Float32Array(5))).toBe(MIN_RANGE);
  });
});
