/**
 * The weight-sharing panel (#sharing-panel): what sharing saves, always, and when the page
 * compares, the two twins' held-out curves and the measured result in words.
 *
 * The parameter table and sharing figures are arithmetic (arithmetic.ts) and shown in every mode;
 * the comparison part is comparisonView.ts.
 */
import type { SharingMode } from '../config/schema';
import { el } from '../ui/dom';
import {
  MODE_NAMES,
  MODES,
  figureLabel,
  formatCount,
  memoryLabel,
  sharingArithmetic,
  totalLabel,
} from './arithmetic';
import type { Comparison } from './comparison';
import { mountComparison } from './comparisonView';
import type { TwinShifts } from './twinShift';
import './panel.css';

export interface SharingPanelOptions {
  /** The sharing mode of the page's own run, marked in the table. */
  readonly sharing: SharingMode;
  /** The running comparison, when the page compares (?compare=1). */
  readonly comparison?: Comparison | null;
  /** The step the kernels' history is scrubbed to (a cursor on the chart), or null when live. */
  readonly cursorStep?: () => number | null;
  /** Both twins' measures of the moved digit, during a comparison. */
  readonly twinShifts?: TwinShifts | null;
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
  return mountComparison(root, details, comparison, options.cursorStep, options.twinShifts ?? null);
}
