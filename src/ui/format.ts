/**
 * The words and numbers the desktop HUD and the in-VR panel both show, from the status store.
 * One place, so the two panels cannot disagree.
 */
import type { Status } from '../status';

export const STATE_WORDS: Readonly<Record<Status['training']['state'], string>> = {
  idle: 'Idle',
  loading: 'Loading',
  'warming-up': 'Warming up',
  running: 'Training',
  paused: 'Paused',
  error: 'Error',
  finished: 'Finished',
  diverged: 'Diverged',
  blocked: 'Open in another tab',
};

export function num(v: number | null, digits: number): string {
  return v === null || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

export function pct(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`;
}

export function stateLine(s: Status): string {
  const t = s.training;
  const progress = t.progress === null ? '' : ` ${Math.round(t.progress * 100)}%`;
  const word = STATE_WORDS[t.state];
  const detail = t.detail && t.detail.toLowerCase() !== word.toLowerCase() ? ` · ${t.detail}` : '';
  return `${word}${progress}${detail}`;
}

/** Frame time against the budget, or why it is not known yet. */
export function frameLine(s: Status): string {
  const f = s.frames;
  if (f.budgetMs <= 0 || f.intervalP95Ms <= 0)
    return `frames: ${f.count} drawn · timing not measured yet`;
  return (
    `frame p95 ${f.intervalP95Ms.toFixed(1)} ms / budget ${f.budgetMs.toFixed(1)} ms` +
    ` (${f.targetHz} Hz) · ${f.overBudget} over`
  );
}

/** Non-null when this machine cannot hold a headset's frame budget while training. */
export function softwareWarning(s: Status): string | null {
  const soft = s.render.software || s.backend?.software === true || s.governor?.cannotHoldBudget;
  if (!soft) return null;
  const what = s.render.software
    ? 'This computer draws with a software renderer'
    : s.backend?.software
      ? 'Training runs on a software backend'
      : 'Frames miss their budget even at the slowest training pace';
  return `${what}: this GPU cannot hold the VR frame budget while training. Frames will stutter; the numbers are still real.`;
}

export function backendLine(s: Status): string {
  const b = s.backend;
  const trainer = b
    ? `${b.name}${b.webglVersion ? ` ${b.webglVersion}` : ''} · ${b.renderer}`
    : '–';
  // Why this backend (auto's reason, or the URL's choice): the panel says it plainly.
  return `trainer: ${trainer}${b?.reason ? ` · ${b.reason}` : ''}`;
}

export function rendererLine(s: Status): string {
  return `render: ${s.render.renderer || '–'} · ${s.render.drawCalls} draw calls`;
}
