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
}
