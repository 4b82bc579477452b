import { describe, expect, test } from 'vitest';
import { MAX_PROBE_SHIFT } from '../../../src/protocol';
import {
  THUMBSTICK_SHIFT_DEFAULTS as O,
  nudgeShift,
  restingThumbstick,
} from '../../../src/xr/thumbstickShift';

/** Feeds frames of stick deflection; returns the shift after each. */
function run(frames: [number, number][], s = restingThumbstick()): [number, number][] {
  return frames.map(([x, y]) => {
    nudgeShift(s, x, y);
    return [s.dx, s.dy];
  });
}

describe('nudgeShift', () => {
  test('a flick right moves the digit one pixel right, however long it is held', () => {
    const s = restingThumbstick();
    expect(nudgeShift(s, 1, 0)).toBe(true);
    expect(nudgeShift(s, 1, 0)).toBe(false);
    expect(nudgeShift(s, 0.9, 0)).toBe(false);
    expect([s.dx, s.dy]).toEqual([1, 0]);
  });

  test('the stick must come back to rest before the next flick counts', () => {
    const between = (O.press + O.release) / 2;
    expect(
      run([
        [1, 0],
        [between, 0], // not yet at rest: still the same flick
        [1, 0],
        [0, 0],
        [1, 0],
      ]).at(-1),
    ).toEqual([2, 0]);
  });

  test('forward (negative y) moves the digit up, back moves it down, left moves it left', () => {
    expect(
      run([
        [0, -1],
        [0, 0],
        [0, -1],
        [0, 0],
        [-1, 0],
      ]).at(-1),
    ).toEqual([-1, -2]);
    expect(run([[0, 1]]).at(-1)).toEqual([0, 1]);
  });

  test('a diagonal flick moves both ways at once', () => {
    expect(run([[0.8, 0.8]])).toEqual([[1, 1]]);
  });

  test('a small deflection (a worn stick at rest) moves nothing', () => {
    const s = restingThumbstick(2, -1);
    expect(nudgeShift(s, O.press * 0.9, -O.press * 0.9)).toBe(false);
    expect([s.dx, s.dy]).toEqual([2, -1]);
  });

  test('stops at the largest shift', () => {
    const flicks: [number, number][] = [];
    for (let i = 0; i < MAX_PROBE_SHIFT + 3; i++) flicks.push([1, -1], [0, 0]);
    expect(run(flicks).at(-1)).toEqual([MAX_PROBE_SHIFT, -MAX_PROBE_SHIFT]);
  });

  test('a broken gamepad (NaN) reads as at rest and re-arms the stick', () => {
    const s = restingThumbstick();
    nudgeShift(s, 1, 0);
    expect(nudgeShift(s, Number.NaN, Number.NaN)).toBe(false);
    expect(nudgeShift(s, 1, 0)).toBe(true);
    expect(s.dx).toBe(2);
  });

  test('starts from the shift the desktop ranges set', () => {
    expect(run([[-1, 0]], restingThumbstick(3, 2))).toEqual([[2, 2]]);
  });
});
