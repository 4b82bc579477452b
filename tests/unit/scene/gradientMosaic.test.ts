import { describe, expect, test } from 'vitest';
import { GUTTER_VALUE } from '../../../src/scene/colorMap';
import { texelOffset } from '../../../src/scene/atlas';
import {
  fillContributionMosaic,
  maxValue,
  mosaicGrid,
  mosaicSpan,
} from '../../../src/scene/gradientMosaic';
import { atlasBuffer } from '../../../src/scene/atlas';

describe('the contribution mosaic', () => {
  test('has one 3x3 cell per position with a gutter texel around each: 105 texels for conv1', () => {
    expect(mosaicGrid(26, 3)).toMatchObject({ width: 105, height: 105, count: 676 });
    expect(mosaicGrid(11, 3)).toMatchObject({ width: 45, height: 45, count: 121 });
  });

  test('puts position (x, y) in column x, row y, its picture the right way up', () => {
    const grid = mosaicGrid(2, 3);
    // Position p's picture holds 10 * p + tap (tap = ky * 3 + kx).
    const contributions = Float32Array.from(
      { length: 4 * 9 },
      (_, i) => 10 * Math.floor(i / 9) + (i % 9),
    );
    contributions[2 * 9 + 4] = -50;
    const out = atlasBuffer(grid);
    const range = fillContributionMosaic(grid, contributions, out);
    expect(range).toBe(50);
    // Position 3 is (x=1, y=1): its cell starts at texel (1 + 4, 1 + 4); tap (ky=2, kx=1) below.
    expect(out[texelOffset(grid, 5 + 1, 5 + 2)]).toBe(30 + 7);
    // Position 2 is (x=0, y=1): centre tap.
    expect(out[texelOffset(grid, 1 + 1, 5 + 1)]).toBe(-50);
    // Gutters stay gutters.
    expect(out[texelOffset(grid, 0, 0)]).toBe(GUTTER_VALUE);
    expect(out[texelOffset(grid, 4, 2)]).toBe(GUTTER_VALUE);
  });

  test('spans 26 input pixels for conv1 and 22 for conv2', () => {
    expect(mosaicSpan('conv1')).toBe(26);
    expect(mosaicSpan('conv2')).toBe(22);
  });

  test('a heat map ranges up to its largest value', () => {
    expect(maxValue(Float32Array.of(0.5, 2, 1))).toBe(2);
    expect(maxValue(new Float32Array(3))).toBe(0);
  });
});
