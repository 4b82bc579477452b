/**
 * The HUD's controls: pause or resume, reset, the learning rate (live) and the batch size (a new
 * run). They act on this page's own run.
 */
import type { Config } from '../config/schema';
import type { StatusStore } from '../status';
import type { Actions } from '../ui/actions';
import { el, setText } from '../ui/dom';
import { LrInForce } from '../ui/lrInForce';

const BATCH_CHOICES = [8, 16, 32, 64, 128, 256];

export interface Controls {
  readonly element: HTMLElement;
  /** A few times a second: the pause button follows the run's state. */
  refresh(status: StatusStore): void;
}

export function createControls(actions: Actions, config: Config): Controls {
  const toggle = el('button', { id: 'hud-toggle', type: 'button' }, 'Pause');
  const resetBtn = el('button', { id: 'hud-reset', type: 'button' }, 'Reset…');
  toggle.addEventListener('click', () => actions.togglePause());
  resetBtn.addEventListener('click', () => void actions.reset());

  const lrInput = el('input', { id: 'hud-lr' });
  const lrNote = el('span', { class: 'hud-note', 'aria-live': 'polite' });
  lrInput.type = 'number';
  lrInput.step = 'any';
  lrInput.min = '0';
  lrInput.max = '1';
  lrInput.value = String(config.lr);
  lrInput.title = "Adam's learning rate: applies immediately";
  lrInput.addEventListener('change', () => {
    const err = actions.setLearningRate(Number(lrInput.value));
    lrNote.textContent = err ?? 'applied';
    lrNote.classList.toggle('bad', err !== null);
  });

  // Roll back, or a resumed checkpoint, may change the rate: the input and the link follow it.
  const lrInForce = new LrInForce(
    {
      input: lrInput,
      focused: () => document.activeElement === lrInput,
      location,
      replaceLink: (url) => history.replaceState(null, '', url),
    },
    config.lr,
  );

  const batchSelect = el('select', { id: 'hud-batch' });
  const choices = BATCH_CHOICES.includes(config.batch)
    ? BATCH_CHOICES
    : [...BATCH_CHOICES, config.batch].sort((a, b) => a - b);
  for (const b of choices) {
    const o = el('option', {}, String(b));
    o.value = String(b);
    o.selected = b === config.batch;
    batchSelect.append(o);
  }
  batchSelect.title = 'Batch size: a new batch size restarts the page as a different run';
  batchSelect.addEventListener('change', () => {
    actions.requestBatch(Number(batchSelect.value));
    batchSelect.value = String(config.batch); // until the reload happens
  });

  const element = el(
    'div',
    { class: 'hud-controls' },
    toggle,
    resetBtn,
    el('label', {}, 'lr ', lrInput),
    lrNote,
    el('label', {}, 'batch ', batchSelect),
    el('span', { class: 'hud-note' }, 'batch restarts'),
  );
  return {
    element,
    refresh(status) {
      const own = status.training.state;
      setText(toggle, own === 'running' || own === 'warming-up' ? 'Pause' : 'Resume');
      toggle.disabled = own === 'loading' || own === 'error';
      lrInForce.refresh(status.training.baseLr);
    },
  };
}
