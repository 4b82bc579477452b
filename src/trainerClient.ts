/**
 * The render thread's side of the trainer: what the page can ask of the run, and `startTrainer`,
 * which puts the parts together. The worker's life (restarts, watchdog, bounded saves) is in
 * trainerLink/workerHost.ts, what the run reports is received in trainerLink/runReports.ts, and
 * with `lock` only the tab holding the run's Web Lock trains it (runLock.ts).
 */
import type { Config } from './config/schema';
import type { DigitRequest, KernelRef, ModelFiles, Pace, TestFault } from './protocol';
import { lockRun, runLockName } from './runLock';
import type { StatusStore } from './status';
import {
  type DigitListeners,
  type ModelEvent,
  type TrainerListeners,
  TrainerListenerSets,
} from './trainerLink/listeners';
import { RunReports } from './trainerLink/runReports';
import { WorkerHost } from './trainerLink/workerHost';

export type { DigitListeners, ModelEvent, TrainerListeners } from './trainerLink/listeners';

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
  const t = status.training;
  const listeners = new TrainerListenerSets();
  const reports = new RunReports(status, listeners);
  const host = new WorkerHost(config, dataUrl, status, (msg, failed) =>
    reports.receive(msg, failed),
  );
  const send = host.send.bind(host);

  /** Saves, ends the worker and shows `blocked` (another tab took the run over). */
  const stopForOtherTab = async (detail: string) => {
    await host.saveNow();
    host.stop();
    t.state = 'blocked';
    t.detail = detail;
  };

  const lock = options.lock ? lockRun(runLockName(config)) : null;
  let takeOver: (() => void) | undefined;
  if (lock) {
    lock.onTakenOver(() => stopForOtherTab('taken over: this run is now training in another tab'));
    void lock.acquired.then((held) => {
      if (held) return host.spawn();
      t.state = 'blocked';
      t.detail = 'this run is open in another tab';
    });
    takeOver = () => {
      if (t.state !== 'blocked') return;
      t.detail = 'taking over: waiting for the other tab to save';
      void lock.takeOver().then(() => host.spawn({ ...config, fresh: false }));
    };
  } else {
    host.spawn();
  }

  return {
    pause: () => {
      host.wantRunning = false;
      send({ type: 'pause' });
    },
    resume: () => {
      host.wantRunning = true;
      send({ type: 'resume' });
    },
    reset: () => send({ type: 'reset' }),
    setPace: (p) => host.setPace(p),
    setLearningRate: (lr) => {
      t.lr = lr;
      t.baseLr = lr;
      send({ type: 'setLearningRate', lr });
    },
    checkpoint: () => send({ type: 'checkpoint' }),
    selectKernel: (kernel) => send({ type: 'selectKernel', kernel }),
    shiftProbe: (dx, dy) => send({ type: 'shiftProbe', shift: [dx, dy] }),
    exportModel: () => send({ type: 'exportModel' }),
    // The weights buffer moves to the worker (it may be megabytes): the page keeps no copy.
    importModel: (files) => host.transfer({ type: 'importModel', files }, [files.weights]),
    onModel(fn) {
      listeners.model.add(fn);
      return () => listeners.model.delete(fn);
    },
    // A drawn digit's pixels are transferred: the sender makes a fresh array per request.
    infer: (request) =>
      host.transfer(
        { type: 'infer', request },
        request.source === 'drawn' ? [request.pixels.buffer as ArrayBuffer] : [],
      ),
    onDigit(l) {
      listeners.digit.add(l);
      return () => listeners.digit.delete(l);
    },
    saveNow: () => host.saveNow(),
    rollBack: () => send({ type: 'rollBack' }),
    keepGoing: () => send({ type: 'keepGoing' }),
    takeOver,
    testFault: (fault) => send({ type: 'testFault', fault }),
    killWorker: () => host.kill(),
    conv1Checksums: () => reports.conv1Checksums(),
    on(kind, fn) {
      const set = listeners.run[kind] as Set<typeof fn>;
      set.add(fn);
      return () => set.delete(fn);
    },
    dispose: () => host.stop(),
  };
}
