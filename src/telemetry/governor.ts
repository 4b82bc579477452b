/**
 * The training governor: turns what the frames show into the Pace the trainer obeys. It aims at
 * an objective (objective.ts: a smooth-enough desktop, or the headset's budget in XR) and knows the
 * room's own frames (baseline.ts), so it throttles training only as far as throttling wins frames
 * back: a room that cannot hold the budget whatever training does is not a reason to starve
 * training.
 *
 * Pure and deterministic: time is passed in, so tests drive it with a simulated clock. Feed it
 * every frame window (`FrameTelemetry.readWindow`) and the trainer's reading; it decides every
 * `evaluateEveryMs` (250 ms) on the frames since its last decision:
 *
 * - training not running (loading, warming up, paused): the frames are the room alone; they
 *   become the baseline, and the pace is kept;
 * - objective missed and the baseline missing or older than `probeEveryMs`: a probe, training slowed
 *   to `probeStepsPerSecond` for `probeMs` (longer, up to `maxProbeMs`, while too few frames came
 *   for a baseline) to measure the room alone, then the cap it had;
 * - otherwise the window is judged (objective.ts: bad when the objective is missed and training
 *   costs frames against the baseline, beyond chance) and the cap moves as capControl.ts says:
 *   down at once when bad (then a short cooldown, so the step in flight is not punished twice),
 *   up step by step while healthy, lifted when out of the trainer's reach.
 *
 * `cannotHoldBudget` is set while the baseline itself misses the budget: in XR the frame-rate
 * chooser steps the rate down. Snapshot uploads that cost frames stretch `snapshotEvery`
 * (snapshotPacing.ts). Its knobs and their defaults are in governorOptions.ts.
 */
import type { Pace } from '../protocol';
import type { GovernorStatus } from '../status';
import { BaselineMeter } from './baseline';
import { CapControl } from './capControl';
import { CostModel } from './costModel';
import { SnapshotPacing } from './snapshotPacing';
import type { FrameWindow } from './frames';
import {
  type Objective,
  type Verdict,
  figuresFps,
  intervalLimitMs,
  judgeFrames,
  objectiveVerdict,
  readyToJudge,
  roomMissesBudget,
} from './objective';
import { describeGovernor, formatRate } from './governorText';
import {
  type GovernorAction,
  type GovernorOptions,
  type ResolvedGovernorOptions,
  type TrainerReading,
  resolveGovernorOptions,
} from './governorOptions';
import { FrameSum } from './frameSum';

export { formatRate };
export type { GovernorAction, GovernorOptions, TrainerReading };

export class Governor {
  private readonly o: ResolvedGovernorOptions;
  private readonly baseline: BaselineMeter;

  private objectiveNow: Objective;
  /** The cap on training and how it moves (capControl.ts). */
  private readonly caps: CapControl;
  /** What training costs the frames, fitted over every window (costModel.ts). */
  private readonly costs = new CostModel();
  private readonly snapshots: SnapshotPacing;
  private cannotHold = false;
  private text = 'measuring frames';
  private action: GovernorAction = 'measuring';
  private verdict: Verdict | null = null;

  private nextDecisionAt: number | null = null;
  /** The frames since the last decision, and when that was. */
  private readonly epoch = new FrameSum();
  private epochStart = NaN;

  private cooldownUntil = -Infinity;
  /** While probing: when it ends, when counting starts, and the cap to go back to. */
  private probe: {
    startedAt: number;
    until: number;
    countFrom: number;
    capBefore: number | null;
  } | null = null;
  private budgetMs = 0;
  private targetHz = 0;
  private active = false;
  private achieved = 0;
  /** Frames per second while training, smoothed over decisions (0 until measured). */
  private fps = 0;

  constructor(options: GovernorOptions) {
    const o = resolveGovernorOptions(options);
    this.o = o;
    this.objectiveNow = o.objective;
    this.baseline = new BaselineMeter(o.baselineMs, o.compareMinFrames);
    this.caps = new CapControl(o);
    this.snapshots = new SnapshotPacing(
      o.snapshotEvery,
      o.maxSnapshotEvery,
      o.minUploadFrames,
      o.recoverAfterMs,
    );
  }

  /** The pace in force (send it to the trainer at start). */
  get pace(): Pace {
    return { maxStepsPerSecond: this.caps.cap, snapshotEvery: this.snapshots.snapshotEvery };
  }

  get cannotHoldBudget(): boolean {
    return this.cannotHold;
  }

  get message(): string {
    return this.text;
  }

  get objective(): Objective {
    return this.objectiveNow;
  }

  /** True when the next `update` would decide (callers may read the frame window only then). */
  isDue(nowMs: number): boolean {
    return this.nextDecisionAt === null || nowMs >= this.nextDecisionAt;
  }

  /**
   * XR started (`xr`) or ended (`desktop`): judge afresh against the new objective; the room alone
   * is measured again. Returns the pace when it changed (a probe in flight is ended).
   */
  setObjective(objective: Objective, nowMs: number): Pace | null {
    if (objective === this.objectiveNow) return null;
    this.objectiveNow = objective;
    const before = this.caps.cap;
    this.endProbe();
    this.rejudge(nowMs);
    this.text = this.describe();
    return before === this.caps.cap ? null : this.pace;
  }

  /**
   * Takes the frames since the previous call and the trainer's reading; returns the new Pace when
   * it changed (send it), else null. Cheap between decisions; call it every frame or every 250 ms.
   */
  update(nowMs: number, frames: FrameWindow, trainer: TrainerReading): Pace | null {
    if (Number.isNaN(this.epochStart)) this.epochStart = nowMs;
    if (this.nextDecisionAt === null) this.nextDecisionAt = nowMs + this.o.evaluateEveryMs;
    if (frames.budgetMs > 0 && Math.abs(frames.budgetMs - this.budgetMs) > 1e-9) {
      this.newBudget(nowMs, frames);
    }
    this.epoch.add(frames);
    this.snapshots.record(frames);
    // Training (re)starts: its first steps build kernels and fill caches once, a cost no pace
    // pays again, so their frames are not judged.
    if (trainer.active && !this.active) this.cooldownUntil = nowMs + this.o.startGraceMs;
    this.active = trainer.active;
    this.achieved = trainer.stepsPerSecond;

    if (nowMs < this.nextDecisionAt) return null;
    this.nextDecisionAt = nowMs + this.o.evaluateEveryMs;

    const before = this.caps.cap;
    const snapBefore = this.snapshots.snapshotEvery;
    if (!trainer.active) {
      // Paused, the frames are the room alone: the baseline, for free. The pace is kept.
      this.endProbe();
      if (trainer.paused === true) {
        this.recordRoomAlone(nowMs);
        this.afterBaseline();
      }
      this.resetEpoch(nowMs);
      this.caps.interrupt();
      this.action = 'idle';
    } else if (this.probe !== null) {
      this.probeStep(nowMs);
    } else if (nowMs < this.cooldownUntil) {
      this.resetEpoch(nowMs);
      this.action = 'cooldown';
    } else {
      this.decide(nowMs, trainer.stepsPerSecond);
    }
    this.text = this.describe();
    if (before === this.caps.cap && snapBefore === this.snapshots.snapshotEvery) return null;
    return this.pace;
  }

  /** Fills status.governor in place (a few times per second). */
  writeStatus(out: GovernorStatus): void {
    out.maxStepsPerSecond = this.caps.cap;
    out.snapshotEvery = this.snapshots.snapshotEvery;
    out.message = this.text;
    out.cannotHoldBudget = this.cannotHold;
    out.objective = this.objectiveNow;
    out.fps = this.fps;
    out.baseline = this.baseline.status();
    out.decision = { action: this.action, verdict: this.verdict };
  }

  private decide(nowMs: number, achieved: number): void {
    const e = this.epoch;
    const elapsed = nowMs - this.epochStart;
    if (e.frames === 0 && elapsed >= this.o.maxJudgeMs) {
      // No frame for a second: the page is hidden (rAF stops) or one frame is still running.
      this.resetEpoch(nowMs);
      return;
    }
    const b = this.baseline.figures;
    if (!readyToJudge(this.objectiveNow, e, elapsed, b, this.o)) return;
    const own = objectiveVerdict(this.objectiveNow, e);
    const verdict = judgeFrames(this.objectiveNow, e, b);
    const fps = figuresFps(e);
    this.fps = this.fps === 0 ? fps : 0.7 * this.fps + 0.3 * fps;
    this.verdict = verdict;
    this.snapshots.judge(nowMs);
    this.costs.add(nowMs, achieved, e);
    this.resetEpoch(nowMs);

    // The objective is missed and the room alone is unknown or old: measure it before judging.
    // Still bad at the floor, the room has likely changed (or another load came): sooner.
    const age = nowMs - this.baseline.measuredAtMs;
    const stale =
      this.caps.atFloor && verdict === 'bad' ? this.o.probeAtFloorMs : this.o.probeEveryMs;
    if (own !== 'healthy' && (b === null || age >= stale)) {
      this.startProbe(nowMs);
      return;
    }
    if (verdict === 'bad') {
      this.action = this.caps.bad(achieved);
      // The step in flight is not punished twice.
      if (this.action === 'slower') this.cooldownUntil = nowMs + this.o.cooldownMs;
    } else if (verdict === 'marginal') {
      this.action = this.caps.marginal();
    } else {
      this.snapshots.relax(nowMs, this.caps.streak(nowMs, elapsed));
      this.action = this.caps.healthy(nowMs, elapsed, achieved);
    }
    // In a headset the doubt goes to the frames: a straight line over-states a cost that only
    // starts past some pace, which a desktop would pay in training, the headset in comfort.
    if (this.objectiveNow === 'xr' && own !== 'healthy' && b !== null) this.holdToCost(achieved);
  }

  /**
   * XR, the budget missed: no faster than the pace at which training, by the cost fitted over every
   * window so far, costs the frames the objective's margin over the room alone.
   */
  private holdToCost(achieved: number): void {
    const ceiling = this.costs.rateFor(this.limitFor, this.o.costSigmas, this.o.compareMinFrames);
    if (ceiling === null || !Number.isFinite(ceiling)) return;
    if (this.caps.holdAtMost(ceiling, achieved) === 'slower') this.action = 'slower';
  }

  /** The objective's longest mean interval, given the room alone's (created once). */
  private readonly limitFor = (roomAloneMs: number): number =>
    intervalLimitMs(this.objectiveNow, roomAloneMs);

  /** The window since the last decision is the room alone: the baseline, and the cost line at 0. */
  private recordRoomAlone(nowMs: number): void {
    this.baseline.add(nowMs, this.epoch, nowMs - this.epochStart);
    this.costs.add(nowMs, 0, this.epoch);
  }

  private startProbe(nowMs: number): void {
    this.probe = {
      startedAt: nowMs,
      until: nowMs + this.o.probeMs,
      countFrom: nowMs + this.o.probeSettleMs,
      capBefore: this.caps.cap,
    };
    this.caps.cap = this.o.probeStepsPerSecond;
    this.baseline.discardPending();
    this.caps.interrupt();
    this.action = 'probe';
  }

  /** During a probe: count the room's frames once the step in flight has finished, then go back. */
  private probeStep(nowMs: number): void {
    const p = this.probe!;
    if (nowMs > p.countFrom) this.recordRoomAlone(nowMs);
    this.resetEpoch(nowMs);
    this.action = 'probe';
    // A slow room (the emulator's 8 fps in VR) needs longer for a baseline worth comparing with.
    const fresh = this.baseline.measuredAtMs > p.startedAt || this.baseline.enough;
    const short = !fresh && nowMs < p.startedAt + this.o.maxProbeMs;
    if (nowMs < p.until || short) return;
    // A fresh baseline (committed now, or already by `add` once it had enough time): the rate that
    // once cost frames was judged against the old one.
    if (this.baseline.commit(nowMs) || this.baseline.measuredAtMs > p.startedAt) {
      this.caps.forgetKnownBad();
    }
    this.afterBaseline();
    this.endProbe();
    this.cooldownUntil = nowMs + this.o.cooldownMs;
  }

  private endProbe(): void {
    if (this.probe === null) return;
    this.caps.cap = this.probe.capBefore;
    this.probe = null;
    this.baseline.discardPending();
  }

  private afterBaseline(): void {
    this.cannotHold = roomMissesBudget(this.baseline.figures);
  }

  private resetEpoch(nowMs: number): void {
    this.epoch.clear();
    this.epochStart = nowMs;
  }

  /** A new rate (XR session started, frame rate changed): judge afresh, keep the cap. */
  private newBudget(nowMs: number, frames: FrameWindow): void {
    const first = this.budgetMs === 0;
    this.budgetMs = frames.budgetMs;
    this.targetHz = frames.targetHz;
    if (!first) this.rejudge(nowMs);
  }

  private rejudge(nowMs: number): void {
    this.baseline.reset();
    this.costs.reset();
    this.cannotHold = false;
    this.caps.forgetKnownBad();
    this.caps.interrupt();
    this.verdict = null;
    this.fps = 0;
    this.resetEpoch(nowMs);
    this.snapshots.forget();
  }

  private describe(): string {
    return describeGovernor({
      objective: this.objectiveNow,
      measured: this.budgetMs > 0,
      targetHz: this.targetHz,
      active: this.active,
      probing: this.probe !== null,
      stepsPerSecond: this.achieved,
      cap: this.probe ? this.probe.capBefore : this.caps.cap,
      fps: this.fps,
      baselineFps: this.baseline.figures ? figuresFps(this.baseline.figures) : null,
      cannotHold: this.cannotHold,
      snapshotEvery: this.snapshots.stretched,
    });
  }
}
