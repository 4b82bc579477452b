/**
 * The render thread's side of the trainer: starts the worker, sends it typed commands, checks
 * every message it sends back, and keeps the status store current. Snapshots go to whoever
 * subscribed (the scene); this module never looks inside them.
 */
import type { Config } from './config/schema';
import {
  type DigitRequest,
  type Evaluation,
  type InferenceResult,
  type FromWorker,
  type KernelGradient,
  type KernelRef,
  type ShiftMeasureReport,
  type Metrics,
  type ModelFiles,
  type Pace,
  type Snapshot,
  type ToWorker,
  parseFromWorker,
} from './protocol';
import type { StatusStore } from './status';

export interface TrainerListeners {
  snapshot?: (s: Snapshot) => void;
  metrics?: (m: Metrics) => void;
  evaluation?: (e: Evaluation) => void;
  kernelGradient?: (g: KernelGradient) => void;
  shiftMeasure?: (m: ShiftMeasureReport) => void;
  runStarted?: (run: { key: string; resumedFrom: number | null }) => void;
}

/** The worker's answers about model files: exported, loaded into the run, or refused (and why). */
export type ModelEvent = Extract<
  FromWorker,
  { type: 'modelExported' } | { type: 'modelImported' } | { type: 'modelRefused' }
>;
/** What the learner's-digit side listens to (apart from TrainerListeners: stand-ins need not). */
export interface DigitListeners {
  /** The answer for a digit sent with `infer`. */
  inference: (r: InferenceResult) => void;
  /** The held-out digits' labels, once the data is loaded. */
  heldout: (labels: Uint8Array) => void;
}

export interface TrainerClient {
  pause(): void;
  resume(): void;
  /** Start over. The caller has already confirmed with the user. */
  reset(): void;
  setPace(pace: Pace): void;
  setLearningRate(lr: number): void;
  /** Ask for a checkpoint now (page hidden or closing). */
  checkpoint(): void;
  /** The kernel now selected (null: none); its gradient arrives with each snapshot. */
  selectKernel?(kernel: KernelRef | null): void;
  /** Move the probe digit by whole pixels (right, down). */
  shiftProbe?(dx: number, dy: number): void;
  /** Ask for the network as model files (answered by the modelExported listeners). */
  exportModel?(): void;
  /** Offer saved model files; answered by modelImported or modelRefused. */
  importModel?(files: ModelFiles): void;
  /** Subscribe to model events; returns the unsubscribe function. */
  onModel?(fn: (e: ModelEvent) => void): () => void;
  /** Run a digit through the network between steps (optional: stand-in trainers need not). */
  infer?(request: DigitRequest): void;
  /** Subscribe to answers and held-out labels; returns the unsubscribe function. */
  onDigit?(listeners: DigitListeners): () => void;
  /**
   * Test hook: checksums of conv1's kernels in the last two snapshots received, oldest first.
   * Optional so stand-in trainers in tests need not provide it.
   */
  conv1Checksums?(): number[];
  /** Subscribe; returns the unsubscribe function. */
  on<K extends keyof TrainerListeners>(kind: K, fn: NonNullable<TrainerListeners[K]>): () => void;
  dispose(): void;
}

export function startTrainer(config: Config, dataUrl: string, status: StatusStore): TrainerClient {
  const worker = new Worker(new URL('./train/worker.ts', import.meta.url), {
    type: 'module',
    name: 'weightroom-trainer',
  });
  const listeners: { [K in keyof TrainerListeners]-?: Set<NonNullable<TrainerListeners[K]>> } = {
    snapshot: new Set(),
    metrics: new Set(),
    evaluation: new Set(),
    kernelGradient: new Set(),
    shiftMeasure: new Set(),
    runStarted: new Set(),
  };
  const modelListeners = new Set<(e: ModelEvent) => void>();
  const digitListeners = new Set<DigitListeners>();
  const send = (msg: ToWorker) => worker.postMessage(msg);
  const conv1Checksums: number[] = [];

  // The first failure (a malformed message, a worker error) is kept: the worker's later state
  // messages ("running"...) must not paint over it, or the panel would hide what went wrong.
  let failure: string | null = null;
  const fail = (message: string) => {
    failure ??= message;
    status.training.state = 'error';
    status.training.detail = failure;
    console.error(`trainer: ${message}`);
    // Stop stepping on a channel we no longer trust; the checkpoint keeps what was learned.
    send({ type: 'pause' });
    send({ type: 'checkpoint' });
  };

  worker.addEventListener('error', (e) =>
    fail(`the trainer worker failed: ${e.message || 'script error'}`),
  );
  worker.addEventListener('messageerror', () =>
    fail('a message from the trainer could not be read'),
  );
  worker.addEventListener('message', (e: MessageEvent<unknown>) => {
    let msg: FromWorker;
    try {
      msg = parseFromWorker(e.data);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
      return;
    }
    const t = status.training;
    switch (msg.type) {
      case 'state':
        if (failure !== null) break;
        t.state = msg.state;
        t.detail = msg.detail;
        t.progress = msg.progress;
        break;
      case 'backend':
        status.backend = msg.backend;
        break;
      case 'metrics': {
        const m = msg.metrics;
        t.step = m.step;
        if (m.epoch !== undefined) t.epoch = m.epoch;
        if (m.lr !== undefined) t.lr = m.lr;
        t.loss = m.loss;
        t.lossSmoothed = m.lossSmoothed;
        t.batchAccuracy = m.batchAccuracy;
        t.stepsPerSecond = m.stepsPerSecond;
        t.memory = { numTensors: msg.memory.numTensors, numBytes: msg.memory.numBytes };
        for (const fn of listeners.metrics) fn(m);
        break;
      }
      case 'snapshot':
        status.kernels.version++;
        status.kernels.step = msg.snapshot.step;
        conv1Checksums.push(checksum(msg.snapshot.conv1Kernel));
        if (conv1Checksums.length > 2) conv1Checksums.shift();
        for (const fn of listeners.snapshot) fn(msg.snapshot);
        break;
      case 'evaluation':
        t.testAccuracy = msg.evaluation.testAccuracy;
        t.testLoss = msg.evaluation.testLoss;
        if (msg.evaluation.confusion) {
          t.confusion = { step: msg.evaluation.step, counts: [...msg.evaluation.confusion.counts] };
        }
        for (const fn of listeners.evaluation) fn(msg.evaluation);
        break;
      case 'checkpointSaved':
        t.lastCheckpointStep = msg.step;
        break;
      case 'runStarted':
        t.runKey = msg.key;
        t.resumedFrom = msg.resumedFrom;
        // A resumed run is at its saved step before its first new one.
        t.step = msg.resumedFrom ?? 0;
        for (const fn of listeners.runStarted) fn({ key: msg.key, resumedFrom: msg.resumedFrom });
        break;
      case 'warning':
        t.warnings.push(msg.message);
        console.warn(`trainer: ${msg.message}`);
        break;
      case 'kernelGradient': {
        const g = msg.gradient;
        const sel = status.selection;
        // A gradient for a kernel that is no longer selected is old news.
        if (!sel || sel.layer !== g.layer || sel.filter !== g.filter) break;
        sel.gradient = {
          positions: g.positions,
          sumRelativeError: g.sumRelativeError,
          step: g.step,
        };
        for (const fn of listeners.kernelGradient) fn(g);
        break;
      }
      case 'shiftMeasure': {
        const m = msg.measure;
        // The measure joins the probe's answer, which the first snapshot sets.
        if (status.probe) {
          status.probe.equivariance = {
            shift: [m.shift[0], m.shift[1]],
            conv1: m.conv1,
            conv2: m.conv2,
          };
        }
        for (const fn of listeners.shiftMeasure) fn(m);
        break;
      }
      case 'modelExported':
        status.model.exported++;
        status.model.exportedStep = msg.step;
        for (const fn of modelListeners) fn(msg);
        break;
      case 'modelImported':
        status.model.imported++;
        status.model.message = `loaded ${msg.name}: training continues from its weights at step ${msg.step}`;
        for (const fn of modelListeners) fn(msg);
        break;
      case 'modelRefused':
        status.model.refused++;
        status.model.message = msg.message;
        for (const fn of modelListeners) fn(msg);
        break;
      case 'inference':
        for (const l of digitListeners) l.inference(msg.result);
        break;
      case 'heldout':
        for (const l of digitListeners) l.heldout(msg.labels);
        break;
    }
  });

  send({ type: 'init', config, dataUrl });

  return {
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    reset: () => send({ type: 'reset' }),
    setPace: (pace) => send({ type: 'pace', pace }),
    setLearningRate: (lr) => send({ type: 'setLearningRate', lr }),
    checkpoint: () => send({ type: 'checkpoint' }),
    selectKernel: (kernel) => send({ type: 'selectKernel', kernel }),
    shiftProbe: (dx, dy) => send({ type: 'shiftProbe', shift: [dx, dy] }),
    exportModel: () => send({ type: 'exportModel' }),
    // The weights buffer moves to the worker (it may be megabytes): the page keeps no copy.
    importModel: (files) =>
      worker.postMessage({ type: 'importModel', files } satisfies ToWorker, [files.weights]),
    // A drawn digit's pixels are transferred: the sender makes a fresh array per request.
    infer: (request) =>
      worker.postMessage({ type: 'infer', request } satisfies ToWorker, {
        transfer: request.source === 'drawn' ? [request.pixels.buffer as ArrayBuffer] : [],
      }),
    onDigit(l) {
      digitListeners.add(l);
      return () => digitListeners.delete(l);
    },
    conv1Checksums: () => [...conv1Checksums],
    onModel(fn) {
      modelListeners.add(fn);
      return () => modelListeners.delete(fn);
    },
    on(kind, fn) {
      const set = listeners[kind] as Set<typeof fn>;
      set.add(fn);
      return () => set.delete(fn);
    },
    dispose: () => worker.terminate(),
  };
}

/** A position-weighted sum: differs when any weight moves (once per snapshot, not per frame). */
function checksum(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * ((i % 7) + 1);
  return sum;
}
