/**
 * Moving the network in VR, as pure functions over plain numbers (pmndrs/xr's
 * controller-locomotion is the model): the thumbstick pushes it nearer or farther, a squeeze (or
 * a pinch) and drag carries it along the floor with the hand, and it never leaves the reach.
 * Nothing here knows three.js or the WebXR API; controllers.ts and hands.ts feed it numbers.
 *
 * Every function writes into `out` and allocates nothing: they run every frame while presenting.
 */
import { ROOM } from '../scene/layout';

/** Metres per second at full thumbstick deflection. */
export const defaultSpeed = 0.8;
/** Thumbstick deflection below which nothing moves (worn sticks rest a little off centre). */
export const defaultDeadZone = 0.15;
/** How far the network may come towards the viewer from where it was built (m). */
export const defaultCloser = ROOM.reach.closer;
/** How far the network may go away from the viewer (m). */
export const defaultFarther = ROOM.reach.farther;
/** How far a pinching hand must move (m) before the pinch is a drag rather than a tap. */
export const defaultDragThreshold = 0.02;
/** How far it may move sideways either way (m). */
export const defaultSideways = 1.0;

export interface LocomotionOptions {
  readonly speed: number;
  readonly deadZone: number;
  readonly closer: number;
  readonly farther: number;
  readonly sideways: number;
}

export const LOCOMOTION_DEFAULTS: LocomotionOptions = {
  speed: defaultSpeed,
  deadZone: defaultDeadZone,
  closer: defaultCloser,
  farther: defaultFarther,
  sideways: defaultSideways,
};

/** A position on the floor plane: x to the viewer's right, z towards the viewer (m). */
export interface FloorPoint {
  x: number;
  z: number;
}

/**
 * The network's z after `dt` seconds of thumbstick deflection `stickY` (xr-standard axes[3]:
 * negative is forward). Forward brings the network nearer (+z); inside the dead zone it stays.
 */
export function stickZ(
  z: number,
  stickY: number,
  dt: number,
  o: LocomotionOptions = LOCOMOTION_DEFAULTS,
): number {
  if (!(Math.abs(stickY) > o.deadZone)) return z; // also NaN from a broken gamepad
  return z - stickY * o.speed * dt;
}

/**
 * Where a grabbed network goes: where it was at the grab, plus how far the hand has moved along
 * the floor since (height is ignored: the network stays on the floor).
 */
export function dragTo(
  out: FloorPoint,
  rootAtGrab: FloorPoint,
  handAtGrab: FloorPoint,
  hand: FloorPoint,
): FloorPoint {
  out.x = rootAtGrab.x + (hand.x - handAtGrab.x);
  out.z = rootAtGrab.z + (hand.z - handAtGrab.z);
  return out;
}

/** Keeps the network within reach of where it was built (the origin of its group). */
export function clampToReach(
  out: FloorPoint,
  o: LocomotionOptions = LOCOMOTION_DEFAULTS,
): FloorPoint {
  out.z = Math.min(o.closer, Math.max(-o.farther, out.z));
  out.x = Math.min(o.sideways, Math.max(-o.sideways, out.x));
  return out;
}
