import { describe, expect, it } from 'vitest';
import {
  MIN_TEXT_DEGREES,
  PANEL_PX,
  PANEL_SIZE,
  defaultPanelDistance,
  defaultPanelDrop,
  panelPoseInFront,
  visualAngleDeg,
} from '../../../src/xr/panelPose';

const pose = () => ({ x: 0, y: 0, z: 0, yaw: 0, pitch: 0 });

describe('panelPoseInFront', () => {
  it('puts the panel the given distance in front of a viewer looking along -z, below the eyes', () => {
    const p = panelPoseInFront(pose(), 0.1, 1.6, 0.2, 0);
    expect(p.x).toBeCloseTo(0.1, 12);
    expect(p.z).toBeCloseTo(0.2 - defaultPanelDistance, 12);
    expect(p.y).toBeCloseTo(1.6 - defaultPanelDrop, 12);
    expect(p.yaw).toBe(0);
  });

  it('follows the direction the viewer is looking (turned 90 degrees left faces -x)', () => {
    const p = panelPoseInFront(pose(), 0, 1.6, 0, Math.PI / 2);
    expect(p.x).toBeCloseTo(-defaultPanelDistance, 12);
    expect(p.z).toBeCloseTo(0, 12);
    expect(p.yaw).toBeCloseTo(Math.PI / 2, 12);
  });

  it('tilts the panel back so that its normal points at the eyes', () => {
    const p = panelPoseInFront(pose(), 0, 1.6, 0, 0, 0.6, 0.2);
    // Normal of a plane facing +z, pitched about x: (0, -sin(pitch), cos(pitch)).
    const n = { y: -Math.sin(p.pitch), z: Math.cos(p.pitch) };
    const toEye = { y: 1.6 - p.y, z: 0 - p.z };
    const len = Math.hypot(toEye.y, toEye.z);
    expect(n.y).toBeCloseTo(toEye.y / len, 12);
    expect(n.z).toBeCloseTo(toEye.z / len, 12);
  });
});

describe('the panel text', () => {
  it('is at least about one degree of visual angle at its smallest, where the panel is placed', () => {
    const metresPerPx = PANEL_SIZE.width / PANEL_PX.width;
    const eyeDistance = Math.hypot(defaultPanelDistance, defaultPanelDrop);
    const smallest = Math.min(PANEL_PX.small, PANEL_PX.body, PANEL_PX.title);
    expect(visualAngleDeg(smallest * metresPerPx, eyeDistance)).toBeGreaterThanOrEqual(
      MIN_TEXT_DEGREES,
    );
  });

  it('keeps the panel square with its canvas so text is not stretched', () => {
    expect(PANEL_SIZE.width / PANEL_SIZE.height).toBeCloseTo(PANEL_PX.width / PANEL_PX.height, 2);
  });
});

describe('visualAngleDeg', () => {
  it('gives 90 degrees for a size twice its distance and about 1 degree for 1.745 cm at 1 m', () => {
    expect(visualAngleDeg(2, 1)).toBeCloseTo(90, 10);
    expect(visualAngleDeg(0.017455, 1)).toBeCloseTo(1, 3);
  });
});
