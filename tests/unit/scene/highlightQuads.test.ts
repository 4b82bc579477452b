import { describe, expect, test } from 'vitest';
import { Group, Matrix4, Quaternion, Vector3 } from 'three';
import { HighlightQuads, outlineBars } from '../../../src/scene/highlightQuads';

/** Centre and size of instance i, in world space. */
function instance(q: HighlightQuads, i: number) {
  const m = new Matrix4();
  q.mesh.getMatrixAt(i, m);
  const p = new Vector3();
  const s = new Vector3();
  m.decompose(p, new Quaternion(), s);
  return { x: p.x, y: p.y, z: p.z, w: s.x, h: s.y };
}

describe('highlight quads', () => {
  test("an outline's four bars cover its border exactly once, inside the unit square", () => {
    for (const t of [0.05, 0.1, 0.16]) {
      const bars = outlineBars(t);
      expect(bars).toHaveLength(4);
      let area = 0;
      for (const b of bars) {
        area += b.w * b.h;
        expect(Math.abs(b.x) + b.w / 2).toBeLessThanOrEqual(0.5 + 1e-12);
        expect(Math.abs(b.y) + b.h / 2).toBeLessThanOrEqual(0.5 + 1e-12);
      }
      // The square minus its hole: no bar overlaps another, no gap at the corners.
      expect(area).toBeCloseTo(1 - (1 - 2 * t) ** 2, 12);
    }
  });

  test("places quads on a parent's plane in world space and draws only those placed", () => {
    const q = new HighlightQuads(0xffffff, 6);
    const parent = new Group();
    parent.position.set(1, 2, 3);
    parent.scale.set(2, 2, 2);
    parent.updateMatrixWorld();
    q.begin();
    q.quad(parent, 0.5, 0, 0.01, 0.2, 0.1);
    q.end();
    expect(q.mesh.count).toBe(1);
    const a = instance(q, 0);
    expect([a.x, a.y, a.z, a.w, a.h].map((v) => +v.toFixed(6))).toEqual([2, 2, 3.02, 0.4, 0.2]);

    // An outline is four instances; past capacity, quads are dropped rather than overwritten.
    q.begin();
    q.outline(parent, 0, 0, 0, 1, 1, outlineBars(0.1));
    q.outline(parent, 0, 0, 0, 1, 1, outlineBars(0.1));
    q.end();
    expect(q.mesh.count).toBe(6);
    const top = instance(q, 0);
    // Instance matrices are float32: six places.
    expect(top.y).toBeCloseTo(2 + 2 * 0.45, 6);
    expect(top.w).toBeCloseTo(2, 6);
    expect(top.h).toBeCloseTo(0.2, 6);
    q.dispose();
  });
});
