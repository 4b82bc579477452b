/**
 * The training loop, between steps: it serves the page's requests (pendingRequests.ts) and the
 * learner's digit, ends the run after its last epoch, sleeps while paused, diverged or finished,
 * keeps the pace, and trains one step at a time (trainOneStep.ts), yielding after each so that
 * messages land at once. It also warms up before the first step.
 */
import type { FromWorker, ModelFiles } from '../protocol';
import { endReached, waitBeforeStep } from './cadence';
import type { DivergenceVerdict } from './divergence';
import type { LoopControls } from './loopControls';
import { sendModelFiles, takeModelWeights } from './modelTransfer';
import type { LoopRequest } from './pendingRequests';
import type { ProbeView } from './probeReports';
import { evaluateRun, finishedDetail } from './runEvaluation';
import { totalSteps } from './runPlan';
import type { RunData } from './runTensors';
import { type StepContext, trainOneStep } from './trainOneStep';
import { type TrainingRun, need } from './trainingRun';
import { compileTrainingPass, warmUp } from './warmUp';

export interface LoopHost {
  post(msg: FromWorker, transfer?: Transferable[]): void;
  now(): number;
}

export class TrainingLoop {
  private readonly step: StepContext;
  private lastStepStart = -Infinity;

  constructor(
    private readonly run: TrainingRun,
    private readonly data: RunData,
    private readonly controls: LoopControls,
    private readonly host: LoopHost,
  ) {
    this.step = this.stepContext();
  }

  /** Compiles what the run will execute before the clock starts (warmUp.ts). */
  async warmUp(): Promise<void> {
    const run = this.run;
    await warmUp(
      (detail, progress) => this.controls.setState('warming-up', detail, progress),
      async (phase) => {
        if (phase === 'warm-up') {
          const batch = this.data.batches.batchAt(run.step);
          await compileTrainingPass(need(run.model, 'model'), run.variables, batch);
        } else if (phase === 'probe') {
          await this.sendSnapshot();
        } else {
          // One chunk compiles every evaluation program; a full pass would cost seconds on
          // software GL before the first step. The first evaluation comes at step evalEvery.
          await this.evaluate(1);
        }
      },
      this.controls.yielder,
    );
  }

  /** What a step reads and calls besides the run (trainOneStep.ts). */
  private stepContext(): StepContext {
    return {
      batches: this.data.batches,
      tensors: this.data.tensors,
      kernel: this.controls.reports.kernel,
      snapshotEvery: () => this.controls.pace.snapshotEvery,
      post: (msg) => this.host.post(msg),
      now: () => this.host.now(),
      diverge: (verdict) => this.diverge(verdict),
      diverged: () => this.controls.state === 'diverged',
      sendSnapshot: () => this.sendSnapshot(),
      saveCheckpoint: () => this.saveCheckpoint(),
      evaluate: () => this.evaluate(),
    };
  }

  // ---- the loop -------------------------------------------------------------------------------

  /** Runs until stopped. */
  async loop(): Promise<void> {
    const run = this.run;
    while (!this.controls.stopped) {
      const urgent = this.controls.requests.takeUrgent();
      if (urgent) {
        await this.serve(urgent);
        continue;
      }
      if (this.controls.inference.waiting && run.model) {
        // One forward pass for the learner's digit, then the step (or the pause) goes on.
        await this.controls.inference.answer(run.model, this.data.digitSets, run.step, (m, t) =>
          this.host.post(m, t),
        );
      }
      const modelFile = this.controls.requests.takeModelFile();
      if (modelFile) {
        await this.serve(modelFile);
        continue;
      }
      if (endReached(run.step, this.planEnd(), run.finished)) {
        await this.finish();
        continue;
      }
      if (run.finished || this.controls.state === 'diverged') {
        await this.controls.sleeper.sleep(Infinity);
        continue;
      }
      if (!this.controls.wantRunning) {
        if (this.controls.state !== 'paused') this.controls.setState('paused', 'paused', null);
        await this.controls.sleeper.sleep(Infinity);
        continue;
      }
      if (this.controls.state !== 'running') this.controls.setState('running', 'training', null);
      const wait = waitBeforeStep(
        this.lastStepStart,
        this.controls.pace.maxStepsPerSecond,
        this.host.now(),
      );
      if (wait > 0) {
        // Cut short by any message, so a new pace or a pause applies at once.
        await this.controls.sleeper.sleep(wait);
        continue;
      }
      this.lastStepStart = this.host.now();
      await trainOneStep(run, this.step);
      await this.controls.yielder.next();
    }
  }

  /** Serves one request from the page between steps. */
  private async serve(request: LoopRequest): Promise<void> {
    const run = this.run;
    switch (request.kind) {
      case 'reset':
        if (this.controls.state === 'diverged') this.controls.setState('paused', 'paused', null);
        await run.reset();
        // The scene shows the new run's step-0 weights at once.
        return this.sendSnapshot();
      case 'checkpoint': {
        const saved = await this.saveCheckpoint();
        const step = run.store?.savedAt ?? -1;
        for (const id of request.ids) this.host.post({ type: 'checkpointDone', id, step, saved });
        return;
      }
      case 'rollBack': {
        const lr = await run.rollBack();
        await this.sendSnapshot();
        this.controls.wantRunning = true;
        this.controls.setState('running', `rolled back; learning rate now ${lr}`, null);
        return;
      }
      case 'keepGoing':
        run.keepGoing();
        this.controls.wantRunning = true;
        this.controls.setState('running', 'training', null);
        return;
      case 'shift': {
        // The room shows the moved digit at once, even while paused.
        const view = this.probeView();
        if (view) await this.controls.reports.sendSnapshot(view, true);
        return;
      }
      case 'gradient': {
        const view = this.probeView();
        if (view) await this.controls.reports.sendKernelGradient(view);
        return;
      }
      case 'exportModel':
        return sendModelFiles(need(run.model, 'model'), run.step, (m, t) => this.host.post(m, t));
      case 'importModel':
        return this.takeModel(request.files);
    }
  }

  /** Stops training in state `diverged`; the render thread offers "Roll back" and "Keep going". */
  private diverge(verdict: DivergenceVerdict): void {
    const goodStep = this.run.protectGoodStep();
    this.controls.wantRunning = false;
    this.controls.setState(
      'diverged',
      `training diverged: ${verdict.reason}. The saved run from step ${goodStep} or before is kept.`,
      null,
    );
  }

  // ---- snapshot, evaluation, checkpoint -------------------------------------------------------

  /** The run as the probe's reports read it, or null when its model is gone (disposed). */
  private probeView(): ProbeView | null {
    const model = this.run.model;
    if (!model) return null;
    const { probe, probeLabel } = this.data.tensors;
    return { model, probe, probeLabel, sharing: this.run.config.sharing, step: this.run.step };
  }

  private async sendSnapshot(): Promise<void> {
    await this.controls.reports.sendSnapshot(need(this.probeView(), 'model'));
  }

  /** A held-out evaluation (runEvaluation.ts); `onlyChunks` compiles its programs only. */
  private async evaluate(onlyChunks?: number): Promise<void> {
    await evaluateRun(
      this.run,
      {
        tensors: this.data.tensors,
        yielder: this.controls.yielder,
        stillWanted: () => !this.controls.requests.has('reset') && !this.controls.stopped,
        post: (msg) => this.host.post(msg),
        onChunk: () => this.controls.evaluationChunks++,
      },
      onlyChunks,
    );
  }

  /** The step the run ends at (0: no end). */
  private planEnd(): number {
    return totalSteps(this.run.config, this.data.tensors.trainDigits);
  }

  /** The run has trained its epochs: a last evaluation and checkpoint, then state `finished`. */
  private async finish(): Promise<void> {
    const run = this.run;
    if (run.evaluations.last?.step !== run.step) await this.evaluate();
    await this.saveCheckpoint();
    if (this.controls.requests.has('reset') || this.controls.stopped) return;
    run.finished = true;
    this.controls.setState('finished', finishedDetail(run), null);
  }

  /**
   * "Load model": a saved network of this architecture replaces the weights, and training goes
   * on from them with a fresh Adam (the old moments belong to the old weights).
   */
  private async takeModel(files: ModelFiles): Promise<void> {
    const run = this.run;
    const model = need(run.model, 'model');
    if (!(await takeModelWeights(model, files, (m, t) => this.host.post(m, t)))) return;
    run.freshOptimizer();
    run.evaluations.clear();
    this.host.post({ type: 'modelImported', step: run.step, name: 'the saved model' });
    await this.sendSnapshot();
    await this.evaluate();
  }

  /** Saves a new generation unless the run has diverged; returns whether one was written. */
  private async saveCheckpoint(): Promise<boolean> {
    if (this.controls.state === 'diverged') return false;
    const outcome = await this.run.saveCheckpoint();
    if (typeof outcome === 'boolean') return outcome;
    this.diverge(outcome);
    return false;
  }
}
