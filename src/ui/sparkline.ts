/**
 * A small line chart on a 2D canvas: the HUD's loss and accuracy curves, and the same drawing on
 * the in-VR panel's canvas. Draws into a rectangle of a context it is given.
 */
import type { Series } from './history';

export interface SparkStyle {
  readonly color: string;
  /** Fixed y range, or null to fit the data. */
  readonly range: readonly [number, number] | null;
  readonly lineWidth: number;
}

/**
 * Where `step` falls along a sparkline of `s` (0 at its oldest point, 1 at its newest; points are
 * evenly spaced, so between two points it is interpolated by step), or null when the series does
 * not reach back or forward to it (fewer than two points, or the step is outside them).
 */
export function cursorFraction(s: Series, step: number): number | null {
  const n = s.length;
  if (n < 2 || step < s.stepAt(0) || step > s.stepAt(n - 1)) return null;
  let k = 0;
  while (k < n - 2 && s.stepAt(k + 1) <= step) k++;
  const a = s.stepAt(k);
  const b = s.stepAt(k + 1);
  const within = b > a ? Math.min(1, (step - a) / (b - a)) : 0;
  return (k + within) / (n - 1);
}

export function drawSparkline(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  s: Series,
  style: SparkStyle,
): void {
  ctx.fillStyle = 'rgba(255,255,255,0.04)';
  ctx.fillRect(x, y, w, h);
  if (s.length < 2) return;
  let lo = style.range ? style.range[0] : Infinity;
  let hi = style.range ? style.range[1] : -Infinity;
  if (!style.range) {
    for (let k = 0; k < s.length; k++) {
      const v = s.at(k);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo < 1e-6) {
      hi += 0.5;
      lo -= 0.5;
    }
  }
  ctx.strokeStyle = style.color;
  ctx.lineWidth = style.lineWidth;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  for (let k = 0; k < s.length; k++) {
    const px = x + (k / (s.length - 1)) * w;
    const py = y + h - ((s.at(k) - lo) / (hi - lo)) * h;
    if (k === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  ctx.stroke();
  // The kernels' history is scrubbed back: a cursor at the step shown.
  const at = s.cursor === null ? null : cursorFraction(s, s.cursor);
  if (at === null) return;
  ctx.strokeStyle = '#e8ecf2';
  ctx.lineWidth = Math.max(1, style.lineWidth * 0.75);
  ctx.beginPath();
  ctx.moveTo(x + at * w, y);
  ctx.lineTo(x + at * w, y + h);
  ctx.stroke();
}
