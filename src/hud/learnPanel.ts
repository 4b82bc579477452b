/**
 * The learning panel (bottom, beside the sharing panel): where the run is in its epochs and
 * learning-rate schedule, how it ended, the held-out confusion matrix (choose a cell to step
 * through the digits behind it), and taking the network away or bringing one in: "Download
 * model", "Load model", "Download report". It refreshes a few times a second from the status
 * store, never every frame.
 */
import { MODEL_FILE_NAMES, type Confusion, type ModelFiles } from '../protocol';
import type { Config } from '../config/schema';
import type { View } from '../loop';
import { refreshTurns } from '../ui/refreshTurns';
import type { StatusStore } from '../status';
import type { ModelEvent, TrainerClient } from '../trainerClient';
import { ConfusionGrid } from './confusionGrid';
import { type RunRecord, buildReport } from './runReport';
import './learnPanel.css';

const REFRESH_S = 0.25;

export interface LearnPanelOptions {
  /** Shows one held-out digit (its position in the held-out set) as the room's probe. */
  showHeldOutDigit?: (index: number) => void;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { id?: string; className?: string; text?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.id) e.id = props.id;
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  e.append(...children);
  return e;
}

/** Saves bytes or text as a download named `name` (an object URL clicked by an anchor). */
function saveAs(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = el('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once click() returns; a delay keeps old engines happy.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads the chosen files as model files: one `.json` (model.json) and one weights file. */
async function readModelFiles(files: readonly File[]): Promise<ModelFiles | string> {
  const json = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const others = files.filter((f) => !f.name.toLowerCase().endsWith('.json'));
  if (files.length !== 2 || json.length !== 1 || others.length !== 1) {
    return (
      `choose two files together: the model's .json file and its weights file ` +
      `(${MODEL_FILE_NAMES.model} and ${MODEL_FILE_NAMES.weights}); got ${files.map((f) => f.name).join(', ') || 'none'}`
    );
  }
  return { modelJson: await json[0]!.text(), weights: await others[0]!.arrayBuffer() };
}

export class LearnPanel implements View {
  readonly root: HTMLElement;
  private clock = REFRESH_S;
  private readonly epochLine = el('p', { id: 'learn-epoch', className: 'learn-line' });
  private readonly summary = el('p', { id: 'learn-summary', className: 'learn-summary' });
  private readonly grid: ConfusionGrid;
  private readonly message = el('p', { id: 'learn-message', className: 'learn-message' });
  private readonly loadInput = el('input', { id: 'learn-load' });
  private lastConfusion: Confusion | null = null;
  private confusionStep = -1;
  private lastModelMessage: string | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly status: StatusStore,
    private readonly trainer: TrainerClient,
    private readonly record: RunRecord,
    private readonly config: Config,
    options: LearnPanelOptions = {},
  ) {
    this.grid = new ConfusionGrid(
      (cell) => this.cellChosen(cell.trueLabel, cell.predicted),
      options.showHeldOutDigit,
    );
    const download = el('button', { id: 'learn-download-model', text: 'Download model' });
    const report = el('button', { id: 'learn-download-report', text: 'Download report' });
    download.addEventListener('click', () => this.requestModel());
    report.addEventListener('click', () => this.saveReport());
    this.loadInput.type = 'file';
    this.loadInput.multiple = true;
    this.loadInput.accept = '.json,.bin,application/json,application/octet-stream';
    this.loadInput.addEventListener('change', () => void this.loadChosen());
    const loadLabel = el('label', { className: 'learn-load' }, 'Load model', this.loadInput);
    this.message.setAttribute('role', 'status');

    this.unsubscribe.push(
      trainer.on('evaluation', (e) => {
        if (e.confusion) this.lastConfusion = e.confusion;
      }),
    );
    if (trainer.onModel) this.unsubscribe.push(trainer.onModel((e) => this.modelEvent(e)));

    const details = el(
      'details',
      {},
      el('summary', { text: 'Learning: epochs, mistakes, your model' }),
    );
    details.open = true;
    details.append(
      this.epochLine,
      this.summary,
      this.grid.root,
      el('div', { className: 'learn-controls' }, download, loadLabel, report),
      this.message,
    );
    this.root = el('section', { id: 'learn-panel', className: 'wr-panel' }, details);
    this.root.setAttribute('aria-label', 'Learning');
    this.summary.hidden = true;
  }

  /** Per frame; refreshes the DOM only every REFRESH_S, and the grid only on a new evaluation. */
  update(dt: number): void {
    this.clock += dt;
    // Due, and no other periodic refresh ran this frame (else the next frame: refreshTurns.ts).
    if (this.clock < REFRESH_S || !refreshTurns.take(this.clock - REFRESH_S)) return;
    this.clock = 0;
    const t = this.status.training;
    const c = this.config;
    const epoch = t.epoch === null ? '–' : t.epoch.toFixed(2);
    const of = c.epochs > 0 ? ` of ${c.epochs}` : '';
    const lr = t.lr === null ? c.lr : t.lr;
    const schedule = c.schedule === 'constant' ? '' : ` (${c.schedule})`;
    setText(
      this.epochLine,
      `epoch ${epoch}${of} · lr ${lr.toPrecision(2)}${schedule} · augmentation ${c.augment ? 'on' : 'off'}`,
    );
    this.summary.hidden = t.state !== 'finished';
    if (t.state === 'finished') setText(this.summary, t.detail);
    if (t.confusion && t.confusion.step !== this.confusionStep) {
      this.confusionStep = t.confusion.step;
      this.grid.update(t.confusion.step, t.confusion.counts);
    }
    const said = this.status.model.message;
    if (said !== this.lastModelMessage) {
      this.lastModelMessage = said;
      if (said !== null) this.say(said);
    }
  }

  private cellChosen(trueLabel: number, predicted: number): number[] {
    const c = this.lastConfusion;
    if (!c) return [];
    const out: number[] = [];
    for (let i = 0; i < c.labels.length; i++) {
      if (c.labels[i] === trueLabel && c.predicted[i] === predicted) out.push(i);
    }
    return out;
  }

  private requestModel(): void {
    if (!this.trainer.exportModel) return;
    this.say('preparing the model files…');
    this.trainer.exportModel();
  }

  private modelEvent(e: ModelEvent): void {
    if (e.type === 'modelExported') {
      saveAs(MODEL_FILE_NAMES.model, e.files.modelJson, 'application/json');
      saveAs(MODEL_FILE_NAMES.weights, e.files.weights, 'application/octet-stream');
      this.say(
        `saved the network at step ${e.step}: ${MODEL_FILE_NAMES.model} and ` +
          `${MODEL_FILE_NAMES.weights} (${(e.files.weights.byteLength / 4).toLocaleString('en')} weights)`,
      );
    } else if (e.type === 'modelImported') {
      // The curves so far belong to the weights that were replaced.
      this.record.clear();
    }
  }

  private async loadChosen(): Promise<void> {
    const chosen = [...(this.loadInput.files ?? [])];
    this.loadInput.value = '';
    if (!this.trainer.importModel) return;
    const files = await readModelFiles(chosen);
    if (typeof files === 'string') {
      this.status.model.refused++;
      this.status.model.message = `Not loaded: ${files}.`;
      this.say(this.status.model.message);
      return;
    }
    this.say('checking the model files…');
    this.trainer.importModel(files);
  }

  private saveReport(): void {
    const report = buildReport(this.record, {
      config: this.config,
      backend: this.status.backend,
      state: this.status.training.state,
      pageUrl: location.href,
      now: new Date(),
    });
    saveAs('weightroom-report.json', JSON.stringify(report, null, 2), 'application/json');
    this.say(`saved weightroom-report.json (step ${report.steps})`);
  }

  private say(text: string): void {
    setText(this.message, text);
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
    this.grid.dispose();
    this.root.remove();
  }
}

function setText(e: HTMLElement, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}
