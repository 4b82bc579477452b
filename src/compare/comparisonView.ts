/**
 * The comparison part of the sharing panel (?compare=1): each twin's line, the chart (chart.ts)
 * and the measured result in words. It reads the `Comparison` a few times a second and redraws
 * the chart only when something changed: never per frame.
 */
import type { SharingMode } from '../config/schema';
import { el, setData, setText } from '../ui/dom';
import { MODE_NAMES, MODES, formatBytes } from './arithmetic';
import { CHART_STYLE, type ChartAxis, drawChart } from './chart';
import type { Comparison, Twin } from './comparison';
import { latestCommonPoint, resultSentence } from './curves';

/** How often the panel reads the comparison: at most this many redraws per second. */
export const REFRESH_MS = 250;

/** The comparison part of the panel; returns its teardown (which also removes the panel). */
export function mountComparison(
  root: HTMLElement,
  details: HTMLElement,
  c: Comparison,
  /** The kernels' history's scrubbed step, drawn as a cursor against steps; null when live. */
  cursorStep: () => number | null = () => null,
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
