/**
 * The desktop HUD: a panel docked at the left of the window, a column of sections. Training
 * (state, what the first minute is doing, step, loss and accuracy curves), the guide, the camera
 * presets, the selected kernel and the colour legend, the controls, and the frames and backends
 * (a software renderer is said in a plain sentence). It redraws a few times a second from the
 * status store, never every frame. Another feature adds its own section with `addSection`.
 */
import type { Config } from '../config/schema';
import type { View } from '../loop';
import { refreshTurns } from '../ui/refreshTurns';
import { divergingCss } from '../scene/colorMap';
import { selectionSentence } from '../scene/selection';
import type { StatusStore } from '../status';
import type { Actions } from '../ui/actions';
import { type Dock, createDock } from '../ui/dock';
import { el, setText } from '../ui/dom';
import { startSentence } from '../ui/firstMinute';
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
import { type ColourRanges, legendLine } from '../ui/legend';
import { drawSparkline } from '../ui/sparkline';
import type { RunFollower } from '../ui/watchedRun';
import { type Controls, createControls } from './controls';
import { createGuide } from './guide';
import { type CameraPresets, type ViewButtons, createViewButtons } from './viewButtons';

/** Seconds between HUD refreshes. */
const REFRESH_S = 0.25;
const CHART = { width: 280, height: 44 };

export class Hud implements View {
  readonly dock: Dock;
  private clock = REFRESH_S;
  private readonly state = el('div', { id: 'hud-state', class: 'hud-state' });
  private readonly watching = el('p', { id: 'hud-watching', class: 'hud-watching' });
  private readonly start = el('p', { id: 'hud-start', class: 'hud-start', role: 'status' });
  private readonly progress = el('progress', { id: 'hud-progress', 'aria-label': 'progress' });
  private readonly step = el('span', { id: 'hud-step' }, '0');
  private readonly sps = el('span', { id: 'hud-sps' }, '–');
  private readonly loss = el('span', { id: 'hud-loss' }, '–');
  private readonly acc = el('span', { id: 'hud-acc' }, '–');
  private readonly lossChart = el('canvas', {
    class: 'hud-chart',
    role: 'img',
    'aria-label': 'loss on the recent training batches',
  });
  private readonly accChart = el('canvas', {
    class: 'hud-chart',
    role: 'img',
    'aria-label': 'test accuracy at each evaluation',
  });
  private readonly frames = el('div', { id: 'hud-frames', class: 'hud-line' });
  private readonly backend = el('div', { id: 'hud-backend', class: 'hud-line' });
  /** The governor's objective and what it costs ("training 9.8 steps/s; 31 fps (the room alone: 34 fps)"). */
  private readonly governor = el('div', { id: 'hud-governor', class: 'hud-line' });
  private readonly renderer = el('div', { id: 'hud-renderer', class: 'hud-line' });
  private readonly software = el('p', { id: 'hud-software', class: 'hud-warning' });
  private readonly warnings = el('ul', { id: 'hud-warnings', class: 'hud-warnings' });
  private readonly legend = el('div', { id: 'hud-legend', class: 'hud-line' });
  private readonly selection = el('p', {
    id: 'hud-selection',
    class: 'hud-selection',
    'aria-live': 'polite',
  });
  private readonly controls: Controls;
  private readonly views: ViewButtons;
  private readonly opened = performance.now();
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
    presets: CameraPresets,
  ) {
    this.dock = createDock({ id: 'hud', side: 'left', title: 'Weightroom', headingLevel: 'h1' });
    this.controls = createControls(actions, config);
    const legendBar = el('div', { class: 'hud-legend-bar', role: 'img' });
    legendBar.setAttribute('aria-label', 'colour scale: blue negative, dark zero, amber positive');
    const stops: string[] = [];
    for (let i = 0; i <= 8; i++) stops.push(divergingCss(i / 4 - 1));
    legendBar.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
    for (const c of [this.lossChart, this.accChart]) {
      c.width = CHART.width;
      c.height = CHART.height;
    }
    this.progress.max = 1;
    this.progress.hidden = true;
    this.software.hidden = true;

    const d = this.dock;
    d.addSection('hud-training', 'Training').append(
      this.watching,
      this.state,
      this.start,
      this.progress,
      // First thing a visitor on a software renderer should read: why the frames stutter.
      this.software,
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
    );
    const guideSection = d.addSection('hud-guide', 'Guide');
    const guide = createGuide(guideSection);
    guideSection.append(guide.element);
    this.views = createViewButtons(presets);
    d.addSection('hud-view', 'View').append(this.views.element);
    d.addSection('hud-kernel', 'Shared kernel').append(this.selection, legendBar, this.legend);
    d.addSection('hud-controls-section', 'Controls').append(this.controls.element);
    d.addSection('hud-performance', 'Frames and backends').append(
      this.frames,
      this.governor,
      this.backend,
      this.renderer,
      this.warnings,
    );
    d.body.append(
      el(
        'p',
        { class: 'hud-hint' },
        'Drag to orbit, scroll to zoom. Hover a kernel, or Tab to the room and use the arrow keys, to see every position that reuses it. Space: pause/resume. ',
        guide.showButton,
      ),
    );
  }

  /** The panel's element (docked at the left). */
  get root(): HTMLElement {
    return this.dock.root;
  }

  /** Adds a section to the panel (another feature's), before `before` or at the end. */
  addSection(id: string, title: string, before?: HTMLElement): HTMLElement {
    return this.dock.addSection(id, title, before);
  }

  /** Per frame; refreshes the DOM only every REFRESH_S (and only the text that changed). */
  update(dt: number): void {
    this.clock += dt;
    // Due, and no other periodic refresh ran this frame (else the next frame: refreshTurns.ts).
    if (this.clock < REFRESH_S || !refreshTurns.take(this.clock - REFRESH_S)) return;
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
    const start = startSentence(run.status, (performance.now() - this.opened) / 1000);
    this.start.hidden = start === null;
    setText(this.start, start ?? '');
    this.progress.hidden = t.progress === null;
    if (t.progress !== null) this.progress.value = t.progress;
    setText(this.step, String(t.step));
    setText(this.sps, num(t.stepsPerSecond, 1));
    setText(this.loss, num(t.lossSmoothed ?? t.loss, 3));
    setText(this.acc, pct(t.testAccuracy));
    this.controls.refresh(s);
    this.views.refresh();
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
      drawChart(this.lossChart, h.loss, '#ffa828', null);
    }
    if (h.testAccuracy.version !== this.lastAccVersion || h.testAccuracy !== this.lastAcc) {
      this.lastAccVersion = h.testAccuracy.version;
      this.lastAcc = h.testAccuracy;
      drawChart(this.accChart, h.testAccuracy, '#3dffb5', [0, 1]);
    }
  }

  dispose(): void {
    this.dock.root.remove();
  }
}

function drawChart(
  c: HTMLCanvasElement,
  series: Series,
  color: string,
  range: readonly [number, number] | null,
): void {
  const ctx = c.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
  ctx.clearRect(0, 0, c.width, c.height);
  drawSparkline(ctx, 0, 0, CHART.width, CHART.height, series, { color, range, lineWidth: 1.5 });
}
