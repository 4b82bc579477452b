/**
 * The comparison part of the sharing panel (?compare=1): each twin's line, the chart (chart.ts)
 * and the measured result in words. It reads the `Comparison` a few times a second and redraws
 * the chart only when something changed: never per frame.
 */
import type { SharingMode } from '../config/schema';
import { TEST_DIGITS } from '../data/split';
import { el, setData, setText } from '../ui/dom';
import { SHIFT_SIDE, fillShiftHeat, formatError } from '../ui/shiftHeat';
import { MODE_NAMES, MODES, formatBytes } from './arithmetic';
import { CHART_STYLE, type ChartAxis, drawChart } from './chart';
import type { Comparison, Twin } from './comparison';
import { latestCommonPoint, resultSentence } from './curves';
import { equivarianceSentence, gapSentence } from './measuredClaims';
import type { TwinShifts } from './twinShift';

/** How often the panel reads the comparison: at most this many redraws per second. */
export const REFRESH_MS = 250;

/** The comparison part of the panel; returns its teardown (which also removes the panel). */
export function mountComparison(
  root: HTMLElement,
  details: HTMLElement,
  c: Comparison,
  /** The kernels' history's scrubbed step, drawn as a cursor against steps; null when live. */
  cursorStep: () => number | null = () => null,
  shifts: TwinShifts | null = null,
): () => void {
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
  canvas.width = Math.round(CHART_STYLE.width * dpr);
  canvas.height = Math.round(CHART_STYLE.height * dpr);
  const ctx = canvas.getContext('2d');

  const result = el('p', { class: 'sp-result', 'aria-live': 'polite' });
  const claims = el('p', { class: 'sp-claims' });
  const moved = shifts ? movedDigitView() : null;
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
    claims,
    ...(moved ? [moved.root] : []),
    notice,
  );

  let drawnVersion = -1;
  let drawnCursor: number | null = null;
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
    const measured = {
      conv: shifts?.measures.conv ?? null,
      none: shifts?.measures.none ?? null,
    };
    setText(
      claims,
      [point ? gapSentence(point, TEST_DIGITS) : '', equivarianceSentence(measured)]
        .filter((t) => t)
        .join(' '),
    );
    if (moved && shifts && shifts.version !== moved.drawn) moved.draw(shifts);
    const problems = MODES.map((m) => c.twins[m])
      .filter((t) => t.message)
      .map((t) => `${MODE_NAMES[t.mode]}: ${t.message}`)
      .join(' ');
    setText(notice, problems);
    if (notice.hidden !== (problems === '')) notice.hidden = problems === '';
    const cursor = axis === 'steps' ? cursorStep() : null;
    if (ctx && (v !== drawnVersion || cursor !== drawnCursor)) {
      drawnVersion = v;
      drawnCursor = cursor;
      drawChart(ctx, canvas.width, canvas.height, dpr, shared.curve, unshared.curve, axis, cursor);
    }
  };
  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
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

/**
 * Both twins' prediction under shift, side by side: one 9x9 heat map each (p of the digit's class
 * at every shift) with its equivariance errors under it. Redrawn when a measure arrives.
 */
function movedDigitView() {
  const root = el('div', { class: 'sp-moved', role: 'group', 'aria-label': 'The moved digit' });
  const pixels = new ImageData(SHIFT_SIDE, SHIFT_SIDE);
  const parts = {} as Record<SharingMode, { canvas: HTMLCanvasElement; text: HTMLElement }>;
  for (const mode of MODES) {
    const canvas = el('canvas', {
      role: 'img',
      'aria-label': `Prediction under shift, ${MODE_NAMES[mode]}`,
      'data-mode': mode,
    });
    canvas.width = SHIFT_SIDE;
    canvas.height = SHIFT_SIDE;
    const text = el('span', { class: 'sp-moved-errors', 'data-mode': mode }, 'not measured yet');
    root.append(el('figure', {}, el('figcaption', {}, MODE_NAMES[mode]), canvas, text));
    parts[mode] = { canvas, text };
  }
  const view = {
    root,
    drawn: -1,
    draw(shifts: TwinShifts) {
      view.drawn = shifts.version;
      for (const mode of MODES) {
        const m = shifts.measures[mode];
        if (!m) continue;
        const [dx, dy] = m.shift;
        fillShiftHeat(pixels.data, m.predictionUnderShift, dx, dy);
        parts[mode].canvas.getContext('2d')?.putImageData(pixels, 0, 0);
        setData(parts[mode].canvas, 'shift', `${dx},${dy}`);
        setText(
          parts[mode].text,
          `moved (${dx}, ${dy}): conv1 ${formatError(m.conv1)}, conv2 ${formatError(m.conv2)}`,
        );
      }
    },
  };
  return view;
}
