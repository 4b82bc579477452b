import { describe, expect, test } from 'vitest';
import {
  allTrails,
  fillTrailSegments,
  trailSegmentFloats,
  type TrailBox,
} from '../../../src/history/trailSegments';
import { kernelTrail } from '../../../src/history/trails';

/** conv1-shaped kernels ([3, 3, 1, 2]: 2 filters): filter 1's centre weight is `d`. */
function at(step: number, d: number) {
  const conv1 = new Float32Array(18);
  conv1[4 * 2 + 1] = d;
  conv1[4 * 2 + 0] = 7; // filter 0 never moves
  return { step, conv1, conv2: new Float32Array(1) };
}

const boxes: TrailBox[] = [
  { x: 0, y: 0, w: 1, h: 0.5 },
  { x: 2, y: 1, w: 1, h: 0.5 },
];

describe('the room trails of every conv1 kernel', () => {
  test('are the same distances as the selected kernel trail, for every filter at once', () => {
    const entries = [at(0, 0.5), at(1, 0.5), at(5, 1.5), at(9, -0.5), at(12, 2)];
    const all = allTrails(entries, 2);
    for (const f of [0, 1]) {
      const one = kernelTrail(entries, 2, f);
      expect(entries.map((_, e) => all[e * 2 + f])).toEqual(Array.from(one));
    }
  });

  test('run across each box, the largest distance of any filter reaching its top', () => {
    // Filter 1 moves 0, 1, 2 (even steps of 1); filter 0 stays.
    const entries = [at(0, 0), at(1, 1), at(2, 2)];
    const out = new Float32Array(trailSegmentFloats(2, 3));
    const max = fillTrailSegments(allTrails(entries, 2), 3, boxes, out, 3);
    expect(max).toBe(2);
    // Filter 0: flat along its box's bottom, from x 0 to 1.
    expect(Array.from(out.subarray(0, 12))).toEqual([0, 0, 0, 0.5, 0, 0, 0.5, 0, 0, 1, 0, 0]);
    // Filter 1: rises from its box's bottom (y 1) to its top (y 1.5), from x 2 to 3.
    expect(Array.from(out.subarray(12))).toEqual([2, 1, 0, 2.5, 1.25, 0, 2.5, 1.25, 0, 3, 1.5, 0]);
  });

  test('resample many kept steps to the fixed number of points by interpolation', () => {
    const entries = [0, 1, 2, 3].map((s) => at(s, s));
    const out = new Float32Array(trailSegmentFloats(2, 3));
    fillTrailSegments(allTrails(entries, 2), 4, boxes, out, 3);
    // The middle point of filter 1 falls between entries 1 and 2 (distances 1 and 2, largest 3):
    // 1.5 / 3 of its box's height above its bottom (y 1, height 0.5).
    expect(out[12 + 4]).toBeCloseTo(1.25);
  });

  test('show nothing before there are two kept steps', () => {
    const out = new Float32Array(trailSegmentFloats(2, 3)).fill(9);
    expect(fillTrailSegments(allTrails([at(0, 1)], 2), 1, boxes, out, 3)).toBe(0);
    expect(Array.from(out.subarray(12, 18))).toEqual([2, 1, 0, 2, 1, 0]);
  });
});
