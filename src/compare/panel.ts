/**
 * The weight-sharing panel (#sharing-panel): what sharing saves, always, and when the page
 * compares, the two twins' held-out curves and the measured result in words.
 *
 * The parameter table and sharing figures are arithmetic (arithmetic.ts) and shown in every mode.
 * The comparison part reads a `Comparison` (comparison.ts) a few times a second and redraws its
 * chart only when something changed: never per frame.
 */
import type { SharingMode } from '../config/schema';
import {
  MODE_NAMES,
  MODES,
  figureLabel,
  formatBytes,
  formatCount,
  memoryLabel,
  sharingArithmetic,
  totalLabel,
} from './arithmetic';
import type { Comparison, Twin } from './comparison';
import {
  type Curve,
  type Range,
  emptyRange,
  extendRange,
  latestCommonPoint,
  resultSentence,
  settleRange,
} from './curves';
import './panel.css';

export interface SharingPanelOptions {
  /** The sharing mode of the page's own run, marked in the table. */
  readonly sharing: SharingMode;
  /** The running comparison, when the page compares (?compare=1). */
  readonly comparison?: Comparison | null;
}

/** Panel timing and look, in one place. */
export const PANEL_STYLE = {
  /** How often the panel reads the comparison: at most this many redraws per second. */
  refreshMs: 250,
  colors: { conv: '#4fc3f7', none: '#ffb74d' } as Readonly<Record<SharingMode, string>>,
  grid: 'rgba(255,255,255,0.08)',
  text: '#9aa3b2',
  /** Chart size in CSS pixels (the canvas is scaled by devicePixelRatio). */
  chartWidth: 314,
  chartHeight: 190,
};

export type ChartAxis = 'steps' | 'time';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text = '',
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

/** Sets text only when it differs, so an unchanged panel costs no layout. */
function setText(e: HTMLElement, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

function setData(e: HTMLElement, key: string, value: string): void {
  if (e.dataset[key] !== value) e.dataset[key] = value;
}

/**
 * Mounts the panel into `container` and returns the function that removes it (and stops reading
 * the comparison; the comparison itself is its owner's to dispose).
 */
export function mountSharingPanel(
  container: HTMLElement,
  options: SharingPanelOptions,
): () => void {
  const arithmetic = sharingArithmetic();
  const comparison = options.comparison ?? null;

  const root = el('section', {
    id: 'sharing-panel',
    class: 'wr-panel',
    'aria-label': 'Weight sharing',
  });
  const details = el('details', { open: '' });
  details.append(el('summary', {}, 'Weight sharing: shared against unshared'));
  root.append(details);

  // ---- the arithmetic, in every mode ----
  const table = el('table', { class: 'sp-params' });
  const head = el('tr');
  head.append(el('th', {}, 'parameters'));
  for (const mode of MODES) {
    const th = el('th', { 'data-mode': mode }, MODE_NAMES[mode]);
    if (mode === options.sharing) th.classList.add('sp-current');
    head.append(th);
  }
  table.append(head);
  for (const l of arithmetic.layers) {
    const tr = el('tr', { 'data-layer': l.id });
    tr.append(
      el('td', {}, l.id),
      el('td', { 'data-mode': 'conv' }, formatCount(l.shared)),
      el('td', { 'data-mode': 'none' }, formatCount(l.unshared)),
    );
    table.append(tr);
  }
  const total = el('tr', { class: 'sp-total', 'data-layer': 'total' });
  total.append(
    el('td', {}, 'total'),
    el('td', { 'data-mode': 'conv' }, formatCount(arithmetic.totals.conv)),
    el('td', { 'data-mode': 'none' }, formatCount(arithmetic.totals.none)),
  );
  table.append(total);
  details.append(table);

  const figures = el('ul', { class: 'sp-figures' });
  for (const f of arithmetic.figures) {
    figures.append(el('li', { 'data-layer': f.id }, figureLabel(f)));
  }
  details.append(
    figures,
    el('p', { class: 'sp-muted' }, totalLabel(arithmetic)),
    el('p', { class: 'sp-muted sp-memory' }, memoryLabel(arithmetic)),
    el(
      'p',
      { class: 'sp-current sp-mode' },
      `This run trains the ${MODE_NAMES[options.sharing]} network (sharing=${options.sharing}).`,
    ),
  );
  container.append(root);

  if (!comparison) {
    details.append(
      el(
        'p',
        { class: 'sp-muted' },
        'Add compare=1 to the link to train both from the same seed and plot them together.',
      ),
    );
    return () => root.remove();
  }
  return mountComparison(root, details, comparison);
}

/** The comparison part of the panel; returns its teardown (which also removes the panel). */
function mountComparison(root: HTMLElement, details: HTMLElement, c: Comparison): () => void {
  const runs = el('div', { class: 'sp-runs' });
  const runLines = {} as Record<SharingMode, HTMLElement>;
  for (const mode of MODES) {
    runs.append(el('span', { class: `sp-swatch-${mode}` }, `■ ${MODE_NAMES[mode]}`));
    runLines[mode] = el('span', { class: 'sp-run', 'data-mode': mode });
    runs.append(runLines[mode]);
  }

  let axis: ChartAxis = 'steps';
  const axisBar = el('div', { class: 'sp-axis', role: 'group', 'aria-label': 'chart axis' });
  const axisButtons: Record<ChartAxis, HTMLButtonElement> = {
    steps: el('button', { type: 'button', 'data-axis': 'steps' }, 'against steps'),
    time: el(
      'button',
      {
        type: 'button',
        'data-axis': 'time',
        title: 'Each run’s own running time: its steps and evaluations, not its pauses',
      },
      'against running time',
    ),
  };
  const setAxis = (a: ChartAxis) => {
    axis = a;
    for (const k of ['steps', 'time'] as const) {
      axisButtons[k].setAttribute('aria-pressed', String(k === a));
    }
    root.dataset.axis = a;
    drawnVersion = -1;
  };
  for (const k of ['steps', 'time'] as const) {
    axisButtons[k].addEventListener('click', () => setAxis(k));
    axisBar.append(axisButtons[k]);
  }

  const canvas = el('canvas', {
    class: 'sp-chart',
    'aria-label': 'held-out accuracy and loss of both runs',
  });
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  canvas.width = Math.round(PANEL_STYLE.chartWidth * dpr);
  canvas.height = Math.round(PANEL_STYLE.chartHeight * dpr);
  const ctx = canvas.getContext('2d');

  const result = el('p', { class: 'sp-result', 'aria-live': 'polite' });
  const notice = el('p', { class: 'sp-notice', role: 'status' });
  notice.hidden = true;
  details.append(
    el(
      'p',
      { class: 'sp-muted' },
      `Comparing: two runs from the same seed and digits, taking turns of ${c.turnSteps} steps ` +
        'so each trains alone on the GPU.',
    ),
    runs,
    axisBar,
    canvas,
    result,
    notice,
  );

  let drawnVersion = -1;
  setAxis('steps');

  const refresh = () => {
    const v = c.version();
    const shared = c.twins.conv;
    const unshared = c.twins.none;
    for (const mode of MODES) {
      const t = c.twins[mode];
      setText(runLines[mode], runLine(t, c.turn() === mode));
      setData(root, `${mode}Step`, String(t.status.training.step));
      setData(root, `${mode}Evaluations`, String(t.curve.length));
      setData(root, `${mode}Phase`, t.phase);
    }
    const point = latestCommonPoint(shared.curve, unshared.curve);
    setData(root, 'commonStep', point ? String(point.step) : '');
    const memory = {
      conv: shared.status.training.memory?.numBytes ?? null,
      none: unshared.status.training.memory?.numBytes ?? null,
    };
    setText(
      result,
      point
        ? resultSentence(point, c.arithmetic.parameterRatio, memory)
        : unshared.phase === 'left-out' || unshared.phase === 'failed'
          ? `The shared run trains alone; there is no unshared run to compare it with.`
          : 'Waiting for both runs to reach the same held-out evaluation.',
    );
    const problems = MODES.map((m) => c.twins[m])
      .filter((t) => t.message)
      .map((t) => `${MODE_NAMES[t.mode]}: ${t.message}`)
      .join(' ');
    setText(notice, problems);
    if (notice.hidden !== (problems === '')) notice.hidden = problems === '';
    if (ctx && v !== drawnVersion) {
      drawnVersion = v;
      drawChart(ctx, canvas.width, canvas.height, dpr, shared.curve, unshared.curve, axis);
    }
  };
  refresh();
  const timer = setInterval(refresh, PANEL_STYLE.refreshMs);
  return () => {
    clearInterval(timer);
    root.remove();
  };
}

/** One twin in a line: what it is doing, its step and its tf.memory() bytes. */
export function runLine(t: Twin, training: boolean): string {
  const s = t.status.training;
  const mem = s.memory ? ` · tf.memory ${formatBytes(s.memory.numBytes)}` : '';
  const acc =
    t.curve.length > 0
      ? ` · held-out ${(t.curve.accuracy[t.curve.length - 1]! * 100).toFixed(1)}%`
      : '';
  let what: string;
  switch (t.phase) {
    case 'starting':
      what = s.detail ? `starting: ${s.detail}` : 'starting';
      break;
    case 'waiting':
      what = 'waiting for its turn';
      break;
    case 'training':
      what = training ? 'training' : 'finishing its turn';
      break;
    case 'left-out':
      what = 'not started (memory)';
      break;
    case 'failed':
      what = 'failed';
      break;
  }
  return `${what} · step ${s.step}${acc}${mem}`;
}

// Scratch ranges for the chart, reused on every draw.
const xRange: Range = { lo: 0, hi: 1 };
const lossRange: Range = { lo: 0, hi: 1 };

/**
 * Held-out accuracy (top, 0..100%) and loss (bottom) of both twins against steps or training time.
 * Called a few times a second at most, when the curves changed.
 */
function drawChart(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  dpr: number,
  shared: Curve,
  unshared: Curve,
  axis: ChartAxis,
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
    ctx.strokeStyle = PANEL_STYLE.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(left, p.top + plotH / 2);
    ctx.lineTo(left + plotW, p.top + plotH / 2);
    ctx.stroke();
    ctx.fillStyle = PANEL_STYLE.text;
    ctx.textAlign = 'right';
    ctx.fillText(p.fmt(p.hi), left - 3, p.top + 5);
    ctx.fillText(p.fmt(p.lo), left - 3, p.top + plotH - 5);
    ctx.textAlign = 'left';
    ctx.fillText(`held-out ${p.label}`, left + 4, p.top + 8);
  }
  ctx.textAlign = 'right';
  ctx.fillStyle = PANEL_STYLE.text;
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
    ctx.strokeStyle = PANEL_STYLE.colors[mode];
    ctx.fillStyle = PANEL_STYLE.colors[mode];
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
}
