/**
 * Camera framing as plain maths: where a camera looking along a given direction must stand so
 * that every point of a set appears inside the view, with margins. Called on resize and when a
 * camera preset is chosen, never per frame.
 */
import { Vector3 } from 'three';

/** Margins inside the view, as fractions of the half-extent (0 = edge, 0.1 = a tenth in). */
export interface ViewMargins {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export interface FrameRequest {
  /** Vertical field of view, degrees. */
  readonly fovDeg: number;
  /** Width over height of the view. */
  readonly aspect: number;
  /** Direction the camera looks in (need not be unit length; not vertical). */
  readonly direction: Vector3;
  readonly margins: ViewMargins;
}

export interface CameraPose {
  readonly position: Vector3;
  readonly target: Vector3;
}

const UP = new Vector3(0, 1, 0);
// Scratch vectors (framing runs on resize and presets: keep it allocation-light all the same).
const f = new Vector3();
const r = new Vector3();
const u = new Vector3();
const q = new Vector3();
const hi = new Vector3();

/**
 * Pose whose view holds the first `count` points: the target is the points' bounding-box centre; the camera
 * backs away along `direction` until each point projects inside the margins. The distance is
 * solved per point (|x| <= tan(half fov) * depth), so no search.
 */
export function frameAll(
  points: readonly Vector3[],
  req: FrameRequest,
  out: CameraPose,
  count = points.length,
): number {
  const target = out.target;
  target.set(Infinity, Infinity, Infinity);
  const max = hi.set(-Infinity, -Infinity, -Infinity);
  for (let i = 0; i < count; i++) {
    const p = points[i]!;
    target.min(p);
    max.max(p);
  }
  target.add(max).multiplyScalar(0.5);
  f.copy(req.direction).normalize();
  r.crossVectors(f, UP).normalize();
  u.crossVectors(r, f);
  const tanY = Math.tan(((req.fovDeg / 2) * Math.PI) / 180);
  const tanX = tanY * req.aspect;
  const m = req.margins;
  let distance = 0;
  for (let i = 0; i < count; i++) {
    q.subVectors(points[i]!, target);
    const x = q.dot(r);
    const y = q.dot(u);
    const z = q.dot(f);
    const sx = tanX * (1 - (x >= 0 ? m.right : m.left));
    const sy = tanY * (1 - (y >= 0 ? m.top : m.bottom));
    distance = Math.max(distance, Math.abs(x) / sx - z, Math.abs(y) / sy - z);
  }
  out.position.copy(target).addScaledVector(f, -distance);
  return distance;
}
