/**
 * The trainer the worker runs: it takes the render thread's messages, starts the run (digits,
 * backend, saved runs, network, warm-up), then hands over to the training loop (trainingLoop.ts),
 * which runs on its own schedule (no `model.fit`: its pacing rides on window rAF, which a headset
 * stops), reads back only with `await data()` and yields after every step so that pause and pace
 * messages land at once.
 *
 * Everything outside tfjs that it touches (posting, data, backend, storage, clock) comes through
 * `TrainerHost`, so the same trainer runs in the worker and in Node tests. Made beside it: what
 * messages set and the loop reads in loopControls.ts, the run (model, step, checkpoints) in
 * trainingRun.ts, one step in trainOneStep.ts and when things are due in cadence.ts, requests
 * served between steps in pendingRequests.ts, warm-up in warmUp.ts, the probe's reports in
 * probeReports.ts, evaluations in runEvaluation.ts and evaluate.ts, checkpoints in runStore.ts,
 * model files in modelTransfer.ts, the training time in trainingClock.ts.
 */
import type { BackendChoice, Config } from '../config/schema';
import type { MnistData } from '../data/mnistFormat';
import type { BackendInfo, FromWorker, ToWorker, TrainingState } from '../protocol';
import { heldoutLabels } from './inference';
import { learningRateRefusal } from './learningRate';
import { LoopControls } from './loopControls';
import { type CheckpointStoreLike, RunStore, errorText } from './runStore';
import { type RunTensors, disposeRunTensors, prepareRunData } from './runTensors';
import { TrainingLoop } from './trainingLoop';
import { TrainingRun } from './trainingRun';

export type { CheckpointStoreLike } from './runStore';
export { TRAINER_DEFAULTS } from './trainerDefaults';

export interface TrainerHost {
  post(msg: FromWorker, transfer?: Transferable[]): void;
  loadData(url: string): Promise<MnistData>;
  startBackend(choice: BackendChoice): Promise<BackendInfo>;
  /** Opens checkpoint storage. Throws when there is none: the run trains but cannot be resumed. */
  openStore(): Promise<CheckpointStoreLike>;
  now(): number;
}

export class Trainer {
  private readonly controls: LoopControls;
  /** The run's digits as tensors, freed by dispose. */
  private tensors: RunTensors | null = null;

  constructor(private readonly host: TrainerHost) {
    this.controls = new LoopControls(host);
  }

  // ---- messages -------------------------------------------------------------------------------

  /** Handles one validated message from the render thread. */
  handle(msg: ToWorker): void {
    switch (msg.type) {
      case 'init':
        if (this.controls.run) {
          this.warn('a second "init" message arrived; the trainer is already running a run');
          return;
        }
        void this.start(msg.config, msg.dataUrl);
        return;
      case 'pause':
        this.controls.wantRunning = false;
        break;
      case 'resume':
        // Resuming a diverged run is choosing to keep going.
        if (this.controls.state === 'diverged') this.controls.requests.ask('keepGoing');
        else this.controls.wantRunning = true;
        break;
      case 'rollBack':
        if (this.controls.state === 'diverged') this.controls.requests.ask('rollBack');
        else this.warn('"Roll back" applies only after the run has diverged');
        break;
      case 'keepGoing':
        if (this.controls.state === 'diverged') this.controls.requests.ask('keepGoing');
        break;
      case 'testFault':
        // Handled by the worker entry (it is about the worker, not the loop).
        break;
      case 'reset':
        this.controls.requests.ask('reset');
        break;
      case 'pace':
        this.controls.pace = msg.pace;
        break;
      case 'setLearningRate': {
        const refusal = learningRateRefusal(msg.lr);
        if (refusal) this.warn(refusal);
        else this.controls.run?.useLr(msg.lr);
        break;
      }
      case 'checkpoint':
        this.controls.requests.askCheckpoint(msg.id);
        break;
      case 'shiftProbe':
        this.controls.reports.moveProbe(msg.shift);
        this.controls.requests.ask('shift');
        break;
      case 'selectKernel':
        if (this.controls.reports.selectKernel(msg.kernel)) this.controls.requests.ask('gradient');
        else this.controls.requests.withdraw('gradient');
        break;
      case 'exportModel':
        this.controls.requests.ask('exportModel');
        break;
      case 'importModel':
        this.controls.requests.askImport(msg.files);
        break;
      case 'infer':
        this.controls.inference.request(msg.request);
        break;
    }
    this.controls.sleeper.wake();
  }

  /** Stops the loop and frees every tensor (tests; the worker simply ends). */
  dispose(): void {
    this.controls.stopped = true;
    this.controls.sleeper.wake();
    this.controls.yielder.close();
    this.controls.run?.disposeModel();
    this.controls.reports.kernel.dispose();
    if (this.tensors) {
      disposeRunTensors(this.tensors);
      this.tensors = null;
    }
  }

  // ---- start ----------------------------------------------------------------------------------

  private async start(config: Config, dataUrl: string): Promise<void> {
    const controls = this.controls;
    const run = new TrainingRun(config, {
      post: (msg) => this.host.post(msg),
      now: () => this.host.now(),
      forgetModel: () => controls.reports.kernel.forget(),
    });
    controls.run = run;
    controls.pace = { maxStepsPerSecond: null, snapshotEvery: config.snapshotEvery };
    controls.wantRunning = config.autostart;
    try {
      controls.setState('loading', 'loading digits', 0);
      const data = await this.host.loadData(dataUrl);
      controls.setState('loading', `starting the ${config.backend} backend`, 0.4);
      const backend = await this.host.startBackend(config.backend);
      this.host.post({ type: 'backend', backend });
      const runData = prepareRunData(data, config);
      this.host.post({ type: 'heldout', labels: heldoutLabels(runData.digitSets) });
      this.tensors = runData.tensors;
      const loop = new TrainingLoop(run, runData, controls, this.host);
      controls.setState('loading', 'opening saved runs', 0.7);
      run.store = await RunStore.open(
        () => this.host.openStore(),
        (message) => this.warn(message),
      );
      controls.setState('loading', 'building the network', 0.85);
      await run.begin(config.fresh);
      await loop.warmUp();
      await loop.loop();
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.controls.stopped = true;
    console.error('trainer:', e);
    this.controls.setState('error', errorText(e), null);
  }

  private warn(message: string): void {
    this.host.post({ type: 'warning', message });
  }

  /** For tests and the heartbeat: the current state, step and evaluation chunks done. */
  get status(): { state: TrainingState; step: number; key: string; chunks: number } {
    const { state, run, evaluationChunks } = this.controls;
    return { state, step: run?.step ?? 0, key: run?.key ?? '', chunks: evaluationChunks };
  }
}
