/**
 * The desktop HUD: an HTML panel over the canvas. Training state, step, loss and test-accuracy
 * curves, steps/s, frame time against budget, backend and renderer (a software renderer is said
 * in a plain sentence), warnings, the colour legend, the selected kernel's arithmetic, and the
 * controls. It redraws a few times a second from the status store, never every frame.
 */
import type { Config } from '../config/schema';
import { divergingCss } from '../scene/colorMap';
import { selectionSentence } from '../scene/selection';
import type { View } from '../loop';
import type { StatusStore } from '../status';
import type { Actions } from '../ui/actions';
import { el, setText } from '../ui/dom';
import { type ColourRanges, legendLine } from '../ui/legend';
import {
  backendLine,
  frameLine,
  num,
  pct,
  rendererLine,
  softwareWarning,
  stateLine,
} from '../ui/format';
import type { Series } from '../ui/history';
import type { RunFollower } from '../ui/watchedRun';
import { drawSparkline } from '../ui/sparkline';

/** Seconds between HUD refreshes. */
const REFRESH_S = 0.25;
const BATCH_CHOICES = [8, 16, 32, 64, 128, 256];

export class Hud implements View {
  readonly root: HTMLElement;
  private clock = REFRESH_S;
  private readonly state = el('div', { id: 'hud-state', class: 'hud-state' });
  private readonly watching = el('p', { id: 'hud-watching', class: 'hud-watching' });
  private readonly progress = el('progress', { id: 'hud-progress' });
  private readonly step = el('span', { id: 'hud-step' }, '0');
  private readonly sps = el('span', { id: 'hud-sps' }, '–');
  private readonly loss = el('span', { id: 'hud-loss' }, '–');
  private readonly acc = el('span', { id: 'hud-acc' }, '–');
  private readonly lossChart = el('canvas', { class: 'hud-chart' });
  private readonly accChart = el('canvas', { class: 'hud-chart' });
  private readonly frames = el('div', { id: 'hud-frames', class: 'hud-line' });
  private readonly backend = el('div', { id: 'hud-backend', class: 'hud-line' });
  /** The governor's objective and what it costs ("training 9.8 steps/s; 31 fps (the room alone: 34 fps)"). */
  private readonly governor = el('div', { id: 'hud-governor', class: 'hud-line' });
  private readonly renderer = el('div', { id: 'hud-renderer', class: 'hud-line' });
  private readonly software = el('p', { id: 'hud-software', class: 'hud-warning' });
  private readonly warnings = el('ul', { id: 'hud-warnings', class: 'hud-warnings' });
  private readonly legend = el('div', { id: 'hud-legend', class: 'hud-line' });
  private readonly selection = el('p', { id: 'hud-selection', class: 'hud-selection' });
  private readonly toggle = el('button', { id: 'hud-toggle' }, 'Pause');
  private readonly lrInput = el('input', { id: 'hud-lr' });
  private readonly lrNote = el('span', { class: 'hud-note' });
  private readonly batchSelect = el('select', { id: 'hud-batch' });
  private lastLossVersion = -1;
  private lastAccVersion = -1;
  private lastLoss: Series | null = null;
  private lastAcc: Series | null = null;
  private warningCount = -1;

  constructor(
    private readonly status: StatusStore,
    private readonly runs: RunFollower,
    actions: Actions,
    private readonly ranges: ColourRanges,
    config: Config,
  ) {
    const resetBtn = el('button', { id: 'hud-reset' }, 'Reset…');
    this.toggle.addEventListener('click', () => actions.togglePause());
    resetBtn.addEventListener('click', () => actions.reset());

    this.lrInput.type = 'number';
    this.lrInput.step = 'any';
    this.lrInput.min = '0';
    this.lrInput.max = '1';
    this.lrInput.value = String(config.lr);
    this.lrInput.title = "Adam's learning rate: applies immediately";
    this.lrInput.addEventListener('change', () => {
      const err = actions.setLearningRate(Number(this.lrInput.value));
      this.lrNote.textContent = err ?? 'applied';
      this.lrNote.classList.toggle('bad', err !== null);
    });

    const choices = BATCH_CHOICES.includes(config.batch)
      ? BATCH_CHOICES
      : [...BATCH_CHOICES, config.batch].sort((a, b) => a - b);
    for (const b of choices) {
      const o = el('option', {}, String(b));
      o.value = String(b);
      o.selected = b === config.batch;
      this.batchSelect.append(o);
    }
    this.batchSelect.title = 'Batch size: a new batch size restarts the page as a different run';
    this.batchSelect.addEventListener('change', () => {
      actions.requestBatch(Number(this.batchSelect.value));
      this.batchSelect.value = String(config.batch); // until the reload happens
    });

    const legendBar = el('div', { class: 'hud-legend-bar' });
    const stops: string[] = [];
    for (let i = 0; i <= 8; i++) stops.push(divergingCss(i / 4 - 1));
    legendBar.style.background = `linear-gradient(to right, ${stops.join(', ')})`;

    for (const c of [this.lossChart, this.accChart]) {
      c.width = 280;
      c.height = 44;
    }
    this.progress.max = 1;
    this.progress.hidden = true;

    this.root = el(
      'aside',
      { id: 'hud', class: 'wr-panel hud' },
      el('h1', {}, 'Weightroom'),
      this.watching,
      this.state,
      this.progress,
      el(
        'dl',
        { class: 'hud-numbers' },
        el('dt', {}, 'step'),
        el('dd', {}, this.step),
        el('dt', {}, 'steps/s'),
        el('dd', {}, this.sps),
        el('dt', {}, 'loss'),
        el('dd', {}, this.loss),
        el('dt', {}, 'test acc.'),
        el('dd', {}, this.acc),
      ),
      el('div', { class: 'hud-chart-title' }, 'loss (training batches)'),
      this.lossChart,
      el('div', { class: 'hud-chart-title' }, 'test accuracy (1,000 held-out digits)'),
      this.accChart,
      this.frames,
      this.governor,
      this.backend,
      this.renderer,
      this.software,
      this.warnings,
      el('div', { class: 'hud-chart-title' }, 'colour: weights and activations'),
      legendBar,
      this.legend,
      this.selection,
      el(
        'div',
        { class: 'hud-controls' },
        this.toggle,
        resetBtn,
        el('label', {}, 'lr ', this.lrInput),
        this.lrNote,
        el('label', {}, 'batch ', this.batchSelect),
        el('span', { class: 'hud-note' }, 'batch restarts'),
      ),
      el(
        'p',
        { class: 'hud-hint' },
        'Drag to orbit, scroll to zoom. Hover a kernel to see every position that reuses it. Space: pause/resume.',
      ),
    );
    this.software.hidden = true;
  }

  /** Per frame; refreshes the DOM only every REFRESH_S (and only the text that changed). */
  update(dt: number): void {
    this.clock += dt;
    if (this.clock < REFRESH_S) return;
    this.clock = 0;
    this.refresh();
  }

  refresh(): void {
    const s = this.status;
    // Training lines follow the run on show (a comparison's twin); the rest is this page's.
    const run = this.runs.current();
    const t = run.status.training;
    const watching = this.runs.sentence();
    this.watching.hidden = watching === '';
    setText(this.watching, watching);
    setText(this.state, stateLine(run.status));
    this.state.dataset.state = t.state;
    this.progress.hidden = t.progress === null;
    if (t.progress !== null) this.progress.value = t.progress;
    setText(this.step, String(t.step));
    setText(this.sps, num(t.stepsPerSecond, 1));
    setText(this.loss, num(t.lossSmoothed ?? t.loss, 3));
    setText(this.acc, pct(t.testAccuracy));
    // The controls act on this page's own run.
    const own = s.training.state;
    setText(this.toggle, own === 'running' || own === 'warming-up' ? 'Pause' : 'Resume');
    this.toggle.disabled = own === 'loading' || own === 'error';
    setText(this.frames, frameLine(s));
    setText(this.governor, s.governor?.message ?? '');
    setText(this.backend, backendLine(run.status.backend ? run.status : s));
    setText(this.renderer, rendererLine(s));
    const soft = softwareWarning(s);
    this.software.hidden = soft === null;
    setText(this.software, soft ?? '');
    if (t.warnings.length !== this.warningCount) {
      this.warningCount = t.warnings.length;
      this.warnings.replaceChildren(...t.warnings.slice(-4).map((w) => el('li', {}, w)));
    }
    setText(this.legend, legendLine(this.ranges, s.kernels.version !== 0));
    setText(
      this.selection,
      s.selection
        ? selectionSentence(s.selection)
        : 'Hover a kernel (upper row, conv1 or conv2) to see weight sharing.',
    );
    const h = run.history;
    if (h.loss.version !== this.lastLossVersion || h.loss !== this.lastLoss) {
      this.lastLossVersion = h.loss.version;
      this.lastLoss = h.loss;
      this.chart(this.lossChart, () =>
        drawSparkline(ctx(this.lossChart), 0, 0, 280, 44, h.loss, {
          color: '#ffa828',
          range: null,
          lineWidth: 1.5,
        }),
      );
    }
    if (h.testAccuracy.version !== this.lastAccVersion || h.testAccuracy !== this.lastAcc) {
      this.lastAccVersion = h.testAccuracy.version;
      this.lastAcc = h.testAccuracy;
      this.chart(this.accChart, () =>
        drawSparkline(ctx(this.accChart), 0, 0, 280, 44, h.testAccuracy, {
          color: '#3dffb5',
          range: [0, 1],
          lineWidth: 1.5,
        }),
      );
    }
  }

  private chart(c: HTMLCanvasElement, draw: () => void): void {
    ctx(c).clearRect(0, 0, c.width, c.height);
    draw();
  }

  dispose(): void {
    this.root.remove();
  }
}

function ctx(c: HTMLCanvasElement): CanvasRenderingContext2D {
  const x = c.getContext('2d');
  if (!x) throw new Error('2D canvas unavailable');
  return x;
}
