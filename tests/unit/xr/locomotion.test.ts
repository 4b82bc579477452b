import { describe, expect, it } from 'vitest';
import {
  LOCOMOTION_DEFAULTS,
  clampToReach,
  defaultDeadZone,
  defaultSpeed,
  dragTo,
  stickZ,
} from '../../../src/xr/locomotion';

describe('stickZ', () => {
  it('brings the network nearer at full speed when the stick is pushed fully forward', () => {
    expect(stickZ(-0.5, -1, 0.5)).toBeCloseTo(-0.5 + defaultSpeed * 0.5, 12);
  });

  it('sends the network farther when the stick is pulled back, in proportion to deflection', () => {
    expect(stickZ(0, 0.5, 1)).toBeCloseTo(-0.5 * defaultSpeed, 12);
  });

  it('leaves the network where it is inside the dead zone and at its edge', () => {
    expect(stickZ(0.3, defaultDeadZone * 0.9, 1)).toBe(0.3);
    expect(stickZ(0.3, -defaultDeadZone, 1)).toBe(0.3);
  });

  it('ignores a NaN axis from a broken gamepad', () => {
    expect(stickZ(0.3, Number.NaN, 1)).toBe(0.3);
  });

  it('uses the options it is given instead of the defaults', () => {
    const o = { ...LOCOMOTION_DEFAULTS, speed: 2, deadZone: 0.5 };
    expect(stickZ(0, -0.4, 1, o)).toBe(0);
    expect(stickZ(0, -1, 0.25, o)).toBeCloseTo(0.5, 12);
  });
});

describe('dragTo', () => {
  it('moves the network by exactly the hand travel since the grab, along the floor', () => {
    const out = { x: 9, z: 9 };
    dragTo(out, { x: 0.1, z: -0.2 }, { x: 0.15, z: -0.25 }, { x: 0.35, z: 0.05 });
    expect(out.x).toBeCloseTo(0.3, 12);
    expect(out.z).toBeCloseTo(0.1, 12);
  });

  it('does not move the network when the hand has not moved (no jump on grab)', () => {
    const out = { x: 0, z: 0 };
    dragTo(out, { x: 0.4, z: -0.3 }, { x: 1, z: 2 }, { x: 1, z: 2 });
    expect(out).toEqual({ x: 0.4, z: -0.3 });
  });
});

describe('clampToReach', () => {
  it('stops the network at the closest and farthest reach', () => {
    const o = LOCOMOTION_DEFAULTS;
    expect(clampToReach({ x: 0, z: 99 }).z).toBe(o.closer);
    expect(clampToReach({ x: 0, z: -99 }).z).toBe(-o.farther);
  });

  it('stops the network at the sideways limit on both sides', () => {
    expect(clampToReach({ x: 5, z: 0 }).x).toBe(LOCOMOTION_DEFAULTS.sideways);
    expect(clampToReach({ x: -5, z: 0 }).x).toBe(-LOCOMOTION_DEFAULTS.sideways);
  });

  it('leaves a position inside the reach unchanged', () => {
    expect(clampToReach({ x: 0.2, z: -0.3 })).toEqual({ x: 0.2, z: -0.3 });
  });
});
