/**
 * The trainer worker's life: starts it, checks every message it sends, and keeps it alive. A
 * watchdog (trainerWatchdog.ts) and the worker's own fault reports restart a dead, hung or failed
 * worker from its last checkpoint, a bounded number of times; then, or on a message that does not
 * parse, the run stops in `error` with the first failure kept in view.
 */
import type { Config } from '../config/schema';
import { type FromWorker, type Pace, type ToWorker, parseFromWorker } from '../protocol';
import type { StatusStore } from '../status';
import { WATCHDOG, isStarting, judgeLiveness } from '../trainerWatchdog';
import type { RunReport } from './runReports';
import { SaveWaits } from './saveWaits';

/** Heard warnings kept in status (the oldest go first). */
const MAX_WARNINGS = 20;

export class WorkerHost {
  private worker: Worker | null = null;
  private pace: Pace | null = null;
  /** Whether the user wants the run stepping: a restarted worker starts as the old one was. */
  wantRunning: boolean;
  private lastHeard = performance.now();
  private lastStepMoved = performance.now();
  /** Evaluation chunks the worker had done at its last heartbeat. */
  private evaluationChunks = 0;
  /** Steps and evaluation chunks the current worker reported (none yet: it is starting). */
  private progressSinceSpawn = 0;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  // The first failure (a malformed message, a worker error) is kept: the worker's later state
  // messages ("running"...) must not paint over it, or the panel would hide what went wrong.
  private failure: string | null = null;
  private readonly saves = new SaveWaits();

  constructor(
    private readonly config: Config,
    private readonly dataUrl: string,
    private readonly status: StatusStore,
    /** Every checked message about the run, with whether a failure is on show. */
    private readonly onReport: (msg: RunReport, failed: boolean) => void,
  ) {
    this.wantRunning = config.autostart;
  }

  send(msg: ToWorker): void {
    this.worker?.postMessage(msg);
  }

  /** Sends with buffers that move to the worker (the sender keeps no copy). */
  transfer(msg: ToWorker, buffers: Transferable[]): void {
    this.worker?.postMessage(msg, buffers);
  }

  setPace(pace: Pace): void {
    this.pace = pace;
    this.send({ type: 'pace', pace });
  }

  /** Starts a worker on `initConfig` (the run's config, or how a restart resumes it). */
  spawn(initConfig: Config = this.config): void {
    const w = new Worker(new URL('../train/worker.ts', import.meta.url), {
      type: 'module',
      name: 'weightroom-trainer',
    });
    this.worker = w;
    w.addEventListener('message', this.onMessage);
    w.addEventListener('error', (e) => {
      e.preventDefault();
      this.restart(`the trainer worker failed: ${e.message || 'script error'}`);
    });
    w.addEventListener('messageerror', () =>
      this.fail('a message from the trainer could not be read'),
    );
    this.lastHeard = this.lastStepMoved = performance.now();
    this.progressSinceSpawn = 0;
    w.postMessage({ type: 'init', config: initConfig, dataUrl: this.dataUrl } satisfies ToWorker);
    if (this.pace) w.postMessage({ type: 'pace', pace: this.pace } satisfies ToWorker);
    this.startWatchdog();
  }

  /**
   * Saves now and resolves once the worker confirms the checkpoint is written (true), or after
   * about 2 s, or when there is no worker (false).
   */
  saveNow(): Promise<boolean> {
    if (!this.worker) return Promise.resolve(false);
    return this.saves.request((msg) => this.send(msg));
  }

  /** Ends the worker without a word, as a crashed process would: only the watchdog can notice. */
  kill(): void {
    this.worker?.terminate();
  }

  /** Ends the worker and its watchdog for good. */
  stop(): void {
    this.stopWatchdog();
    this.worker?.terminate();
    this.worker = null;
  }

  private readonly onMessage = (e: MessageEvent<unknown>) => {
    const t = this.status.training;
    this.lastHeard = performance.now();
    let msg: FromWorker;
    try {
      msg = parseFromWorker(e.data);
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err));
      return;
    }
    if (t.responding === false) t.responding = true;
    switch (msg.type) {
      case 'heartbeat':
        // An evaluation chunk finished since the last beat: the run is busy, not stuck (a
        // comparison twin measures 2,000 digits at each evaluation; on WASM that is seconds).
        if (msg.chunks !== undefined && msg.chunks !== this.evaluationChunks) {
          this.evaluationChunks = msg.chunks;
          this.lastStepMoved = this.lastHeard;
          this.progressSinceSpawn++;
        }
        return;
      case 'fault':
        return this.restart(`the trainer failed (${msg.message})`);
      case 'warning':
        return this.warn(msg.message);
      case 'checkpointDone':
        return this.saves.confirm(msg.id, msg.saved || msg.step >= 0);
      case 'metrics':
        this.lastStepMoved = this.lastHeard;
        this.progressSinceSpawn++;
        break;
      case 'state':
        if (this.failure === null && msg.state !== t.state) this.lastStepMoved = this.lastHeard;
        break;
    }
    this.onReport(msg, this.failure !== null);
  };

  private warn(message: string): void {
    const warnings = this.status.training.warnings;
    if (warnings.includes(message)) return;
    warnings.push(message);
    if (warnings.length > MAX_WARNINGS) warnings.splice(0, warnings.length - MAX_WARNINGS);
    console.warn(`trainer: ${message}`);
  }

  private fail(message: string): void {
    const t = this.status.training;
    this.failure ??= message;
    t.state = 'error';
    t.detail = this.failure;
    t.responding = true;
    this.stopWatchdog();
    console.error(`trainer: ${message}`);
    // Stop stepping on a channel we no longer trust; the checkpoint keeps what was learned.
    this.send({ type: 'pause' });
    this.send({ type: 'checkpoint' });
  }

  /** Ends the worker and starts a new one from the last checkpoint, or gives up with an error. */
  private restart(why: string): void {
    const t = this.status.training;
    if (t.state === 'error' || this.worker === null) return;
    this.worker.terminate();
    this.worker = null;
    this.saves.abandonAll();
    if (t.workerRestarts >= WATCHDOG.maxRestarts) {
      this.fail(
        `${why}. Training stopped after ${t.workerRestarts} restarts; reload to try again.`,
      );
      return;
    }
    t.workerRestarts++;
    this.warn(`${why}; restarting training from the last checkpoint`);
    t.state = 'loading';
    t.detail = 'restarting from the last checkpoint';
    t.responding = true;
    // The new worker resumes the saved run as it was: never fresh, running if it was running.
    this.spawn({ ...this.config, fresh: false, autostart: this.wantRunning });
  }

  private startWatchdog(): void {
    if (this.watchdog !== null) return;
    this.watchdog = setInterval(() => {
      if (this.worker === null) return;
      const t = this.status.training;
      const verdict = judgeLiveness(
        performance.now(),
        this.lastHeard,
        this.lastStepMoved,
        t.state === 'running',
        t.stepsPerSecond,
        isStarting(t.state, this.progressSinceSpawn),
      );
      if (verdict === 'alive') return;
      if (verdict === 'notResponding') {
        if (t.responding) t.responding = false;
        return;
      }
      this.restart('training stopped responding');
    }, WATCHDOG.checkEveryMs);
  }

  private stopWatchdog(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
  }
}
