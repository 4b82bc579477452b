import { describe, expect, it } from 'vitest';
import {
  defaultPushThrough,
  defaultReleaseDepth,
  defaultTouchDepth,
  fingerTouchesPad,
} from '../../../src/xr/fingerPaint';

const SIZE = 0.3;

describe('fingerTouchesPad', () => {
  it('maps the pad centre to (0.5, 0.5) and its top-left corner to (0, 0), y down', () => {
    const out = { u: -1, v: -1 };
    expect(fingerTouchesPad({ x: 0, y: 0, z: 0 }, SIZE, false, out)).toBe(true);
    expect(out).toEqual({ u: 0.5, v: 0.5 });
    expect(fingerTouchesPad({ x: -SIZE / 2, y: SIZE / 2, z: 0 }, SIZE, false, out)).toBe(true);
    expect(out.u).toBeCloseTo(0);
    expect(out.v).toBeCloseTo(0);
  });

  it('starts a touch only within the touch depth in front of the pad', () => {
    const out = { u: 0, v: 0 };
    expect(fingerTouchesPad({ x: 0, y: 0, z: defaultTouchDepth * 0.9 }, SIZE, false, out)).toBe(
      true,
    );
    expect(fingerTouchesPad({ x: 0, y: 0, z: defaultTouchDepth * 1.1 }, SIZE, false, out)).toBe(
      false,
    );
  });

  it('holds a touch until the fingertip is back beyond the release depth (hysteresis)', () => {
    const out = { u: 0, v: 0 };
    const between = (defaultTouchDepth + defaultReleaseDepth) / 2;
    expect(fingerTouchesPad({ x: 0, y: 0, z: between }, SIZE, true, out)).toBe(true);
    expect(fingerTouchesPad({ x: 0, y: 0, z: between }, SIZE, false, out)).toBe(false);
    expect(fingerTouchesPad({ x: 0, y: 0, z: defaultReleaseDepth * 1.1 }, SIZE, true, out)).toBe(
      false,
    );
  });

  it('keeps painting while the finger pushes through the pad, not once the hand went past it', () => {
    const out = { u: 0, v: 0 };
    expect(fingerTouchesPad({ x: 0, y: 0, z: -defaultPushThrough * 0.9 }, SIZE, true, out)).toBe(
      true,
    );
    expect(fingerTouchesPad({ x: 0, y: 0, z: -defaultPushThrough * 1.1 }, SIZE, true, out)).toBe(
      false,
    );
  });

  it('ignores a fingertip beside the pad and leaves the last point as it was', () => {
    const out = { u: 0.25, v: 0.75 };
    expect(fingerTouchesPad({ x: SIZE, y: 0, z: 0 }, SIZE, true, out)).toBe(false);
    expect(out).toEqual({ u: 0.25, v: 0.75 });
  });
});
