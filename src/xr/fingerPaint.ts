/**
 * When a tracked index fingertip paints on the room's drawing pad: pure maths over the fingertip's
 * position in the pad's own frame (metres; x right, y up, z out of the pad towards the user).
 *
 * A real finger has no surface to stop it, so a touch starts a little in front of the pad and holds
 * while the finger pushes through it, and it ends only once the finger is clearly back out
 * (hysteresis): a shaking hand near the surface must not break a stroke into dots.
 */

/** A fingertip this close in front of the pad starts a touch (m). */
export const defaultTouchDepth = 0.01;
/** A touch lasts until the fingertip is this far in front again (m). */
export const defaultReleaseDepth = 0.025;
/** A fingertip pushed this far through the pad still paints (m); beyond, the hand went past. */
export const defaultPushThrough = 0.06;

export interface FingerPaintOptions {
  readonly touchDepth: number;
  readonly releaseDepth: number;
  readonly pushThrough: number;
}

export const FINGER_PAINT_DEFAULTS: FingerPaintOptions = {
  touchDepth: defaultTouchDepth,
  releaseDepth: defaultReleaseDepth,
  pushThrough: defaultPushThrough,
};

/** Where the fingertip is on the pad, in pad units (0..1, y down, as the stroke model takes them). */
export interface PadPoint {
  u: number;
  v: number;
}

/**
 * Whether the fingertip at `local` (pad frame, m) touches a square pad of side `size`, given whether
 * it touched last frame. Writes the pad point into `out` (unchanged when not touching); allocates
 * nothing, so it runs on the per-frame path.
 */
export function fingerTouchesPad(
  local: { readonly x: number; readonly y: number; readonly z: number },
  size: number,
  wasTouching: boolean,
  out: PadPoint,
  options: FingerPaintOptions = FINGER_PAINT_DEFAULTS,
): boolean {
  const half = size / 2;
  if (Math.abs(local.x) > half || Math.abs(local.y) > half) return false;
  const front = wasTouching ? options.releaseDepth : options.touchDepth;
  if (local.z > front || local.z < -options.pushThrough) return false;
  out.u = local.x / size + 0.5;
  out.v = 0.5 - local.y / size;
  return true;
}
