import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { frameAll } from '../../../src/scene/framing';

/** Projects points with a camera at `pose` and returns their NDC extents. */
function extents(
  points: Vector3[],
  pose: { position: Vector3; target: Vector3 },
  fov: number,
  aspect: number,
) {
  const cam = new PerspectiveCamera(fov, aspect, 0.01, 100);
  cam.position.copy(pose.position);
  cam.lookAt(pose.target);
  cam.updateMatrixWorld();
  const e = { left: Infinity, right: -Infinity, bottom: Infinity, top: -Infinity };
  for (const p of points) {
    const n = p.clone().project(cam);
    e.left = Math.min(e.left, n.x);
    e.right = Math.max(e.right, n.x);
    e.bottom = Math.min(e.bottom, n.y);
    e.top = Math.max(e.top, n.y);
  }
  return e;
}

// The corners of a room-sized arc of boxes, as the stations stand.
const points: Vector3[] = [];
for (const a of [-0.75, -0.3, 0.25, 0.7]) {
  for (const dx of [-0.35, 0.35]) {
    for (const y of [0.4, 2.1]) {
      points.push(new Vector3(2.2 * Math.sin(a) + dx * Math.cos(a), y, -2.2 * Math.cos(a)));
    }
  }
}
const margins = { left: 0.05, right: 0.05, top: 0.05, bottom: 0.15 };

describe('frameAll', () => {
  for (const aspect of [16 / 9, 1440 / 900, 0.75, 0.5]) {
    it(`keeps every point inside the margins at aspect ${aspect.toFixed(2)}`, () => {
      const pose = { position: new Vector3(), target: new Vector3() };
      const direction = new Vector3(0, -0.1, -1);
      frameAll(points, { fovDeg: 50, aspect, direction, margins }, pose);
      const e = extents(points, pose, 50, aspect);
      expect(e.left).toBeGreaterThanOrEqual(-1 + margins.left - 1e-6);
      expect(e.right).toBeLessThanOrEqual(1 - margins.right + 1e-6);
      expect(e.bottom).toBeGreaterThanOrEqual(-1 + margins.bottom - 1e-6);
      expect(e.top).toBeLessThanOrEqual(1 - margins.top + 1e-6);
      // And it is not needlessly far: one side of the view is filled to its margin.
      const filled = Math.max(e.right, -e.left, e.top, -e.bottom);
      expect(filled).toBeGreaterThan(0.8);
    });
  }

  it('looks along the requested direction at the centre of the points', () => {
    const pose = { position: new Vector3(), target: new Vector3() };
    const direction = new Vector3(0, 0, -1);
    frameAll(points, { fovDeg: 50, aspect: 1.5, direction, margins }, pose);
    const look = pose.target.clone().sub(pose.position).normalize();
    expect(look.x).toBeCloseTo(0);
    expect(look.y).toBeCloseTo(0);
    expect(look.z).toBeCloseTo(-1);
  });
});
