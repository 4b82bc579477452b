/**
 * Moving the probe digit with a thumbstick, as a pure function over plain numbers: each flick of
 * the stick past `press` moves the digit one whole pixel that way (right and down positive, as
 * "Shift right" and "Shift down"), and the stick must come back inside `release` before the next
 * flick counts, so holding it does not run the digit to the edge. The shift stays in
 * -MAX_PROBE_SHIFT..MAX_PROBE_SHIFT. Nothing here knows three.js or WebXR; it runs every frame
 * while the ray is on the input station, and allocates nothing.
 */
import { MAX_PROBE_SHIFT } from '../protocol';

/** Deflection past which a flick counts (0..1). */
export const defaultPress = 0.6;
/** Deflection under which the stick is back at rest, ready for the next flick. */
export const defaultRelease = 0.3;

export interface ThumbstickShiftOptions {
  readonly press: number;
  readonly release: number;
  readonly max: number;
}

export const THUMBSTICK_SHIFT_DEFAULTS: ThumbstickShiftOptions = {
  press: defaultPress,
  release: defaultRelease,
  max: MAX_PROBE_SHIFT,
};

/** The digit's shift and what the stick is holding (one per controller). */
export interface ThumbstickShift {
  dx: number;
  dy: number;
  /** A flick along x (or y) counted and not yet released. */
  latchedX: boolean;
  latchedY: boolean;
}

export function restingThumbstick(dx = 0, dy = 0): ThumbstickShift {
  return { dx, dy, latchedX: false, latchedY: false };
}

/**
 * One frame of thumbstick (xr-standard axes[2], axes[3]: right and down positive). Writes the new
 * shift and latches into `s`; returns true when the shift changed. NaN reads as at rest.
 */
export function nudgeShift(
  s: ThumbstickShift,
  stickX: number,
  stickY: number,
  o: ThumbstickShiftOptions = THUMBSTICK_SHIFT_DEFAULTS,
): boolean {
  const before = s.dx * 64 + s.dy;
  const x = Number.isFinite(stickX) ? stickX : 0;
  const y = Number.isFinite(stickY) ? stickY : 0;
  if (Math.abs(x) < o.release) s.latchedX = false;
  else if (Math.abs(x) > o.press && !s.latchedX) {
    s.latchedX = true;
    s.dx = Math.max(-o.max, Math.min(o.max, s.dx + Math.sign(x)));
  }
  if (Math.abs(y) < o.release) s.latchedY = false;
  else if (Math.abs(y) > o.press && !s.latchedY) {
    s.latchedY = true;
    s.dy = Math.max(-o.max, Math.min(o.max, s.dy + Math.sign(y)));
  }
  return s.dx * 64 + s.dy !== before;
}
