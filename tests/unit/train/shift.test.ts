import { describe, expect, test } from 'vitest';
import { MAX_SHIFT, shiftGrid, shiftImage, shiftedBatch } from '../../../src/train/shift';

describe('shiftImage', () => {
  // 3x4 image, 2 channels: value = 100 * y + 10 * x + c + 1 (never 0, so moved-in zeros show).
  const [h, w, c] = [3, 4, 2];
  const image = Float32Array.from({ length: h * w * c }, (_, i) => {
    const ch = i % c;
    const x = Math.floor(i / c) % w;
    const y = Math.floor(i / (c * w));
    return 100 * y + 10 * x + ch + 1;
  });
  const at = (v: Float32Array, y: number, x: number, ch: number) => v[(y * w + x) * c + ch];

  test('moves every pixel right by dx and down by dy, filling with zeros', () => {
    const s = shiftImage(image, h, w, c, 1, 2);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          const inside = y - 2 >= 0 && x - 1 >= 0;
          expect(at(s, y, x, ch)).toBe(inside ? at(image, y - 2, x - 1, ch) : 0);
        }
      }
    }
  });

  test('moves left and up with negative shifts, and back again loses only the edge', () => {
    const s = shiftImage(image, h, w, c, -2, -1);
    expect(at(s, 0, 0, 1)).toBe(at(image, 1, 2, 1));
    expect(at(s, 2, 1, 0)).toBe(0);
    const back = shiftImage(s, h, w, c, 2, 1);
    expect(at(back, 1, 2, 0)).toBe(at(image, 1, 2, 0));
    expect(at(back, 0, 0, 0)).toBe(0);
  });

  test('a shift of the whole frame or more leaves nothing, and (0, 0) is a copy', () => {
    expect(shiftImage(image, h, w, c, 4, 0).every((v) => v === 0)).toBe(true);
    expect(shiftImage(image, h, w, c, 0, -3).every((v) => v === 0)).toBe(true);
    expect(Array.from(shiftImage(image, h, w, c, 0, 0))).toEqual(Array.from(image));
  });

  test('refuses fractional shifts and mismatched shapes', () => {
    expect(() => shiftImage(image, h, w, c, 0.5, 0)).toThrow(/whole pixels/);
    expect(() => shiftImage(image, h, w, 3, 0, 0)).toThrow(/are not 3x4x3/);
  });
});

describe('the shift grid', () => {
  test('covers -4..4 on both axes row by row, with (0, 0) in the middle', () => {
    const grid = shiftGrid();
    expect(grid).toHaveLength((2 * MAX_SHIFT + 1) ** 2);
    expect(grid[0]).toEqual([-MAX_SHIFT, -MAX_SHIFT]);
    expect(grid[1]).toEqual([-MAX_SHIFT + 1, -MAX_SHIFT]);
    expect(grid[40]).toEqual([0, 0]);
    expect(grid[80]).toEqual([MAX_SHIFT, MAX_SHIFT]);
  });

  test('stacks the image at every shift of the grid', () => {
    const image = Float32Array.from({ length: 9 * 9 }, (_, i) => i + 1);
    const batch = shiftedBatch(image, 9, 9, 1);
    expect(batch).toHaveLength(81 * 81);
    const grid = shiftGrid();
    for (const i of [0, 13, 40, 80]) {
      const [dx, dy] = grid[i]!;
      expect(Array.from(batch.subarray(i * 81, (i + 1) * 81))).toEqual(
        Array.from(shiftImage(image, 9, 9, 1, dx, dy)),
      );
    }
  });
});
