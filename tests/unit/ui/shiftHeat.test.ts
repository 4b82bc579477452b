import { describe, expect, test } from 'vitest';
import { SHIFT_SIDE, fillShiftHeat, shiftCell } from '../../../src/ui/shiftHeat';

describe('fillShiftHeat', () => {
  test('paints p = 0 dark, p = 1 amber, and the current shift white', () => {
    const p = new Float32Array(SHIFT_SIDE * SHIFT_SIDE);
    p[shiftCell(-4, -4)] = 1;
    const rgba = new Uint8ClampedArray(p.length * 4);
    fillShiftHeat(rgba, p, 2, -1);
    const px = (i: number) => [...rgba.subarray(i * 4, i * 4 + 4)];
    expect(px(0)).toEqual([255, 168, 40, 255]);
    expect(px(shiftCell(0, 0))).toEqual([22, 24, 30, 255]);
    expect(px(shiftCell(2, -1))).toEqual([255, 255, 255, 255]);
    expect(shiftCell(2, -1)).toBe(3 * SHIFT_SIDE + 6);
  });

  test('clamps values outside 0..1 and reads NaN as 0', () => {
    const rgba = new Uint8ClampedArray(SHIFT_SIDE * SHIFT_SIDE * 4);
    fillShiftHeat(rgba, [2, -1, Number.NaN], 4, 4);
    expect([...rgba.subarray(0, 12)]).toEqual([
      255, 168, 40, 255, 22, 24, 30, 255, 22, 24, 30, 255,
    ]);
  });
});
