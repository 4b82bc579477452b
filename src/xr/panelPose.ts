/**
 * Where the in-VR panel goes and how big its text is, as pure maths. The panel is placed once
 * per session, in front of where the user is looking, a little below the eyes and tilted back to
 * face them (Meta's guidance: UI within arm's reach, below the horizon, text at least ~1 degree
 * of visual angle). Nothing here knows three.js.
 */

/** The panel's size (m): 1024 x 640 canvas pixels, so 0.547 mm per pixel. */
export const PANEL_SIZE = { width: 0.56, height: 0.35 } as const;
/** The panel's canvas (px) and its text sizes (px): the smallest must stay legible. */
export const PANEL_PX = { width: 1024, height: 640, title: 40, body: 30, small: 24 } as const;
/** Horizontal distance from the eyes to the panel's centre (m): within arm's reach. */
export const defaultPanelDistance = 0.6;
/** How far below eye level the panel's centre sits (m): 25 degrees down, under the network. */
export const defaultPanelDrop = 0.28;
/** Minimum body-text size in degrees of visual angle. */
export const MIN_TEXT_DEGREES = 1;

export interface PanelPose {
  x: number;
  y: number;
  z: number;
  /** Rotation about the vertical axis (radians; 0 faces +z, toward a viewer looking along -z). */
  yaw: number;
  /** Tilt back about the panel's own horizontal axis (radians, negative tips the top away). */
  pitch: number;
}

/**
 * The panel pose in front of a head at (hx, hy, hz) looking along `headYaw` (radians about the
 * vertical axis, 0 looking along -z, as three's Euler 'YXZ' y). The panel faces the eyes.
 */
export function panelPoseInFront(
  out: PanelPose,
  hx: number,
  hy: number,
  hz: number,
  headYaw: number,
  distance = defaultPanelDistance,
  drop = defaultPanelDrop,
): PanelPose {
  out.x = hx - Math.sin(headYaw) * distance;
  out.z = hz - Math.cos(headYaw) * distance;
  out.y = hy - drop;
  out.yaw = headYaw;
  // Tilt so the panel's normal points back up at the eyes.
  out.pitch = -Math.atan2(drop, distance);
  return out;
}

/** The angle (degrees) that something `size` metres tall subtends at `distance` metres. */
export function visualAngleDeg(size: number, distance: number): number {
  return (2 * Math.atan(size / (2 * distance)) * 180) / Math.PI;
}
