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
 *   to `probeStepsPerSecond` for `probeMs` to measure the room alone, then the cap it had;
 * - bad (objective missed and frames worse than the baseline): multiplicative decrease of the cap
 *   to a share of what the trainer achieved, never below the floor, then a short cooldown so the
 *   step in flight is not punished twice;
 * - healthy (objective met, or frames at the baseline) for a stable second: additive increase
 *   while the trainer reaches the cap, freely up to 90% of the rate at which frames last went
 *   bad, then one probing step per 10 healthy seconds; with the cap out of the trainer's reach
 *   for a while, the cap is lifted (null: as fast as it goes);
 * - in between: hold.
 *
 * `cannotHoldBudget` is set while the baseline itself misses the budget: in XR the frame-rate
 * chooser steps the rate down. Snapshot uploads that cost frames stretch `snapshotEvery`
 * (snapshotPacing.ts). Its knobs and their defaults are in governorOptions.ts.
 */
import type { Pace } from '../protocol';
import type { GovernorStatus } from '../status';
import { BaselineMeter } from './baseline';
import { SnapshotPacing } from './snapshotPacing';
import type { FrameWindow } from './frames';
import {
  type Objective,
  type Verdict,
  figuresFps,
  judgeFrames,
  objectiveVerdict,
  roomMissesBudget,
} from './objective';
import { describeGovernor, formatRate } from './governorText';
import {
  GOVERNOR_DEFAULTS,
  type GovernorAction,
  type GovernorOptions,
  type TrainerReading,
} from './governorOptions';

export { formatRate };
export type { GovernorAction, GovernorOptions, TrainerReading };

/** Frame figures accumulated over the time since the last decision. */
interface Epoch {
  start: number;
  frames: number;
  intervalSumMs: number;
  intervalSqSumMs: number;
  overBudget: number;
  overFloor: number;
}

export class Governor {
  private readonly o: typeof GOVERNOR_DEFAULTS & { snapshotEvery: number };
  private readonly baseline: BaselineMeter;

  private objectiveNow: Objective;
  private cap: number | null;
  private readonly snapshots: SnapshotPacing;
  private cannotHold = false;
  private text = 'measuring frames';
  private action: GovernorAction = 'measuring';
  private verdict: Verdict | null = null;

  private nextDecisionAt: number | null = null;
  private readonly epoch: Epoch = {
    start: NaN,
    frames: 0,
    intervalSumMs: 0,
    intervalSqSumMs: 0,
    overBudget: 0,
    overFloor: 0,
  };

  private cooldownUntil = -Infinity;
  /** While probing: when it ends, when counting starts, and the cap to go back to. */
  private probe: {
    startedAt: number;
    until: number;
    countFrom: number;
    capBefore: number | null;
  } | null = null;
  private healthySince: number | null = null;
  private nonBindingSince: number | null = null;
  /** The rate at which frames last went bad (null: none known, or since proven wrong). */
  private knownBad: number | null = null;
  private budgetMs = 0;
  private targetHz = 0;
  private active = false;
  private achieved = 0;
  /** Frames per second while training, smoothed over decisions (0 until measured). */
  private fps = 0;

  constructor(options: GovernorOptions) {
    const o = {
      ...GOVERNOR_DEFAULTS,
      ...stripUndefined(options),
      snapshotEvery: options.snapshotEvery,
    };
    if (!(o.floorStepsPerSecond > 0)) throw new RangeError('floorStepsPerSecond must be > 0');
    if (!(o.decreaseFactor > 0 && o.decreaseFactor < 1)) {
      throw new RangeError('decreaseFactor must be in (0, 1)');
    }
    if (!(Number.isInteger(o.snapshotEvery) && o.snapshotEvery >= 1)) {
      throw new RangeError('snapshotEvery must be an integer >= 1');
    }
    if (!(o.probeSettleMs < o.probeMs)) throw new RangeError('probeSettleMs must be < probeMs');
    this.o = o;
    this.objectiveNow = o.objective;
    this.baseline = new BaselineMeter(o.baselineMs);
    this.cap =
      o.initialStepsPerSecond === null
        ? null
        : Math.max(o.floorStepsPerSecond, o.initialStepsPerSecond);
    this.snapshots = new SnapshotPacing(
      o.snapshotEvery,
      o.maxSnapshotEvery,
      o.minUploadFrames,
      o.recoverAfterMs,
    );
  }

  /** The pace in force (send it to the trainer at start). */
  get pace(): Pace {
    return { maxStepsPerSecond: this.cap, snapshotEvery: this.snapshots.snapshotEvery };
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
    const before = this.cap;
    this.endProbe();
    this.rejudge(nowMs);
    this.text = this.describe();
    return before === this.cap ? null : this.pace;
  }

  /**
   * Takes the frames since the previous call and the trainer's reading; returns the new Pace when
   * it changed (send it), else null. Cheap between decisions; call it every frame or every 250 ms.
   */
  update(nowMs: number, frames: FrameWindow, trainer: TrainerReading): Pace | null {
    if (Number.isNaN(this.epoch.start)) this.epoch.start = nowMs;
    if (this.nextDecisionAt === null) this.nextDecisionAt = nowMs + this.o.evaluateEveryMs;
    if (frames.budgetMs > 0 && Math.abs(frames.budgetMs - this.budgetMs) > 1e-9) {
      this.newBudget(nowMs, frames);
    }
    const e = this.epoch;
    e.frames += frames.frames;
    e.intervalSumMs += frames.intervalSumMs;
    e.intervalSqSumMs += frames.intervalSqSumMs;
    e.overBudget += frames.overBudget;
    e.overFloor += frames.overFloor;
    this.snapshots.record(frames);
    this.active = trainer.active;
    this.achieved = trainer.stepsPerSecond;

    if (nowMs < this.nextDecisionAt) return null;
    this.nextDecisionAt = nowMs + this.o.evaluateEveryMs;

    const before = this.cap;
    const snapBefore = this.snapshots.snapshotEvery;
    if (!trainer.active) {
      // Paused, the frames are the room alone: the baseline, for free. The pace is kept.
      this.endProbe();
      if (trainer.paused === true) {
        this.baseline.add(nowMs, e, nowMs - e.start);
        this.afterBaseline();
      }
      this.resetEpoch(nowMs);
      this.healthySince = null;
      this.nonBindingSince = null;
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
    if (before === this.cap && snapBefore === this.snapshots.snapshotEvery) return null;
    return this.pace;
  }

  /** Fills status.governor in place (a few times per second). */
  writeStatus(out: GovernorStatus): void {
    out.maxStepsPerSecond = this.cap;
    out.snapshotEvery = this.snapshots.snapshotEvery;
    out.message = this.text;
    out.cannotHoldBudget = this.cannotHold;
    out.objective = this.objectiveNow;
    out.fps = this.fps;
    const b = this.baseline.figures;
    out.baseline = b && {
      fps: figuresFps(b),
      frames: b.frames,
      overBudgetFraction: b.overBudget / b.frames,
      overFloorFraction: b.overFloor / b.frames,
      measuredAtMs: this.baseline.measuredAtMs,
    };
    out.decision = { action: this.action, verdict: this.verdict };
  }

  private decide(nowMs: number, achieved: number): void {
    const e = this.epoch;
    const elapsed = nowMs - e.start;
    if (e.frames === 0 && elapsed >= this.o.maxJudgeMs) {
      // No frame for a second: the page is hidden (rAF stops) or one frame is still running.
      this.resetEpoch(nowMs);
      return;
    }
    const own = objectiveVerdict(this.objectiveNow, e);
    const b = this.baseline.figures;
    // A room that meets the objective alone: a miss is training's doing, act on two frames.
    const roomMeets = b !== null && objectiveVerdict(this.objectiveNow, b) === 'healthy';
    const earlyBad = e.frames >= 2 && own === 'bad' && (b === null || roomMeets);
    const enough = e.frames >= this.o.minFrames || elapsed >= this.o.maxJudgeMs;
    if (!earlyBad && !enough) return;
    // Compared with the room alone, a few slow frames say little: wait for a fuller window.
    if (!earlyBad && own !== 'healthy' && b !== null && !roomMeets) {
      if (e.frames < this.o.minFrames && elapsed < this.o.slowJudgeMs) return;
    }

    const verdict = judgeFrames(this.objectiveNow, e, b);
    const fps = figuresFps(e);
    this.fps = this.fps === 0 ? fps : 0.7 * this.fps + 0.3 * fps;
    this.verdict = verdict;
    this.snapshots.judge(nowMs);
    this.resetEpoch(nowMs);

    // The objective is missed and the room alone is unknown or old: measure it before judging.
    // Still bad at the floor, the room has likely changed (or another load came): sooner.
    const age = nowMs - this.baseline.measuredAtMs;
    const atFloor = this.cap !== null && this.cap <= this.o.floorStepsPerSecond;
    const stale = atFloor && verdict === 'bad' ? this.o.probeAtFloorMs : this.o.probeEveryMs;
    if (own !== 'healthy' && (b === null || age >= stale)) {
      this.startProbe(nowMs);
      return;
    }
    if (verdict === 'bad') {
      this.healthySince = null;
      this.nonBindingSince = null;
      this.action = 'hold';
      if (this.cap !== null && this.cap <= this.o.floorStepsPerSecond) return;
      const reach = achieved > 0 ? achieved : (this.cap ?? this.o.initialStepsPerSecond ?? 1);
      const base = this.cap === null ? reach : Math.min(this.cap, reach);
      this.knownBad = base;
      this.cap = Math.max(this.o.floorStepsPerSecond, round2(base * this.o.decreaseFactor));
      this.cooldownUntil = nowMs + this.o.cooldownMs;
      this.action = 'slower';
      return;
    }
    this.action = 'hold';
    if (verdict === 'marginal') {
      this.healthySince = null;
      return;
    }
    this.healthySince ??= nowMs - elapsed;
    const streak = nowMs - this.healthySince;
    this.snapshots.relax(nowMs, streak);
    if (this.cap === null || streak < this.o.stableMsBeforeIncrease) return;
    if (achieved >= this.cap * this.o.bindingRatio) {
      this.nonBindingSince = null;
      // Additive, or a quarter of the cap when that is more: from the floor back to full speed
      // in seconds, not minutes.
      const next = round2(this.cap + Math.max(this.o.increaseStepsPerSecond, this.cap / 4));
      const plateau =
        this.knownBad === null ? Infinity : round2(this.knownBad * this.o.knownBadShare);
      if (next <= plateau) this.cap = next;
      else if (this.cap < plateau) this.cap = plateau;
      else if (streak >= this.o.probeAfterMs) {
        // Past the plateau: one step per long healthy stretch.
        this.cap = next;
        this.healthySince = nowMs;
        if (next > this.knownBad!) this.knownBad = null;
      } else return;
      this.action = 'faster';
    } else {
      this.nonBindingSince ??= nowMs;
      if (nowMs - this.nonBindingSince >= this.o.uncapAfterMs) {
        this.cap = null;
        this.nonBindingSince = null;
        this.action = 'uncap';
      }
    }
  }

  private startProbe(nowMs: number): void {
    this.probe = {
      startedAt: nowMs,
      until: nowMs + this.o.probeMs,
      countFrom: nowMs + this.o.probeSettleMs,
      capBefore: this.cap,
    };
    this.cap = this.o.probeStepsPerSecond;
    this.baseline.discardPending();
    this.healthySince = null;
    this.nonBindingSince = null;
    this.action = 'probe';
  }

  /** During a probe: count the room's frames once the step in flight has finished, then go back. */
  private probeStep(nowMs: number): void {
    const p = this.probe!;
    const e = this.epoch;
    if (nowMs > p.countFrom) this.baseline.add(nowMs, e, nowMs - e.start);
    this.resetEpoch(nowMs);
    this.action = 'probe';
    if (nowMs < p.until) return;
    // A fresh baseline (committed now, or already by `add` once it had enough time): the rate that
    // once cost frames was judged against the old one.
    if (this.baseline.commit(nowMs) || this.baseline.measuredAtMs > p.startedAt) {
      this.knownBad = null;
    }
    this.afterBaseline();
    this.endProbe();
    this.cooldownUntil = nowMs + this.o.cooldownMs;
  }

  private endProbe(): void {
    if (this.probe === null) return;
    this.cap = this.probe.capBefore;
    this.probe = null;
    this.baseline.discardPending();
  }

  private afterBaseline(): void {
    this.cannotHold = roomMissesBudget(this.baseline.figures);
  }

  private resetEpoch(nowMs: number): void {
    const e = this.epoch;
    e.start = nowMs;
    e.frames = e.intervalSumMs = e.intervalSqSumMs = e.overBudget = e.overFloor = 0;
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
    this.cannotHold = false;
    this.knownBad = null;
    this.healthySince = null;
    this.nonBindingSince = null;
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
      cap: this.probe ? this.probe.capBefore : this.cap,
      fps: this.fps,
      baselineFps: this.baseline.figures ? figuresFps(this.baseline.figures) : null,
      cannotHold: this.cannotHold,
      snapshotEvery: this.snapshots.stretched,
    });
  }
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
