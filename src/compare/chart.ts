/**
 * The comparison chart: held-out accuracy (top) and loss (bottom) of both twins against steps or
 * each twin's own running time, on a 2D canvas. Drawn a few times a second at most, when the
 * curves changed; never per frame.
 */
import type { SharingMode } from '../config/schema';
import { type Curve, type Range, emptyRange, extendRange, settleRange } from './curves';

export type ChartAxis = 'steps' | 'time';

/** The chart's look and size, in one place. */
export const CHART_STYLE = {
  colors: { conv: '#4fc3f7', none: '#ffb74d' } as Readonly<Record<SharingMode, string>>,
  grid: 'rgba(255,255,255,0.08)',
  text: '#9aa3b2',
  /** Chart size in CSS pixels (the canvas is scaled by devicePixelRatio). */
  width: 314,
  height: 190,
};

// Scratch ranges for the chart, reused on every draw.
const xRange: Range = { lo: 0, hi: 1 };
const lossRange: Range = { lo: 0, hi: 1 };

/**
 * Held-out accuracy (top, 0..100%) and loss (bottom) of both twins against steps or training time.
 * Called a few times a second at most, when the curves changed.
 */
export function drawChart(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  dpr: number,
  shared: Curve,
  unshared: Curve,
  axis: ChartAxis,
  /** A step to mark with a vertical cursor (the kernels' history scrubbed there), or null. */
  cursorStep: number | null = null,
): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.scale(dpr, dpr);
  const w = width / dpr;
  const h = height / dpr;
  const left = 34;
  const right = 6;
  const gap = 16;
  const bottom = 14;
  const plotH = (h - bottom - gap - 4) / 2;
  const plotW = w - left - right;

  const xs = (c: Curve) => (axis === 'steps' ? c.steps : c.times);
  emptyRange(xRange);
  extendRange(xRange, xs(shared));
  extendRange(xRange, xs(unshared));
  // Both axes start at 0: the start of training.
  xRange.lo = 0;
  settleRange(xRange, axis === 'steps' ? 1 : 1000);
  emptyRange(lossRange);
  extendRange(lossRange, shared.loss);
  extendRange(lossRange, unshared.loss);
  // Loss fits its data (early differences are small); accuracy keeps its full 0..100% scale.
  settleRange(lossRange, 0.1);

  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const plots = [
    { top: 4, lo: 0, hi: 1, label: 'accuracy', fmt: (v: number) => `${Math.round(v * 100)}%` },
    {
      top: 4 + plotH + gap,
      lo: lossRange.lo,
      hi: lossRange.hi,
      label: 'loss',
      fmt: (v: number) => v.toFixed(2),
    },
  ];
  for (const p of plots) {
    ctx.fillStyle = 'rgba(255,255,255,0.04)';
    ctx.fillRect(left, p.top, plotW, plotH);
    ctx.strokeStyle = CHART_STYLE.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(left, p.top + plotH / 2);
    ctx.lineTo(left + plotW, p.top + plotH / 2);
    ctx.stroke();
    ctx.fillStyle = CHART_STYLE.text;
    ctx.textAlign = 'right';
    ctx.fillText(p.fmt(p.hi), left - 3, p.top + 5);
    ctx.fillText(p.fmt(p.lo), left - 3, p.top + plotH - 5);
    ctx.textAlign = 'left';
    ctx.fillText(`held-out ${p.label}`, left + 4, p.top + 8);
  }
  ctx.textAlign = 'right';
  ctx.fillStyle = CHART_STYLE.text;
  const xLabel =
    axis === 'steps' ? `${Math.round(xRange.hi)} steps` : `${(xRange.hi / 1000).toFixed(1)} s`;
  ctx.fillText(xLabel, left + plotW, h - bottom / 2);
  ctx.textAlign = 'left';
  ctx.fillText('0', left, h - bottom / 2);

  for (const [curve, mode] of [
    [shared, 'conv'],
    [unshared, 'none'],
  ] as const) {
    const x = xs(curve);
    ctx.strokeStyle = CHART_STYLE.colors[mode];
    ctx.fillStyle = CHART_STYLE.colors[mode];
    ctx.lineWidth = 1.5;
    for (const [values, p] of [
      [curve.accuracy, plots[0]!],
      [curve.loss, plots[1]!],
    ] as const) {
      const px = (i: number) => left + ((x[i]! - xRange.lo) / (xRange.hi - xRange.lo)) * plotW;
      const py = (i: number) => p.top + plotH - ((values[i]! - p.lo) / (p.hi - p.lo)) * plotH;
      ctx.beginPath();
      for (let i = 0; i < curve.length; i++) {
        if (i === 0) ctx.moveTo(px(i), py(i));
        else ctx.lineTo(px(i), py(i));
      }
      ctx.stroke();
      // A dot on every evaluation, so a single one still shows.
      for (let i = 0; i < curve.length; i++) ctx.fillRect(px(i) - 1.5, py(i) - 1.5, 3, 3);
    }
  }
  if (cursorStep === null || cursorStep < xRange.lo || cursorStep > xRange.hi) return;
  const cx = left + ((cursorStep - xRange.lo) / (xRange.hi - xRange.lo)) * plotW;
  ctx.strokeStyle = '#e8ecf2';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const p of plots) {
    ctx.moveTo(cx, p.top);
    ctx.lineTo(cx, p.top + plotH);
  }
  ctx.stroke();
}
