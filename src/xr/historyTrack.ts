/**
 * The in-VR history slider's layout and hit maths, pure (no three.js): a strip of canvas pixels
 * above the in-VR panel with a track of the kept steps and a "Live" button. x runs right and y
 * down in canvas pixels; the kept steps are spread evenly along the track by their index, as on
 * the desktop's "Training history" range input.
 */

/** The strip's canvas (px) and its size in the room (m): the panel's width, 0.547 mm a pixel. */
export const HISTORY_STRIP = {
  px: { width: 1024, height: 128 },
  size: { width: 0.56, height: 0.07 },
  /** The track's ends and height (px); a press within `grab` px above or below it takes it. */
  track: { x0: 60, x1: 740, y: 84, grab: 44 },
  live: { x: 800, y: 16, w: 200, h: 96 },
} as const;

/** What a press on the strip hit. */
export type StripHit =
  { readonly kind: 'track'; readonly index: number } | { readonly kind: 'live' } | null;

/** The kept index nearest to x along the track (clamped to its ends) among `count` kept steps. */
export function trackIndex(x: number, count: number): number {
  if (count <= 1) return 0;
  const { x0, x1 } = HISTORY_STRIP.track;
  const t = Math.min(1, Math.max(0, (x - x0) / (x1 - x0)));
  return Math.round(t * (count - 1));
}

/** Where kept index `index` of `count` sits on the track (px). */
export function trackX(index: number, count: number): number {
  const { x0, x1 } = HISTORY_STRIP.track;
  return count <= 1 ? x1 : x0 + (index / (count - 1)) * (x1 - x0);
}

/** What a press at strip pixel (x, y) hits, with `count` kept steps. */
export function stripHit(x: number, y: number, count: number): StripHit {
  const l = HISTORY_STRIP.live;
  if (x >= l.x && x <= l.x + l.w && y >= l.y && y <= l.y + l.h) return { kind: 'live' };
  const t = HISTORY_STRIP.track;
  if (count > 0 && Math.abs(y - t.y) <= t.grab && x >= t.x0 - t.grab && x <= t.x1 + t.grab) {
    return { kind: 'track', index: trackIndex(x, count) };
  }
  return null;
}

/** A texture coordinate (three's: v up) of the strip as a canvas pixel; writes into `out`. */
export function stripPixel(u: number, v: number, out: { x: number; y: number }): void {
  out.x = u * HISTORY_STRIP.px.width;
  out.y = (1 - v) * HISTORY_STRIP.px.height;
}
