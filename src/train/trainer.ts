/**
 * The training loop. It runs on its own schedule inside the worker (no `model.fit`: its pacing
 * rides on window rAF, which a headset stops), reads back only with `await data()`, yields to the
 * event loop after every step so pause and pace messages land at once, and sends the render thread
 * metrics every step, snapshots every `snapshotEvery` steps, evaluations and checkpoints.
 *
 * Everything outside tfjs that it touches (posting, data, backend, storage, clock) comes through
 * `TrainerHost`, so the same loop runs in the worker and in Node tests. What it sends is made
 * beside it: snapshots in snapshot.ts, evaluations in evaluate.ts, checkpoints in runStore.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, Config } from '../config/schema';
import { augmentBatch } from '../data/augment';
import { BatchSource, gatherDigits } from '../data/batches';
import type { MnistData } from '../data/mnistFormat';
import { stratifiedSplit } from '../data/split';
import { IMAGE_SIZE } from '../network';
import {
  type BackendInfo,
  type Evaluation,
  type FromWorker,
  type ModelFiles,
  type Pace,
  type ToWorker,
  type TrainingState,
  snapshotTransferables,
  kernelGradientTransferables,
} from '../protocol';
import { confusionMatrix } from './confusion';
import { wrongIndices } from './mistakes';
import { evaluateHeldOut } from './evaluate';
import { type DigitSets, InferenceQueue, heldoutLabels } from './inference';
import {
  buildModel,
  createOptimizer,
  setLearningRate,
  trainStep,
  trainableVariables,
  warmUpPass,
} from './model';
import { type DivergenceVerdict, DivergenceWatch } from './divergence';
import { ModelFileError, exportModel, importModel } from './modelFile';
import { restoreCheckpoint } from './modelState';
import { epochAt, finishedSummary, learningRateFor, totalSteps } from './runPlan';
import {
  type CheckpointStoreLike,
  NonFiniteModelError,
  type Restored,
  RunStore,
  errorText,
} from './runStore';
import { SelectedKernel } from './selectedKernel';
import { measureShift, shiftedDigit } from './shiftProbe';
import { Sleeper } from './sleeper';
import { readSnapshot } from './snapshot';
import { StepRate } from './stepRate';
import { makeYielder } from './yielder';

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
  minLr: 1e-6,
};

type Phase = 'warm-up' | 'probe' | 'evaluation';

interface RunTensors {
  /** The probe digit [1, 28, 28, 1] and its label. */
  probe: tf.Tensor4D;
  probeLabel: number;
  /** The held-out digits, resident for the whole run. */
  testXs: tf.Tensor4D;
  testYs: tf.Tensor1D;
  /** The held-out labels as plain numbers, for the confusion matrix. */
  testLabels: Uint8Array;
  /** How many digits the run trains on (an epoch is all of them once). */
  trainDigits: number;
}

export class Trainer {
  private state: TrainingState = 'idle';
  private config: Config | null = null;
  private lr = 0;
  private pace: Pace = { maxStepsPerSecond: null, snapshotEvery: 1 };
  private wantRunning = false;
  private pendingCheckpoint = false;
  /** Ids of "checkpoint" requests to answer once the save is done. */
  private checkpointIds: number[] = [];
  private pendingReset = false;
  /** A kernel was just selected: explain its gradient now, even while paused. */
  private pendingGradient = false;
  private readonly selectedKernel = new SelectedKernel();
  /** The probe digit's move [dx, dy]: snapshots show the moved digit, and measure the move. */
  private probeShift: readonly [number, number] = [0, 0];
  private pendingShift = false;
  private pendingRollBack = false;
  private pendingKeepGoing = false;
  private readonly divergence = new DivergenceWatch();
  /** After a divergence: the last good step before it, whose checkpoint must be kept. */
  private protectedGoodStep: number | null = null;
  /** Training time at the last checkpoint, for the time-based one. */
  private checkpointTrainingMs = 0;
  private stopped = false;
  /** The run has trained its `epochs`: it stays finished until a reset. */
  private finished = false;
  private pendingExport = false;
  private pendingImport: ModelFiles | null = null;
  /** This session's evaluations: the last and the best, for the finished run's summary. */
  private lastEvaluation: Evaluation | null = null;
  private bestEvaluation: Evaluation | null = null;

  private batches: BatchSource | null = null;
  private tensors: RunTensors | null = null;
  private model: tf.Sequential | null = null;
  private optimizer: tf.AdamOptimizer | null = null;
  private variables: tf.Variable[] = [];
  private runStore: RunStore | null = null;

  private step = 0;
  private trainingMsBefore = 0;
  private runningSince: number | null = null;
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
        if (this.state === 'diverged') this.pendingKeepGoing = true;
        else this.wantRunning = true;
        break;
      case 'rollBack':
        if (this.state === 'diverged') this.pendingRollBack = true;
        else this.warn('"Roll back" applies only after the run has diverged');
        break;
      case 'keepGoing':
        if (this.state === 'diverged') this.pendingKeepGoing = true;
        break;
      case 'testFault':
        // Handled by the worker entry (it is about the worker, not the loop).
        break;
      case 'reset':
        this.pendingReset = true;
        break;
      case 'pace':
        this.pace = msg.pace;
        break;
      case 'setLearningRate':
        this.lr = msg.lr;
        if (this.optimizer) setLearningRate(this.optimizer, msg.lr);
        break;
      case 'checkpoint':
        this.pendingCheckpoint = true;
        if (msg.id !== undefined) this.checkpointIds.push(msg.id);
        break;
      case 'shiftProbe':
        this.probeShift = msg.shift;
        this.pendingShift = true;
        break;
      case 'selectKernel':
        this.selectedKernel.select(msg.kernel);
        this.pendingGradient = msg.kernel !== null;
        break;
      case 'exportModel':
        this.pendingExport = true;
        break;
      case 'importModel':
        this.pendingImport = msg.files;
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
    this.selectedKernel.dispose();
    if (this.tensors) {
      tf.dispose([this.tensors.probe, this.tensors.testXs, this.tensors.testYs]);
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
      this.prepareData(data, config);
      this.setState('loading', 'opening saved runs', 0.7);
      this.runStore = await RunStore.open(
        () => this.host.openStore(),
        (message) => this.warn(message),
      );
      this.setState('loading', 'building the network', 0.85);
      await this.beginRun(config.fresh);
      await this.warmUp();
      await this.loop();
    } catch (e) {
      this.fail(e);
    }
  }

  private prepareData(data: MnistData, config: Config): void {
    const split = stratifiedSplit(data.labels, config.seed);
    this.batches = new BatchSource(data, split.train, config.batch, config.seed);
    // The probe is the first held-out digit: never trained on, the same for the whole run.
    const probe = gatherDigits(data, split.test.subarray(0, 1));
    const test = gatherDigits(data, split.test);
    this.digitSets = { data, heldout: split.test, train: split.train };
    this.host.post({ type: 'heldout', labels: heldoutLabels(this.digitSets) });
    this.tensors = {
      probe: tf.tensor4d(probe.pixels, [1, IMAGE_SIZE, IMAGE_SIZE, 1]),
      probeLabel: probe.labels[0]!,
      testXs: tf.tensor4d(test.pixels, [test.size, IMAGE_SIZE, IMAGE_SIZE, 1]),
      testYs: tf.tensor1d(test.labels, 'int32'),
      testLabels: Uint8Array.from(test.labels),
      trainDigits: split.train.length,
    };
  }

  /** Builds a fresh model and optimizer at step 0. */
  private freshModel(): void {
    const config = this.need(this.config, 'config');
    this.disposeModel();
    this.model = buildModel(config.sharing, config.seed);
    this.optimizer = createOptimizer(this.lr);
    this.variables = trainableVariables(this.model);
    this.step = 0;
    this.trainingMsBefore = 0;
    this.lossEma = null;
    this.stepRate.clear();
    this.finished = false;
    this.lastEvaluation = null;
    this.bestEvaluation = null;
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
    this.trainingMsBefore = restored.trainingMs;
    this.checkpointTrainingMs = restored.trainingMs;
    this.divergence.restart(restored.step);
    const lr = restored.config.lr;
    if (Number.isFinite(lr) && lr > 0 && lr <= 1) this.useLr(lr);
  }

  private useLr(lr: number): void {
    this.lr = lr;
    if (this.optimizer) setLearningRate(this.optimizer, lr);
  }

  /**
   * Compiles what the run will execute before the clock starts: a forward and backward pass at the
   * training batch's shape (WebGL programs are specialised to shapes), the probe, an evaluation.
   */
  private async warmUp(): Promise<void> {
    const phases: Phase[] = ['warm-up', 'probe', 'evaluation'];
    const label: Record<Phase, string> = {
      'warm-up': 'compiling shaders: forward and backward pass',
      probe: 'compiling shaders: probe digit',
      evaluation: 'compiling shaders: evaluation',
    };
    for (const [i, phase] of phases.entries()) {
      this.setState('warming-up', `${label[phase]} (${i + 1}/${phases.length})`, i / phases.length);
      if (phase === 'warm-up') {
        const b = this.need(this.batches, 'batches').batchAt(this.step);
        const xs = tf.tensor4d(b.pixels, [b.size, IMAGE_SIZE, IMAGE_SIZE, 1]);
        const ys = tf.tensor1d(b.labels, 'int32');
        const loss = warmUpPass(this.need(this.model, 'model'), this.variables, xs, ys);
        tf.dispose([xs, ys]);
        try {
          await loss.data();
        } finally {
          loss.dispose();
        }
      } else if (phase === 'probe') {
        await this.sendSnapshot();
      } else {
        // One chunk compiles every evaluation program; a full pass would cost seconds on
        // software GL before the first step. The first evaluation comes at step evalEvery.
        await this.evaluate(1);
      }
      await this.yielder.next();
    }
  }

  // ---- the loop -------------------------------------------------------------------------------

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.pendingReset) {
        this.pendingReset = false;
        await this.reset();
        continue;
      }
      if (this.pendingCheckpoint) {
        this.pendingCheckpoint = false;
        const ids = this.checkpointIds.splice(0);
        const saved = await this.saveCheckpoint();
        const step = this.runStore?.savedAt ?? -1;
        for (const id of ids) this.host.post({ type: 'checkpointDone', id, step, saved });
        continue;
      }
      if (this.pendingRollBack) {
        this.pendingRollBack = false;
        await this.rollBack();
        continue;
      }
      if (this.pendingKeepGoing) {
        this.pendingKeepGoing = false;
        this.divergence.restart(this.step);
        this.wantRunning = true;
        this.setState('running', 'training', null);
        continue;
      }
      if (this.pendingShift) {
        this.pendingShift = false;
        // The room shows the moved digit at once, even while paused.
        if (this.model && this.tensors) await this.sendSnapshot(true);
        continue;
      }
      if (this.pendingGradient) {
        this.pendingGradient = false;
        await this.sendKernelGradient();
        continue;
      }
      if (this.inference.waiting && this.model && this.digitSets) {
        // One forward pass for the learner's digit, then the step (or the pause) goes on.
        await this.inference.answer(this.model, this.digitSets, this.step, (m, t) =>
          this.host.post(m, t),
        );
      }
      if (this.pendingExport) {
        this.pendingExport = false;
        await this.sendModel();
        continue;
      }
      if (this.pendingImport) {
        const files = this.pendingImport;
        this.pendingImport = null;
        await this.takeModel(files);
        continue;
      }
      if (!this.finished && this.planEnd() > 0 && this.step >= this.planEnd()) {
        await this.finish();
        continue;
      }
      if (this.finished) {
        await this.sleeper.sleep(Infinity);
        continue;
      }
      if (this.state === 'diverged') {
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
      this.selectedKernel.beforeStep(model);
      stats = trainStep(model, this.need(this.optimizer, 'optimizer'), this.variables, xs, ys);
      this.selectedKernel.afterStep(model);
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
        trainingMs: this.trainingMs(),
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
    const dueByTime = this.trainingMs() - this.checkpointTrainingMs >= config.checkpointSecs * 1000;
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
    this.leaveRunning();
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

  private trainingMs(): number {
    const running = this.runningSince === null ? 0 : this.host.now() - this.runningSince;
    return this.trainingMsBefore + running;
  }

  // ---- snapshot, evaluation, checkpoint -------------------------------------------------------

  private async sendSnapshot(measureShift = false): Promise<void> {
    const run = this.need(this.tensors, 'tensors');
    const model = this.need(this.model, 'model');
    const [dx, dy] = this.probeShift;
    const still = dx === 0 && dy === 0;
    const pixels = still ? null : ((await run.probe.data()) as Float32Array);
    const probe = pixels ? shiftedDigit(pixels, dx, dy) : run.probe;
    try {
      const snapshot = await readSnapshot(model, {
        step: this.step,
        sharing: this.need(this.config, 'config').sharing,
        probe,
        probeLabel: run.probeLabel,
      });
      this.host.post({ type: 'snapshot', snapshot }, snapshotTransferables(snapshot));
    } finally {
      if (probe !== run.probe) probe.dispose();
    }
    // Measured while the digit is moved (81 extra digits forward), and once when it moves back.
    if (!still || measureShift) await this.sendShiftMeasure();
    await this.sendKernelGradient();
  }

  /** How the maps and the answer follow the probe's move (also at no move, so status follows). */
  private async sendShiftMeasure(): Promise<void> {
    const { model, tensors: run } = this;
    if (!model || !run) return;
    const [dx, dy] = this.probeShift;
    const pixels = (await run.probe.data()) as Float32Array;
    const m = await measureShift(model, pixels, run.probeLabel, dx, dy);
    const measure = { ...m, step: this.step, probeLabel: run.probeLabel };
    this.host.post({ type: 'shiftMeasure', measure }, [
      measure.predictionUnderShift.buffer as ArrayBuffer,
    ]);
  }

  /** The selected kernel's gradient on the probe digit, as a sum over positions (if selected). */
  private async sendKernelGradient(): Promise<void> {
    const { model, tensors: run, config } = this;
    if (!model || !run || !config) return;
    const g = await this.selectedKernel.report(
      model,
      config.sharing,
      run.probe,
      run.probeLabel,
      this.step,
    );
    if (g) this.host.post({ type: 'kernelGradient', gradient: g }, kernelGradientTransferables(g));
  }

  /**
   * Evaluates on the held-out digits and posts the result. With `onlyChunks`, runs that many
   * chunks to compile the programs and reports nothing.
   */
  private async evaluate(onlyChunks?: number): Promise<void> {
    const model = this.need(this.model, 'model');
    const step = this.step;
    const result = await evaluateHeldOut(model, this.need(this.tensors, 'tensors'), {
      chunk: TRAINER_DEFAULTS.evalChunk,
      maxChunks: onlyChunks,
      yielder: this.yielder,
      stillValid: () => !this.pendingReset && !this.stopped && this.model === model,
    });
    if (result === null || onlyChunks !== undefined) return;
    const labels = this.need(this.tensors, 'tensors').testLabels;
    const evaluation: Evaluation = {
      step,
      testAccuracy: result.testAccuracy,
      testLoss: result.testLoss,
      trainingMs: this.trainingMs(),
      confusion: {
        counts: [...confusionMatrix(result.predicted, labels)],
        labels: labels.slice(),
        predicted: result.predicted,
      },
      mistakes: wrongIndices(result.predicted, labels),
    };
    this.lastEvaluation = evaluation;
    if (!this.bestEvaluation || evaluation.testAccuracy > this.bestEvaluation.testAccuracy) {
      this.bestEvaluation = evaluation;
    }
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
    if (this.lastEvaluation?.step !== this.step) await this.evaluate();
    await this.saveCheckpoint();
    if (this.pendingReset || this.stopped) return;
    this.finished = true;
    const best = this.bestEvaluation;
    this.setState(
      'finished',
      finishedSummary({
        epochs: config.epochs,
        steps: this.step,
        trainingMs: this.trainingMs(),
        finalAccuracy: this.lastEvaluation?.testAccuracy ?? null,
        best: best ? { step: best.step, testAccuracy: best.testAccuracy } : null,
      }),
      null,
    );
  }

  /** "Download model": the network as TF.js layers files, posted with their buffer transferred. */
  private async sendModel(): Promise<void> {
    const step = this.step;
    try {
      const files = await exportModel(this.need(this.model, 'model'));
      this.host.post({ type: 'modelExported', files, step }, [files.weights]);
    } catch (e) {
      this.host.post({
        type: 'modelRefused',
        message: `the model could not be saved: ${errorText(e)}`,
      });
    }
  }

  /**
   * "Load model": a saved network of this architecture replaces the weights, and training goes
   * on from them with a fresh Adam (the old moments belong to the old weights). A file that is not
   * this network is refused before anything of the run changes.
   */
  private async takeModel(files: ModelFiles): Promise<void> {
    const model = this.need(this.model, 'model');
    let loaded: tf.LayersModel;
    try {
      loaded = await importModel(files, model);
    } catch (e) {
      const why =
        e instanceof ModelFileError ? e.message : `it could not be read (${errorText(e)})`;
      this.host.post({
        type: 'modelRefused',
        message: `Not loaded: ${why}. The run goes on as it was.`,
      });
      return;
    }
    try {
      model.setWeights(loaded.getWeights());
    } finally {
      loaded.dispose();
    }
    this.optimizer?.dispose();
    this.optimizer = createOptimizer(this.lr);
    this.lastEvaluation = null;
    this.bestEvaluation = null;
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
    const trainingMs = this.trainingMs();
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
    const wasRunning = this.runningSince !== null;
    this.runningSince = null;
    this.freshModel();
    // The new run's clock starts now if training continues (the old run's time is gone with it).
    if (wasRunning) this.runningSince = this.host.now();
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
    if (state === 'running' && this.runningSince === null) {
      this.runningSince = this.host.now();
      // The rate window restarts: a pause is not slow training.
      this.stepRate.clear();
    } else if (state !== 'running') {
      this.leaveRunning();
    }
    this.state = state;
    this.host.post({ type: 'state', state, detail, progress });
  }

  private leaveRunning(): void {
    if (this.runningSince !== null) {
      this.trainingMsBefore += this.host.now() - this.runningSince;
      this.runningSince = null;
    }
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
    this.selectedKernel.forget();
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
  get status(): { state: TrainingState; step: number; key: string } {
    return { state: this.state, step: this.step, key: this.runStore?.key ?? '' };
  }
}
