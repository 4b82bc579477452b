/**
 * One training run: its network, optimizer and variables, its step, smoothed loss and step rate,
 * its training time, the divergence watch, its evaluations, and its checkpoints (resuming, saving,
 * rolling back, starting over). The loop in trainer.ts decides when; this holds what and does it.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import type { FromWorker } from '../protocol';
import { type DivergenceVerdict, DivergenceWatch } from './divergence';
import { EvaluationHistory } from './evaluate';
import { isLearningRate } from './learningRate';
import { buildModel, createOptimizer, setLearningRate, trainableVariables } from './model';
import { restoreCheckpoint } from './modelState';
import { NonFiniteModelError, type Restored, type RunStore } from './runStore';
import { StepRate } from './stepRate';
import { TRAINER_DEFAULTS } from './trainerDefaults';
import { TrainingClock } from './trainingClock';

/** What the run needs from around it. */
export interface RunHost {
  post(msg: FromWorker): void;
  now(): number;
  /** The model is about to be disposed: drop whatever refers to it (the selected kernel's). */
  forgetModel(): void;
}

/** A step just completed, as the metrics report it. */
export interface CompletedStep {
  readonly step: number;
  readonly lossSmoothed: number;
  /** Set when this step's loss says the run has diverged. */
  readonly verdict: DivergenceVerdict | null;
}

export class TrainingRun {
  private liveLr: number;
  private net: tf.Sequential | null = null;
  private adam: tf.AdamOptimizer | null = null;
  private trainable: tf.Variable[] = [];
  private stepsDone = 0;
  private lossEma: number | null = null;
  private readonly stepRate = new StepRate(
    TRAINER_DEFAULTS.rateWindowSteps,
    TRAINER_DEFAULTS.rateWindowMs,
  );
  readonly clock: TrainingClock;
  private readonly divergence = new DivergenceWatch();
  /** After a divergence: the last good step before it, whose checkpoint must be kept. */
  private protectedGoodStep: number | null = null;
  /** Training time at the last checkpoint, for the time-based one. */
  private checkpointMs = 0;
  /** The run has trained its `epochs`: it stays finished until a reset. */
  finished = false;
  readonly evaluations = new EvaluationHistory();
  /** Where it saves; null until storage is opened. */
  store: RunStore | null = null;

  constructor(
    readonly config: Config,
    private readonly host: RunHost,
  ) {
    this.liveLr = config.lr;
    this.clock = new TrainingClock(() => host.now());
  }

  get lr(): number {
    return this.liveLr;
  }
  get step(): number {
    return this.stepsDone;
  }
  get model(): tf.Sequential | null {
    return this.net;
  }
  get optimizer(): tf.AdamOptimizer | null {
    return this.adam;
  }
  get variables(): tf.Variable[] {
    return this.trainable;
  }
  /** Training time at the last checkpoint. */
  get checkpointTrainingMs(): number {
    return this.checkpointMs;
  }
  get key(): string {
    return this.store?.key ?? '';
  }

  useLr(lr: number): void {
    this.liveLr = lr;
    if (this.adam) setLearningRate(this.adam, lr);
  }

  /** The run is training: its clock runs, and the rate window restarts (a pause is not slow training). */
  startClock(): void {
    if (this.clock.start()) this.stepRate.clear();
  }

  stopClock(): void {
    this.clock.stop();
  }

  /** Builds a fresh model and optimizer at step 0. */
  fresh(): void {
    this.disposeModel();
    this.net = buildModel(this.config.sharing, this.config.seed);
    this.adam = createOptimizer(this.liveLr);
    this.trainable = trainableVariables(this.net);
    this.stepsDone = 0;
    this.clock.set(0);
    this.lossEma = null;
    this.stepRate.clear();
    this.finished = false;
    this.evaluations.clear();
  }

  /** A fresh Adam for loaded weights (the old moments belong to the old weights). */
  freshOptimizer(): void {
    this.adam?.dispose();
    this.adam = createOptimizer(this.liveLr);
  }

  /** Resumes the newest checkpoint of this run's key, or starts fresh (see RunStore.begin). */
  async begin(fresh: boolean): Promise<void> {
    const store = need(this.store, 'run store');
    this.fresh();
    const model = need(this.net, 'model');
    const begun = await store.begin(this.config, model, fresh, (c) =>
      restoreCheckpoint(model, need(this.adam, 'optimizer'), c),
    );
    if (begun.kind === 'resumed') {
      this.continueFrom(begun);
    } else if (begun.kind === 'unusable') {
      // A failed restore may have written part of the weights: start from clean ones.
      this.fresh();
    }
    const resumedFrom = begun.kind === 'resumed' ? begun.step : null;
    this.host.post({ type: 'runStarted', key: store.key, resumedFrom, lr: this.liveLr });
  }

  /** Carries on from a restored checkpoint: its step, clock and the settings then in force. */
  private continueFrom(restored: Restored): void {
    this.stepsDone = restored.step;
    this.clock.set(restored.trainingMs);
    this.checkpointMs = restored.trainingMs;
    this.divergence.restart(restored.step);
    const lr = restored.config.lr;
    if (isLearningRate(lr)) this.useLr(lr);
  }

  /** Counts a trained step with its loss: the smoothed loss, the rate, the divergence verdict. */
  completeStep(loss: number, now: number): CompletedStep {
    this.stepsDone++;
    const a = TRAINER_DEFAULTS.lossEmaAlpha;
    const before = this.lossEma;
    const lossSmoothed = before === null ? loss : (1 - a) * before + a * loss;
    this.lossEma = lossSmoothed;
    const verdict = this.divergence.observe(this.stepsDone, loss, before, lossSmoothed);
    this.stepRate.record(now);
    return { step: this.stepsDone, lossSmoothed, verdict };
  }

  stepsPerSecond(now: number): number {
    return this.stepRate.perSecond(now);
  }

  /** The run diverged: the last good step before it is kept; returns it. */
  protectGoodStep(): number {
    this.protectedGoodStep ??= this.divergence.lastGoodStep;
    return this.protectedGoodStep;
  }

  /** "Keep going" after a divergence: the watch starts afresh from here. */
  keepGoing(): void {
    this.divergence.restart(this.stepsDone);
  }

  /**
   * Saves a new generation: true when one was written, false when not (no storage or model yet,
   * or nothing new), or a verdict when a weight became non-finite (the run has diverged).
   */
  async saveCheckpoint(): Promise<boolean | DivergenceVerdict> {
    if (!this.store || !this.net || !this.adam) return false;
    const step = this.stepsDone;
    const trainingMs = this.clock.elapsed();
    let record: string | null;
    try {
      record = await this.store.save(this.net, this.adam, {
        step,
        trainingMs,
        // The live learning rate is saved with it, so a reload continues with it.
        config: { ...this.config, lr: this.liveLr },
        goodStep: this.protectedGoodStep ?? this.divergence.lastGoodStep,
      });
    } catch (e) {
      if (!(e instanceof NonFiniteModelError)) throw e;
      return { step, reason: `a weight became non-finite (${e.message})` };
    }
    this.checkpointMs = trainingMs;
    if (record === null) return false;
    this.host.post({ type: 'checkpointSaved', key: this.store.key, step, record });
    return true;
  }

  /**
   * Restores the last good checkpoint (or fresh weights if none) and lowers the learning rate;
   * returns the new rate.
   */
  async rollBack(): Promise<number> {
    const store = need(this.store, 'run store');
    const goodStep = this.protectedGoodStep ?? this.divergence.lastGoodStep;
    const lr = Math.max(TRAINER_DEFAULTS.minLr, this.liveLr / TRAINER_DEFAULTS.rollBackLrDivisor);
    this.clock.stop();
    this.fresh();
    const model = need(this.net, 'model');
    const restored = await store.rollBack(goodStep, this.config, model, (c) =>
      restoreCheckpoint(model, need(this.adam, 'optimizer'), c),
    );
    if (restored) this.continueFrom(restored);
    else this.fresh();
    this.useLr(lr);
    this.protectedGoodStep = null;
    this.host.post({
      type: 'runStarted',
      key: store.key,
      resumedFrom: restored ? restored.step : null,
      lr,
    });
    return lr;
  }

  /** Starts over at step 0 and deletes the saved run. */
  async reset(): Promise<void> {
    // The new run's clock starts now if training continues (the old run's time is gone with it).
    this.fresh();
    this.divergence.restart(0);
    this.protectedGoodStep = null;
    this.checkpointMs = 0;
    const store = need(this.store, 'run store');
    await store.discard();
    this.host.post({ type: 'runStarted', key: store.key, resumedFrom: null, lr: this.liveLr });
  }

  disposeModel(): void {
    this.host.forgetModel();
    this.adam?.dispose();
    this.net?.dispose();
    this.adam = null;
    this.net = null;
    this.trainable = [];
  }
}

export function need<T>(v: T | null, what: string): T {
  if (v === null) throw new Error(`trainer: ${what} is not ready`);
  return v;
}
