/**
 * The render thread's side of the trainer: starts the worker, sends it typed commands, checks
 * every message it sends back, and keeps the status store current. Snapshots go to whoever
 * subscribed (the scene); this module never looks inside them.
 *
 * It also keeps the run alive and whole: with `lock`, only the tab holding the run's Web Lock
 * trains it (runLock.ts); a watchdog (trainerWatchdog.ts) and the worker's own fault reports
 * restart a dead, hung or failed worker from its last checkpoint, a bounded number of times; and
 * `saveNow` waits (bounded) for the worker to confirm the checkpoint before the page navigates.
 */
import type { Config } from './config/schema';
import {
  type DigitRequest,
  type Evaluation,
  type FromWorker,
  type InferenceResult,
  type KernelGradient,
  type KernelRef,
  type ShiftMeasureReport,
  type Metrics,
  type ModelFiles,
  type Pace,
  type Snapshot,
  type TestFault,
  type ToWorker,
  parseFromWorker,
} from './protocol';
import { lockRun, runLockName } from './runLock';
import type { StatusStore } from './status';
import { WATCHDOG, judgeLiveness } from './trainerWatchdog';

export interface TrainerListeners {
  snapshot?: (s: Snapshot) => void;
  metrics?: (m: Metrics) => void;
  evaluation?: (e: Evaluation) => void;
  kernelGradient?: (g: KernelGradient) => void;
  shiftMeasure?: (m: ShiftMeasureReport) => void;
  runStarted?: (run: { key: string; resumedFrom: number | null }) => void;
}

/** What the learner's-digit side listens to (apart from TrainerListeners: stand-ins need not). */
export interface DigitListeners {
  /** The answer for a digit sent with `infer`. */
  inference: (r: InferenceResult) => void;
  /** The held-out digits' labels, once the data is loaded. */
  heldout: (labels: Uint8Array) => void;
}

/** The worker's answers about model files: exported, loaded into the run, or refused (and why). */
export type ModelEvent = Extract<
  FromWorker,
  { type: 'modelExported' } | { type: 'modelImported' } | { type: 'modelRefused' }
>;

export interface TrainerClient {
  pause(): void;
  resume(): void;
  /** Start over. The caller has already confirmed with the user. */
  reset(): void;
  setPace(pace: Pace): void;
  setLearningRate(lr: number): void;
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
  /** Ask for a checkpoint now (page hidden or closing): fire and forget. */
  checkpoint(): void;
  /**
   * Saves now and resolves once the worker confirms the checkpoint is written (true), or after
   * about 2 s, or when there is no worker (false). Await it before navigating away.
   */
  saveNow?(): Promise<boolean>;
  /** After divergence: back to the last good checkpoint at a tenth of the learning rate. */
  rollBack?(): void;
  /** After divergence: carry on. */
  keepGoing?(): void;
  /** When blocked by another tab: take the run over here. */
  takeOver?(): void;
  /** Test hooks: make the worker fail, or end it without a word. */
  testFault?(fault: TestFault): void;
  killWorker?(): void;
  /**
   * Test hook: checksums of conv1's kernels in the last two snapshots received, oldest first.
   * Optional so stand-in trainers in tests need not provide it.
   */
  conv1Checksums?(): number[];
  /** Subscribe; returns the unsubscribe function. */
  on<K extends keyof TrainerListeners>(kind: K, fn: NonNullable<TrainerListeners[K]>): () => void;
  dispose(): void;
}

/** How long a save may keep a navigation waiting. */
const SAVE_WAIT_MS = 2000;
/** Heard warnings kept in status (the oldest go first). */
const MAX_WARNINGS = 20;

export interface StartOptions {
  /** Hold the run's Web Lock: a second tab on the same link is `blocked` (the app's own run). */
  readonly lock?: boolean;
}

export function startTrainer(
  config: Config,
  dataUrl: string,
  status: StatusStore,
  options: StartOptions = {},
): TrainerClient {
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
  const conv1Checksums: number[] = [];
  const t = status.training;
  let worker: Worker | null = null;
  let pace: Pace | null = null;
  let wantRunning = config.autostart;
  let lastHeard = performance.now();
  let lastStepMoved = performance.now();
  let watchdog: ReturnType<typeof setInterval> | null = null;
  let nextSaveId = 1;
  const saveWaiters = new Map<number, (saved: boolean) => void>();

  const send = (msg: ToWorker) => worker?.postMessage(msg);
  const warn = (message: string) => {
    if (t.warnings.includes(message)) return;
    t.warnings.push(message);
    if (t.warnings.length > MAX_WARNINGS) t.warnings.splice(0, t.warnings.length - MAX_WARNINGS);
    console.warn(`trainer: ${message}`);
  };
  // The first failure (a malformed message, a worker error) is kept: the worker's later state
  // messages ("running"...) must not paint over it, or the panel would hide what went wrong.
  let failure: string | null = null;
  const fail = (message: string) => {
    failure ??= message;
    t.state = 'error';
    t.detail = failure;
    t.responding = true;
    stopWatchdog();
    console.error(`trainer: ${message}`);
    // Stop stepping on a channel we no longer trust; the checkpoint keeps what was learned.
    send({ type: 'pause' });
    send({ type: 'checkpoint' });
  };

  const onMessage = (e: MessageEvent<unknown>) => {
    lastHeard = performance.now();
    let msg: FromWorker;
    try {
      msg = parseFromWorker(e.data);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
      return;
    }
    if (t.responding === false) t.responding = true;
    switch (msg.type) {
      case 'state':
        if (failure !== null) break;
        if (msg.state !== t.state) lastStepMoved = lastHeard;
        t.state = msg.state;
        t.detail = msg.detail;
        t.progress = msg.progress;
        break;
      case 'backend':
        status.backend = msg.backend;
        break;
      case 'metrics': {
        const m = msg.metrics;
        lastStepMoved = lastHeard;
        t.step = m.step;
        t.loss = m.loss;
        t.lossSmoothed = m.lossSmoothed;
        t.batchAccuracy = m.batchAccuracy;
        t.stepsPerSecond = m.stepsPerSecond;
        if (m.epoch !== undefined) t.epoch = m.epoch;
        if (m.lr !== undefined) t.lr = m.lr;
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
      case 'checkpointDone':
        saveWaiters.get(msg.id)?.(msg.saved || msg.step >= 0);
        saveWaiters.delete(msg.id);
        break;
      case 'runStarted':
        t.runKey = msg.key;
        t.resumedFrom = msg.resumedFrom;
        t.lr = msg.lr;
        // A resumed run is at its saved step before its first new one.
        t.step = msg.resumedFrom ?? 0;
        for (const fn of listeners.runStarted) fn({ key: msg.key, resumedFrom: msg.resumedFrom });
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
      case 'heartbeat':
        break;
      case 'fault':
        restart(`the trainer failed (${msg.message})`);
        break;
      case 'warning':
        warn(msg.message);
        break;
    }
  };

  const spawn = (initConfig: Config) => {
    const w = new Worker(new URL('./train/worker.ts', import.meta.url), {
      type: 'module',
      name: 'weightroom-trainer',
    });
    worker = w;
    w.addEventListener('message', onMessage);
    w.addEventListener('error', (e) => {
      e.preventDefault();
      restart(`the trainer worker failed: ${e.message || 'script error'}`);
    });
    w.addEventListener('messageerror', () => fail('a message from the trainer could not be read'));
    lastHeard = lastStepMoved = performance.now();
    w.postMessage({ type: 'init', config: initConfig, dataUrl } satisfies ToWorker);
    if (pace) w.postMessage({ type: 'pace', pace } satisfies ToWorker);
    startWatchdog();
  };

  /** Ends the worker and starts a new one from the last checkpoint, or gives up with an error. */
  const restart = (why: string) => {
    if (t.state === 'error' || worker === null) return;
    worker.terminate();
    worker = null;
    for (const done of saveWaiters.values()) done(false);
    saveWaiters.clear();
    if (t.workerRestarts >= WATCHDOG.maxRestarts) {
      fail(`${why}. Training stopped after ${t.workerRestarts} restarts; reload to try again.`);
      return;
    }
    t.workerRestarts++;
    warn(`${why}; restarting training from the last checkpoint`);
    t.state = 'loading';
    t.detail = 'restarting from the last checkpoint';
    t.responding = true;
    // The new worker resumes the saved run as it was: never fresh, running if it was running.
    spawn({ ...config, fresh: false, autostart: wantRunning });
  };

  const startWatchdog = () => {
    if (watchdog !== null) return;
    watchdog = setInterval(() => {
      if (worker === null) return;
      const verdict = judgeLiveness(
        performance.now(),
        lastHeard,
        lastStepMoved,
        t.state === 'running',
        t.stepsPerSecond,
      );
      if (verdict === 'alive') return;
      if (verdict === 'notResponding') {
        if (t.responding) t.responding = false;
        return;
      }
      restart('training stopped responding');
    }, WATCHDOG.checkEveryMs);
  };
  const stopWatchdog = () => {
    if (watchdog !== null) clearInterval(watchdog);
    watchdog = null;
  };

  /** Saves, ends the worker and shows `blocked` (another tab took the run over). */
  const stopForOtherTab = async (detail: string) => {
    await saveNow();
    stopWatchdog();
    worker?.terminate();
    worker = null;
    t.state = 'blocked';
    t.detail = detail;
  };

  const saveNow = (): Promise<boolean> => {
    if (!worker) return Promise.resolve(false);
    const id = nextSaveId++;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        saveWaiters.delete(id);
        resolve(false);
      }, SAVE_WAIT_MS);
      saveWaiters.set(id, (saved) => {
        clearTimeout(timer);
        resolve(saved);
      });
      send({ type: 'checkpoint', id });
    });
  };

  const lock = options.lock ? lockRun(runLockName(config)) : null;
  let takeOver: (() => void) | undefined;
  if (lock) {
    lock.onTakenOver(() => stopForOtherTab('taken over: this run is now training in another tab'));
    void lock.acquired.then((held) => {
      if (held) return spawn(config);
      t.state = 'blocked';
      t.detail = 'this run is open in another tab';
    });
    takeOver = () => {
      if (t.state !== 'blocked') return;
      t.detail = 'taking over: waiting for the other tab to save';
      void lock.takeOver().then(() => spawn({ ...config, fresh: false }));
    };
  } else {
    spawn(config);
  }

  return {
    pause: () => {
      wantRunning = false;
      send({ type: 'pause' });
    },
    resume: () => {
      wantRunning = true;
      send({ type: 'resume' });
    },
    reset: () => send({ type: 'reset' }),
    setPace: (p) => {
      pace = p;
      send({ type: 'pace', pace: p });
    },
    setLearningRate: (lr) => {
      t.lr = lr;
      send({ type: 'setLearningRate', lr });
    },
    checkpoint: () => send({ type: 'checkpoint' }),
    selectKernel: (kernel) => send({ type: 'selectKernel', kernel }),
    shiftProbe: (dx, dy) => send({ type: 'shiftProbe', shift: [dx, dy] }),
    exportModel: () => send({ type: 'exportModel' }),
    // The weights buffer moves to the worker (it may be megabytes): the page keeps no copy.
    importModel: (files) =>
      worker?.postMessage({ type: 'importModel', files } satisfies ToWorker, [files.weights]),
    onModel(fn) {
      modelListeners.add(fn);
      return () => modelListeners.delete(fn);
    },
    // A drawn digit's pixels are transferred: the sender makes a fresh array per request.
    infer: (request) =>
      worker?.postMessage({ type: 'infer', request } satisfies ToWorker, {
        transfer: request.source === 'drawn' ? [request.pixels.buffer as ArrayBuffer] : [],
      }),
    onDigit(l) {
      digitListeners.add(l);
      return () => digitListeners.delete(l);
    },
    saveNow,
    rollBack: () => send({ type: 'rollBack' }),
    keepGoing: () => send({ type: 'keepGoing' }),
    takeOver,
    testFault: (fault) => send({ type: 'testFault', fault }),
    killWorker: () => {
      // Ends it without a word, as a crashed process would: only the watchdog can notice.
      worker?.terminate();
    },
    conv1Checksums: () => [...conv1Checksums],
    on(kind, fn) {
      const set = listeners[kind] as Set<typeof fn>;
      set.add(fn);
      return () => set.delete(fn);
    },
    dispose: () => {
      stopWatchdog();
      worker?.terminate();
      worker = null;
    },
  };
}

/** A position-weighted sum: differs when any weight moves (once per snapshot, not per frame). */
function checksum(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * ((i % 7) + 1);
  return sum;
}
