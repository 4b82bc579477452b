/**
 * The training loop. It runs on its own schedule inside the worker (no `model.fit`: its pacing
 * rides on window rAF, which a headset stops), reads back only with `await data()`, yields to the
 * event loop after every step so pause and pace messages land at once, and sends the render thread
 * metrics every step, snapshots every `snapshotEvery` steps, evaluations and checkpoints.
 *
 * Everything outside tfjs that it touches (posting, data, backend, storage, clock) comes through
 * `TrainerHost`, so the same loop runs in the worker and in Node tests. What it does is made
 * beside it: requests it serves between steps in pendingRequests.ts, warm-up in warmUp.ts, the
 * probe's reports in probeReports.ts, evaluations in evaluate.ts, checkpoints in runStore.ts,
 * model files in modelTransfer.ts, the training time in trainingClock.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { type BackendChoice, type Config, LEARNING_RATE_RANGE } from '../config/schema';
import { augmentBatch } from '../data/augment';
import type { BatchSource } from '../data/batches';
import type { MnistData } from '../data/mnistFormat';
import { IMAGE_SIZE } from '../network';
import type {
  BackendInfo,
  FromWorker,
  ModelFiles,
  Pace,
  ToWorker,
  TrainingState,
} from '../protocol';
import { type DivergenceVerdict, DivergenceWatch } from './divergence';
import { EvaluationHistory, evaluateHeldOut, heldOutEvaluation } from './evaluate';
import { type DigitSets, InferenceQueue, heldoutLabels } from './inference';
import { isLearningRate, learningRateRefusal } from './learningRate';
import {
  buildModel,
  createOptimizer,
  setLearningRate,
  trainStep,
  trainableVariables,
} from './model';
import { sendModelFiles, takeModelWeights } from './modelTransfer';
import { restoreCheckpoint } from './modelState';
import { type LoopRequest, PendingRequests } from './pendingRequests';
import { type ProbeView, ProbeReports } from './probeReports';
import { epochAt, finishedSummary, learningRateFor, totalSteps } from './runPlan';
import {
  type CheckpointStoreLike,
  NonFiniteModelError,
  type Restored,
  RunStore,
  errorText,
} from './runStore';
import { type RunTensors, disposeRunTensors, prepareRunData } from './runTensors';
import { Sleeper } from './sleeper';
import { StepRate } from './stepRate';
import { TrainingClock } from './trainingClock';
import { compileTrainingPass, warmUp } from './warmUp';
import { makeYielder } from './yielder';
import { trainingAccuracy } from './trainingSample';

export type { CheckpointStoreLike } from './runStore';

export interface TrainerHost {
  post(msg: FromWorker, transfer?: Transferable[]): void;
  loadData(url: string): Promise<MnistData>;
  startBackend(choice: BackendChoice): Promise<BackendInfo>;
  /** Opens checkpoint storage. Throws when there is none: the run trains but cannot be resumed. */
  openStore(): Promise<CheckpointStoreLike>;
  now(): number;
}

/** Training tunables that are not part of the URL. */
export const TRAINER_DEFAULTS = {
  /** Digits per evaluation chunk: small enough that training is never held for long. */
  evalChunk: 200,
  /** Weight of the newest loss in the smoothed loss. */
  lossEmaAlpha: 0.05,
  /** stepsPerSecond is measured over at most this many recent steps... */
  rateWindowSteps: 32,
  /** ...completed within this many ms (but always the last interval). */
  rateWindowMs: 5000,
  /** Roll back divides the learning rate by this... */
  rollBackLrDivisor: 10,
  /** ...but never below this (float32 Adam makes no progress much lower). */
  minLr: LEARNING_RATE_RANGE.min,
};

export class Trainer {
  private state: TrainingState = 'idle';
  private config: Config | null = null;
  private lr = 0;
  private pace: Pace = { maxStepsPerSecond: null, snapshotEvery: 1 };
  private wantRunning = false;
  private readonly requests = new PendingRequests();
  private readonly reports = new ProbeReports((msg, transfer) => this.host.post(msg, transfer));
  private readonly divergence = new DivergenceWatch();
  /** After a divergence: the last good step before it, whose checkpoint must be kept. */
  private protectedGoodStep: number | null = null;
  /** Training time at the last checkpoint, for the time-based one. */
  private checkpointTrainingMs = 0;
  private stopped = false;
  /** Evaluation chunks done so far (heartbeats carry it: an evaluation that advances is alive). */
  private evaluationChunks = 0;
  /** The run has trained its `epochs`: it stays finished until a reset. */
  private finished = false;
  private readonly evaluations = new EvaluationHistory();

  private batches: BatchSource | null = null;
  private tensors: RunTensors | null = null;
  private model: tf.Sequential | null = null;
  private optimizer: tf.AdamOptimizer | null = null;
  private variables: tf.Variable[] = [];
  private runStore: RunStore | null = null;

  private step = 0;
  private readonly clock = new TrainingClock(() => this.host.now());
  private lossEma: number | null = null;
  private readonly stepRate = new StepRate(
    TRAINER_DEFAULTS.rateWindowSteps,
    TRAINER_DEFAULTS.rateWindowMs,
  );
  private lastStepStart = -Infinity;

  private readonly sleeper = new Sleeper();
  private readonly yielder = makeYielder();
  /** The learner's digit, answered between steps. */
  private readonly inference = new InferenceQueue();
  private digitSets: DigitSets | null = null;

  constructor(private readonly host: TrainerHost) {}

  // ---- messages -------------------------------------------------------------------------------

  /** Handles one validated message from the render thread. */
  handle(msg: ToWorker): void {
    switch (msg.type) {
      case 'init':
        if (this.config) {
          this.warn('a second "init" message arrived; the trainer is already running a run');
          return;
        }
        void this.start(msg.config, msg.dataUrl);
        return;
      case 'pause':
        this.wantRunning = false;
        break;
      case 'resume':
        // Resuming a diverged run is choosing to keep going.
        if (this.state === 'diverged') this.requests.ask('keepGoing');
        else this.wantRunning = true;
        break;
      case 'rollBack':
        if (this.state === 'diverged') this.requests.ask('rollBack');
        else this.warn('"Roll back" applies only after the run has diverged');
        break;
      case 'keepGoing':
        if (this.state === 'diverged') this.requests.ask('keepGoing');
        break;
      case 'testFault':
        // Handled by the worker entry (it is about the worker, not the loop).
        break;
      case 'reset':
        this.requests.ask('reset');
        break;
      case 'pace':
        this.pace = msg.pace;
        break;
      case 'setLearningRate': {
        const refusal = learningRateRefusal(msg.lr);
        if (refusal) this.warn(refusal);
        else this.useLr(msg.lr);
        break;
      }
      case 'checkpoint':
        this.requests.askCheckpoint(msg.id);
        break;
      case 'shiftProbe':
        this.reports.moveProbe(msg.shift);
        this.requests.ask('shift');
        break;
      case 'selectKernel':
        if (this.reports.selectKernel(msg.kernel)) this.requests.ask('gradient');
        else this.requests.withdraw('gradient');
        break;
      case 'exportModel':
        this.requests.ask('exportModel');
        break;
      case 'importModel':
        this.requests.askImport(msg.files);
        break;
      case 'infer':
        this.inference.request(msg.request);
        break;
    }
    this.sleeper.wake();
  }

  /** Stops the loop and frees every tensor (tests; the worker simply ends). */
  dispose(): void {
    this.stopped = true;
    this.sleeper.wake();
    this.yielder.close();
    this.disposeModel();
    this.reports.kernel.dispose();
    if (this.tensors) {
      disposeRunTensors(this.tensors);
      this.tensors = null;
    }
  }

  // ---- start ----------------------------------------------------------------------------------

  private async start(config: Config, dataUrl: string): Promise<void> {
    this.config = config;
    this.lr = config.lr;
    this.pace = { maxStepsPerSecond: null, snapshotEvery: config.snapshotEvery };
    this.wantRunning = config.autostart;
    try {
      this.setState('loading', 'loading digits', 0);
      const data = await this.host.loadData(dataUrl);
      this.setState('loading', `starting the ${config.backend} backend`, 0.4);
      const backend = await this.host.startBackend(config.backend);
      this.host.post({ type: 'backend', backend });
      const run = prepareRunData(data, config);
      this.batches = run.batches;
      this.digitSets = run.digitSets;
      this.host.post({ type: 'heldout', labels: heldoutLabels(run.digitSets) });
      this.tensors = run.tensors;
      this.setState('loading', 'opening saved runs', 0.7);
      this.runStore = await RunStore.open(
        () => this.host.openStore(),
        (message) => this.warn(message),
      );
      this.setState('loading', 'building the network', 0.85);
      await this.beginRun(config.fresh);
      await warmUp(
        (detail, progress) => this.setState('warming-up', detail, progress),
        async (phase) => {
          if (phase === 'warm-up') {
            const batch = this.need(this.batches, 'batches').batchAt(this.step);
            await compileTrainingPass(this.need(this.model, 'model'), this.variables, batch);
          } else if (phase === 'probe') {
            await this.sendSnapshot();
          } else {
            // One chunk compiles every evaluation program; a full pass would cost seconds on
            // software GL before the first step. The first evaluation comes at step evalEvery.
            await this.evaluate(1);
          }
        },
        this.yielder,
      );
      await this.loop();
    } catch (e) {
      this.fail(e);
    }
  }

  /** Builds a fresh model and optimizer at step 0. */
  private freshModel(): void {
    const config = this.need(this.config, 'config');
    this.disposeModel();
    this.model = buildModel(config.sharing, config.seed);
    this.optimizer = createOptimizer(this.lr);
    this.variables = trainableVariables(this.model);
    this.step = 0;
    this.clock.set(0);
    this.lossEma = null;
    this.stepRate.clear();
    this.finished = false;
    this.evaluations.clear();
  }

  /** Resumes the newest checkpoint of this run's key, or starts fresh (see RunStore.begin). */
  private async beginRun(fresh: boolean): Promise<void> {
    const runStore = this.need(this.runStore, 'run store');
    this.freshModel();
    const model = this.need(this.model, 'model');
    const begun = await runStore.begin(this.need(this.config, 'config'), model, fresh, (c) =>
      restoreCheckpoint(model, this.need(this.optimizer, 'optimizer'), c),
    );
    if (begun.kind === 'resumed') {
      this.continueFrom(begun);
    } else if (begun.kind === 'unusable') {
      // A failed restore may have written part of the weights: start from clean ones.
      this.freshModel();
    }
    const resumedFrom = begun.kind === 'resumed' ? begun.step : null;
    this.host.post({ type: 'runStarted', key: runStore.key, resumedFrom, lr: this.lr });
  }

  /** Carries on from a restored checkpoint: its step, clock and the settings then in force. */
  private continueFrom(restored: Restored): void {
    this.step = restored.step;
    this.clock.set(restored.trainingMs);
    this.checkpointTrainingMs = restored.trainingMs;
    this.divergence.restart(restored.step);
    const lr = restored.config.lr;
    if (isLearningRate(lr)) this.useLr(lr);
  }

  private useLr(lr: number): void {
    this.lr = lr;
    if (this.optimizer) setLearningRate(this.optimizer, lr);
  }

  // ---- the loop -------------------------------------------------------------------------------

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const urgent = this.requests.takeUrgent();
      if (urgent) {
        await this.serve(urgent);
        continue;
      }
      if (this.inference.waiting && this.model && this.digitSets) {
        // One forward pass for the learner's digit, then the step (or the pause) goes on.
        await this.inference.answer(this.model, this.digitSets, this.step, (m, t) =>
          this.host.post(m, t),
        );
      }
      const modelFile = this.requests.takeModelFile();
      if (modelFile) {
        await this.serve(modelFile);
        continue;
      }
      if (!this.finished && this.planEnd() > 0 && this.step >= this.planEnd()) {
        await this.finish();
        continue;
      }
      if (this.finished || this.state === 'diverged') {
        await this.sleeper.sleep(Infinity);
        continue;
      }
      if (!this.wantRunning) {
        if (this.state !== 'paused') this.setState('paused', 'paused', null);
        await this.sleeper.sleep(Infinity);
        continue;
      }
      if (this.state !== 'running') this.setState('running', 'training', null);
      const max = this.pace.maxStepsPerSecond;
      const wait = max === null ? 0 : this.lastStepStart + 1000 / max - this.host.now();
      if (wait > 0) {
        // Cut short by any message, so a new pace or a pause applies at once.
        await this.sleeper.sleep(wait);
        continue;
      }
      await this.trainOneStep();
      await this.yielder.next();
    }
  }

  /** Serves one request from the page between steps. */
  private async serve(request: LoopRequest): Promise<void> {
    switch (request.kind) {
      case 'reset':
        return this.reset();
      case 'checkpoint': {
        const saved = await this.saveCheckpoint();
        const step = this.runStore?.savedAt ?? -1;
        for (const id of request.ids) this.host.post({ type: 'checkpointDone', id, step, saved });
        return;
      }
      case 'rollBack':
        return this.rollBack();
      case 'keepGoing':
        this.divergence.restart(this.step);
        this.wantRunning = true;
        this.setState('running', 'training', null);
        return;
      case 'shift': {
        // The room shows the moved digit at once, even while paused.
        const view = this.probeView();
        if (view) await this.reports.sendSnapshot(view, true);
        return;
      }
      case 'gradient': {
        const view = this.probeView();
        if (view) await this.reports.sendKernelGradient(view);
        return;
      }
      case 'exportModel':
        return sendModelFiles(this.need(this.model, 'model'), this.step, (m, t) =>
          this.host.post(m, t),
        );
      case 'importModel':
        return this.takeModel(request.files);
    }
  }

  private async trainOneStep(): Promise<void> {
    const config = this.need(this.config, 'config');
    const model = this.need(this.model, 'model');
    this.lastStepStart = this.host.now();
    const { trainDigits } = this.need(this.tensors, 'tensors');
    const lr = learningRateFor(config, this.lr, this.step, trainDigits);
    setLearningRate(this.need(this.optimizer, 'optimizer'), lr);
    // Fresh arrays per step: backends keep a reference to the array a tensor is made from.
    const plain = this.need(this.batches, 'batches').batchAt(this.step);
    const b = config.augment ? augmentBatch(plain, config.seed, this.step) : plain;
    const xs = tf.tensor4d(b.pixels, [b.size, IMAGE_SIZE, IMAGE_SIZE, 1]);
    const ys = tf.tensor1d(b.labels, 'int32');
    let stats: tf.Tensor1D;
    try {
      this.reports.kernel.beforeStep(model);
      stats = trainStep(model, this.need(this.optimizer, 'optimizer'), this.variables, xs, ys);
      this.reports.kernel.afterStep(model);
    } finally {
      tf.dispose([xs, ys]);
    }
    let values: Float32Array;
    try {
      values = (await stats.data()) as Float32Array;
    } finally {
      stats.dispose();
    }
    const loss = values[0]!;
    const batchAccuracy = values[1]!;
    this.step++;
    const a = TRAINER_DEFAULTS.lossEmaAlpha;
    const before = this.lossEma;
    this.lossEma = before === null ? loss : (1 - a) * before + a * loss;
    const verdict = this.divergence.observe(this.step, loss, before, this.lossEma);
    const now = this.host.now();
    this.stepRate.record(now);
    const memory = tf.memory();
    this.host.post({
      type: 'metrics',
      metrics: {
        step: this.step,
        loss,
        lossSmoothed: this.lossEma,
        batchAccuracy,
        stepsPerSecond: this.stepRate.perSecond(now),
        trainingMs: this.clock.elapsed(),
        epoch: epochAt(this.step, trainDigits, config.batch),
        lr,
      },
      memory: { numTensors: memory.numTensors, numBytes: memory.numBytes },
    });
    if (verdict) {
      // Nothing of this step is saved: the last good checkpoint stays the newest one kept.
      this.diverge(verdict);
      await this.sendSnapshot();
      return;
    }
    if (this.step % this.pace.snapshotEvery === 0) await this.sendSnapshot();
    const dueByTime =
      this.clock.elapsed() - this.checkpointTrainingMs >= config.checkpointSecs * 1000;
    if (this.step % config.checkpointEvery === 0 || dueByTime) await this.saveCheckpoint();
    if (this.state === 'diverged') return;
    if (this.step % config.evalEvery === 0) await this.evaluate();
  }

  // ---- divergence -----------------------------------------------------------------------------

  /** Stops training in state `diverged`; the render thread offers "Roll back" and "Keep going". */
  private diverge(verdict: DivergenceVerdict): void {
    this.protectedGoodStep ??= this.divergence.lastGoodStep;
    this.wantRunning = false;
    this.setState(
      'diverged',
      `training diverged: ${verdict.reason}. The saved run from step ${this.protectedGoodStep} ` +
        'or before is kept.',
      null,
    );
  }

  /** Restores the last good checkpoint (or fresh weights if none), lowers the rate, trains on. */
  private async rollBack(): Promise<void> {
    const runStore = this.need(this.runStore, 'run store');
    const config = this.need(this.config, 'config');
    const goodStep = this.protectedGoodStep ?? this.divergence.lastGoodStep;
    const lr = Math.max(TRAINER_DEFAULTS.minLr, this.lr / TRAINER_DEFAULTS.rollBackLrDivisor);
    this.clock.stop();
    this.freshModel();
    const model = this.need(this.model, 'model');
    const restored = await runStore.rollBack(goodStep, config, model, (c) =>
      restoreCheckpoint(model, this.need(this.optimizer, 'optimizer'), c),
    );
    if (restored) this.continueFrom(restored);
    else this.freshModel();
    this.useLr(lr);
    this.protectedGoodStep = null;
    this.host.post({
      type: 'runStarted',
      key: runStore.key,
      resumedFrom: restored ? restored.step : null,
      lr,
    });
    await this.sendSnapshot();
    this.wantRunning = true;
    this.setState('running', `rolled back; learning rate now ${lr}`, null);
  }

  // ---- snapshot, evaluation, checkpoint -------------------------------------------------------

  /** The run as the probe's reports read it, or null before the model and digits exist. */
  private probeView(): ProbeView | null {
    const { model, tensors, config } = this;
    if (!model || !tensors || !config) return null;
    const { probe, probeLabel } = tensors;
    return { model, probe, probeLabel, sharing: config.sharing, step: this.step };
  }

  private async sendSnapshot(): Promise<void> {
    await this.reports.sendSnapshot(this.need(this.probeView(), 'model'));
  }

  /**
   * Evaluates on the held-out digits and posts the result. With `onlyChunks`, runs that many
   * chunks to compile the programs and reports nothing.
   */
  private async evaluate(onlyChunks?: number): Promise<void> {
    const model = this.need(this.model, 'model');
    const step = this.step;
    const options = {
      chunk: TRAINER_DEFAULTS.evalChunk,
      maxChunks: onlyChunks,
      yielder: this.yielder,
      stillValid: () => !this.requests.has('reset') && !this.stopped && this.model === model,
      onChunk: () => this.evaluationChunks++,
    };
    const result = await evaluateHeldOut(model, this.need(this.tensors, 'tensors'), options);
    if (result === null || onlyChunks !== undefined) return;
    // A comparison twin: the same chunks over its fixed training digits (the generalisation gap).
    const sample = this.need(this.tensors, 'tensors').trainSample;
    const trainAccuracy = sample ? await trainingAccuracy(model, sample, options) : undefined;
    if (trainAccuracy === null) return;
    const labels = this.need(this.tensors, 'tensors').testLabels;
    const heldOut = heldOutEvaluation(result, labels, step, this.clock.elapsed());
    const evaluation = trainAccuracy === undefined ? heldOut : { ...heldOut, trainAccuracy };
    this.evaluations.record(evaluation);
    this.host.post({ type: 'evaluation', evaluation });
    // The best held-out checkpoint is kept beside the latest (runStore's best slot).
    if (this.runStore && this.optimizer && this.model === model) {
      await this.runStore.saveBest(
        model,
        this.optimizer,
        { step, trainingMs: evaluation.trainingMs, config: this.need(this.config, 'config') },
        evaluation.testAccuracy,
      );
    }
  }

  /** The step the run ends at (0: no end). */
  private planEnd(): number {
    const config = this.need(this.config, 'config');
    return totalSteps(config, this.need(this.tensors, 'tensors').trainDigits);
  }

  /** The run has trained its epochs: a last evaluation and checkpoint, then state `finished`. */
  private async finish(): Promise<void> {
    const config = this.need(this.config, 'config');
    if (this.evaluations.last?.step !== this.step) await this.evaluate();
    await this.saveCheckpoint();
    if (this.requests.has('reset') || this.stopped) return;
    this.finished = true;
    const { last, best } = this.evaluations;
    this.setState(
      'finished',
      finishedSummary({
        epochs: config.epochs,
        steps: this.step,
        trainingMs: this.clock.elapsed(),
        finalAccuracy: last?.testAccuracy ?? null,
        best: best ? { step: best.step, testAccuracy: best.testAccuracy } : null,
      }),
      null,
    );
  }

  /**
   * "Load model": a saved network of this architecture replaces the weights, and training goes
   * on from them with a fresh Adam (the old moments belong to the old weights).
   */
  private async takeModel(files: ModelFiles): Promise<void> {
    const model = this.need(this.model, 'model');
    if (!(await takeModelWeights(model, files, (m, t) => this.host.post(m, t)))) return;
    this.optimizer?.dispose();
    this.optimizer = createOptimizer(this.lr);
    this.evaluations.clear();
    this.host.post({ type: 'modelImported', step: this.step, name: 'the saved model' });
    await this.sendSnapshot();
    await this.evaluate();
  }

  /** Saves a new generation unless the run has diverged; returns whether one was written. */
  private async saveCheckpoint(): Promise<boolean> {
    if (!this.runStore || !this.model || !this.optimizer || this.state === 'diverged') {
      return false;
    }
    const step = this.step;
    const trainingMs = this.clock.elapsed();
    let record: string | null;
    try {
      record = await this.runStore.save(this.model, this.optimizer, {
        step,
        trainingMs,
        // The live learning rate is saved with it, so a reload continues with it.
        config: { ...this.need(this.config, 'config'), lr: this.lr },
        goodStep: this.protectedGoodStep ?? this.divergence.lastGoodStep,
      });
    } catch (e) {
      if (!(e instanceof NonFiniteModelError)) throw e;
      this.diverge({ step, reason: `a weight became non-finite (${e.message})` });
      return false;
    }
    this.checkpointTrainingMs = trainingMs;
    if (record === null) return false;
    this.host.post({ type: 'checkpointSaved', key: this.runStore.key, step, record });
    return true;
  }

  private async reset(): Promise<void> {
    // The new run's clock starts now if training continues (the old run's time is gone with it).
    this.freshModel();
    this.divergence.restart(0);
    this.protectedGoodStep = null;
    this.checkpointTrainingMs = 0;
    if (this.state === 'diverged') this.setState('paused', 'paused', null);
    const runStore = this.need(this.runStore, 'run store');
    await runStore.discard();
    this.host.post({ type: 'runStarted', key: runStore.key, resumedFrom: null, lr: this.lr });
    // The scene shows the new run's step-0 weights at once.
    await this.sendSnapshot();
  }

  // ---- state ----------------------------------------------------------------------------------

  private setState(state: TrainingState, detail: string, progress: number | null): void {
    if (state === 'running') {
      // The rate window restarts: a pause is not slow training.
      if (this.clock.start()) this.stepRate.clear();
    } else {
      this.clock.stop();
    }
    this.state = state;
    this.host.post({ type: 'state', state, detail, progress });
  }

  private fail(e: unknown): void {
    this.stopped = true;
    console.error('trainer:', e);
    this.setState('error', errorText(e), null);
  }

  private warn(message: string): void {
    this.host.post({ type: 'warning', message });
  }

  private disposeModel(): void {
    this.reports.kernel.forget();
    this.optimizer?.dispose();
    this.model?.dispose();
    this.optimizer = null;
    this.model = null;
    this.variables = [];
  }

  private need<T>(v: T | null, what: string): T {
    if (v === null) throw new Error(`trainer: ${what} is not ready`);
    return v;
  }

  /** For tests: the current state and step. */
  get status(): { state: TrainingState; step: number; key: string; chunks: number } {
    return {
      state: this.state,
      step: this.step,
      key: this.runStore?.key ?? '',
      chunks: this.evaluationChunks,
    };
  }
}
