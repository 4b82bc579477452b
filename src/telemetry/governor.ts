/**
 * The training governor: turns what the frames show into the Pace the trainer obeys. Its goal is
 * the most training throughput that leaves frames inside the budget; the worker does not remove
 * GPU contention (tfjs issue 5454), so only the frames can say how much training fits.
 *
 * It is pure and deterministic: time is passed in, nothing reads a clock, so tests drive it with a
 * simulated one. Feed it every frame window (`FrameTelemetry.readWindow`) and the trainer's
 * measured rate; it decides every `evaluateEveryMs` (250 ms) on the frames since its last decision:
 *
 * - bad (over-budget fraction > `maxOverFraction`, 5%; equivalently, interval p95 over the
 *   budget's threshold): multiplicative decrease of the steps/s cap to half of what the trainer
 *   achieved, never below the floor (training never stops by itself), then a short cooldown so
 *   the step already in flight is not punished twice;
 * - healthy (over-budget fraction <= `healthyFraction`) for a stable second: additive increase of
 *   the cap while the trainer actually reaches it, freely up to 90% of the rate at which frames
 *   last went bad, then one probing step per 10 healthy seconds (so the sawtooth of plain AIMD
 *   does not drop frames every few seconds); when it has stayed healthy with the cap well above
 *   what the trainer achieves, the cap is lifted (null: as fast as it goes);
 * - in between: hold.
 *
 * At the floor and still bad for `cannotHoldAfterMs` of judged time, the GPU cannot hold the rate
 * while training: `cannotHoldBudget` is set (the frame-rate chooser may step the rate down) until a
 * long healthy stretch clears it. Snapshot uploads that cost frames (their frames miss the budget
 * far more often than others) stretch `snapshotEvery` by doubling, up to a maximum; a long healthy
 * stretch relaxes it back by halving towards the configured value.
 */
import type { Pace } from '../protocol';
import type { GovernorStatus } from '../status';
import type { FrameWindow } from './frames';

export interface GovernorOptions {
  /** The configured steps between snapshots: the governor never goes below it. */
  readonly snapshotEvery: number;
  /** How often it decides (ms of the injected clock). */
  readonly evaluateEveryMs?: number;
  /** A decision waits for this many frames, or `maxJudgeMs`, whichever first. */
  readonly minFrames?: number;
  readonly maxJudgeMs?: number;
  /** The lowest cap, steps/s: training never stops by itself. */
  readonly floorStepsPerSecond?: number;
  /** The first cap; null starts unlimited. */
  readonly initialStepsPerSecond?: number | null;
  /** Additive increase per healthy decision, steps/s. */
  readonly increaseStepsPerSecond?: number;
  /** Multiplicative decrease on a bad decision. */
  readonly decreaseFactor?: number;
  /** Over-budget fraction above which a window is bad. */
  readonly maxOverFraction?: number;
  /** Over-budget fraction at or below which a window is healthy. */
  readonly healthyFraction?: number;
  /** Healthy time before the cap may rise. */
  readonly stableMsBeforeIncrease?: number;
  /** The trainer reaches the cap when it achieves at least this share of it. */
  readonly bindingRatio?: number;
  /**
   * After frames went bad at some rate, the cap climbs freely only to this share of that rate;
   * past it, one step per `probeAfterMs` of healthy frames (fewer sawtooth drops).
   */
  readonly knownBadShare?: number;
  readonly probeAfterMs?: number;
  /** Healthy time with the cap out of the trainer's reach before it is lifted. */
  readonly uncapAfterMs?: number;
  /** After a decrease, frames of this long are not judged (the step in flight finishes). */
  readonly cooldownMs?: number;
  /** Bad time judged at the floor before the budget is declared out of reach. */
  readonly cannotHoldAfterMs?: number;
  /** Healthy time that clears cannotHoldBudget (and relaxes a stretched snapshotEvery). */
  readonly recoverAfterMs?: number;
  readonly maxSnapshotEvery?: number;
  /** Upload frames judged together before deciding on snapshotEvery. */
  readonly minUploadFrames?: number;
}

/** What the governor needs of the trainer. */
export interface TrainerReading {
  /** Training is running (not loading, warming up, paused or failed). */
  readonly active: boolean;
  /** Steps per second the trainer reports achieving. */
  readonly stepsPerSecond: number;
}

const DEFAULTS = {
  evaluateEveryMs: 250,
  minFrames: 12,
  maxJudgeMs: 1000,
  floorStepsPerSecond: 0.5,
  initialStepsPerSecond: 4 as number | null,
  increaseStepsPerSecond: 1,
  decreaseFactor: 0.5,
  maxOverFraction: 0.05,
  healthyFraction: 0.01,
  stableMsBeforeIncrease: 1000,
  bindingRatio: 0.7,
  knownBadShare: 0.9,
  probeAfterMs: 10_000,
  uncapAfterMs: 3000,
  cooldownMs: 500,
  cannotHoldAfterMs: 4000,
  recoverAfterMs: 5000,
  maxSnapshotEvery: 64,
  minUploadFrames: 4,
};

type Verdict = 'bad' | 'healthy' | 'marginal';

export class Governor {
  private readonly o: typeof DEFAULTS & { snapshotEvery: number };

  private cap: number | null;
  private snapEvery: number;
  private cannotHold = false;
  private text = 'measuring frames';

  private nextDecisionAt: number | null = null;
  private epochStart: number | null = null;
  private epochFrames = 0;
  private epochOver = 0;
  private uploadFrames = 0;
  private uploadOver = 0;
  private otherFrames = 0;
  private otherOver = 0;

  private cooldownUntil = -Infinity;
  private healthySince: number | null = null;
  private nonBindingSince: number | null = null;
  private lastRelaxAt = -Infinity;
  private floorBadMs = 0;
  /** The rate at which frames last went bad (null: none known, or since proven wrong). */
  private knownBad: number | null = null;
  private budgetMs = 0;
  private targetHz = 0;
  private active = false;

  constructor(options: GovernorOptions) {
    const o = { ...DEFAULTS, ...stripUndefined(options), snapshotEvery: options.snapshotEvery };
    if (!(o.floorStepsPerSecond > 0)) throw new RangeError('floorStepsPerSecond must be > 0');
    if (!(o.decreaseFactor > 0 && o.decreaseFactor < 1)) {
      throw new RangeError('decreaseFactor must be in (0, 1)');
    }
    if (!(Number.isInteger(o.snapshotEvery) && o.snapshotEvery >= 1)) {
      throw new RangeError('snapshotEvery must be an integer >= 1');
    }
    this.o = o;
    this.cap =
      o.initialStepsPerSecond === null
        ? null
        : Math.max(o.floorStepsPerSecond, o.initialStepsPerSecond);
    this.snapEvery = o.snapshotEvery;
  }

  /** The pace in force (send it to the trainer at start). */
  get pace(): Pace {
    return { maxStepsPerSecond: this.cap, snapshotEvery: this.snapEvery };
  }

  get cannotHoldBudget(): boolean {
    return this.cannotHold;
  }

  get message(): string {
    return this.text;
  }

  /** True when the next `update` would decide (callers may read the frame window only then). */
  isDue(nowMs: number): boolean {
    return this.nextDecisionAt === null || nowMs >= this.nextDecisionAt;
  }

  /**
   * Takes the frames since the previous call and the trainer's reading; returns the new Pace when
   * it changed (send it), else null. Cheap between decisions; call it every frame or every 250 ms.
   */
  update(nowMs: number, frames: FrameWindow, trainer: TrainerReading): Pace | null {
    if (this.epochStart === null) this.epochStart = nowMs;
    if (this.nextDecisionAt === null) this.nextDecisionAt = nowMs + this.o.evaluateEveryMs;
    if (frames.budgetMs > 0 && Math.abs(frames.budgetMs - this.budgetMs) > 1e-9) {
      this.newBudget(nowMs, frames);
    }
    this.epochFrames += frames.frames;
    this.epochOver += frames.overBudget;
    this.uploadFrames += frames.uploadFrames;
    this.uploadOver += frames.uploadOverBudget;
    this.otherFrames += frames.frames - frames.uploadFrames;
    this.otherOver += frames.overBudget - frames.uploadOverBudget;
    this.active = trainer.active;

    if (nowMs < this.nextDecisionAt) return null;
    this.nextDecisionAt = nowMs + this.o.evaluateEveryMs;

    const before = this.cap;
    const snapBefore = this.snapEvery;
    if (!trainer.active) {
      // Frames without training say nothing about training: keep the pace, forget the window.
      this.resetEpoch(nowMs);
      this.healthySince = null;
      this.nonBindingSince = null;
    } else if (nowMs < this.cooldownUntil) {
      this.resetEpoch(nowMs);
    } else {
      this.decide(nowMs, trainer.stepsPerSecond);
    }
    this.text = this.describe();
    if (before === this.cap && snapBefore === this.snapEvery) return null;
    return this.pace;
  }

  writeStatus(out: GovernorStatus): void {
    out.maxStepsPerSecond = this.cap;
    out.snapshotEvery = this.snapEvery;
    out.message = this.text;
    out.cannotHoldBudget = this.cannotHold;
  }

  private decide(nowMs: number, achieved: number): void {
    const elapsed = nowMs - this.epochStart!;
    const frames = this.epochFrames;
    const over = this.epochOver;
    const earlyBad = over >= 2 && over / Math.max(frames, 1) > this.o.maxOverFraction;
    if (frames === 0 && elapsed >= this.o.maxJudgeMs) {
      // No frame for a second: the page is hidden (rAF stops) or one frame is still running;
      // the late frame's interval will be judged when it lands.
      this.resetEpoch(nowMs);
      return;
    }
    if (frames < this.o.minFrames && elapsed < this.o.maxJudgeMs && !earlyBad) return;

    const verdict = this.verdict(frames, over);
    this.judgeUploads(nowMs);
    this.resetEpoch(nowMs);

    if (verdict === 'bad') {
      this.healthySince = null;
      this.nonBindingSince = null;
      const atFloor = this.cap !== null && this.cap <= this.o.floorStepsPerSecond;
      if (atFloor) {
        this.floorBadMs += elapsed;
        if (this.floorBadMs >= this.o.cannotHoldAfterMs) this.cannotHold = true;
        return;
      }
      const reach = achieved > 0 ? achieved : (this.cap ?? this.o.initialStepsPerSecond ?? 1);
      const base = this.cap === null ? reach : Math.min(this.cap, reach);
      this.knownBad = base;
      this.cap = Math.max(this.o.floorStepsPerSecond, round2(base * this.o.decreaseFactor));
      this.cooldownUntil = nowMs + this.o.cooldownMs;
      return;
    }
    if (verdict === 'marginal') {
      this.healthySince = null;
      return;
    }
    // Healthy.
    this.healthySince ??= nowMs - elapsed;
    const streak = nowMs - this.healthySince;
    if (streak >= this.o.recoverAfterMs) {
      this.cannotHold = false;
      this.floorBadMs = 0;
      if (
        this.snapEvery > this.o.snapshotEvery &&
        nowMs - this.lastRelaxAt >= this.o.recoverAfterMs
      ) {
        this.snapEvery = Math.max(this.o.snapshotEvery, Math.floor(this.snapEvery / 2));
        this.lastRelaxAt = nowMs;
      }
    }
    if (this.cap === null || this.cannotHold || streak < this.o.stableMsBeforeIncrease) return;
    if (achieved >= this.cap * this.o.bindingRatio) {
      this.nonBindingSince = null;
      const next = round2(this.cap + this.o.increaseStepsPerSecond);
      const plateau =
        this.knownBad === null ? Infinity : round2(this.knownBad * this.o.knownBadShare);
      if (next <= plateau) this.cap = next;
      else if (this.cap < plateau) this.cap = plateau;
      else if (streak >= this.o.probeAfterMs) {
        // Probe past the plateau: one step per long healthy stretch.
        this.cap = next;
        this.healthySince = nowMs;
        if (next > this.knownBad!) this.knownBad = null;
      }
    } else {
      this.nonBindingSince ??= nowMs;
      if (nowMs - this.nonBindingSince >= this.o.uncapAfterMs) {
        this.cap = null;
        this.nonBindingSince = null;
      }
    }
  }

  private verdict(frames: number, over: number): Verdict {
    const fraction = frames > 0 ? over / frames : 0;
    if (fraction > this.o.maxOverFraction) return 'bad';
    if (fraction <= this.o.healthyFraction) return 'healthy';
    return 'marginal';
  }

  /**
   * Stretches snapshotEvery when frames that uploaded a snapshot miss the budget more than the
   * allowed fraction and at least twice as often as the others. Judged once enough upload frames
   * have been seen; until then they keep accumulating across decisions.
   */
  private judgeUploads(nowMs: number): void {
    if (this.uploadFrames < this.o.minUploadFrames) return;
    const uploadRate = this.uploadOver / this.uploadFrames;
    const otherRate = this.otherFrames > 0 ? this.otherOver / this.otherFrames : 0;
    if (uploadRate > this.o.maxOverFraction && uploadRate > 2 * otherRate) {
      this.snapEvery = Math.min(this.o.maxSnapshotEvery, this.snapEvery * 2);
      this.lastRelaxAt = nowMs;
    }
    this.uploadFrames = 0;
    this.uploadOver = 0;
    this.otherFrames = 0;
    this.otherOver = 0;
  }

  private resetEpoch(nowMs: number): void {
    this.epochStart = nowMs;
    this.epochFrames = 0;
    this.epochOver = 0;
  }

  /** A new rate (XR session started, frame rate changed): judge afresh, keep the cap. */
  private newBudget(nowMs: number, frames: FrameWindow): void {
    const first = this.budgetMs === 0;
    this.budgetMs = frames.budgetMs;
    this.targetHz = frames.targetHz;
    if (first) return;
    this.cannotHold = false;
    this.floorBadMs = 0;
    this.knownBad = null;
    this.healthySince = null;
    this.nonBindingSince = null;
    this.resetEpoch(nowMs);
    this.uploadFrames = this.uploadOver = this.otherFrames = this.otherOver = 0;
  }

  private describe(): string {
    const hz = `${Math.round(this.targetHz)} Hz`;
    const budget = `${this.budgetMs.toFixed(1)} ms`;
    let s: string;
    if (this.budgetMs === 0) s = 'measuring frames';
    else if (this.cannotHold) {
      s =
        `This GPU cannot hold ${hz} while training: training held at its floor of ` +
        `${formatRate(this.o.floorStepsPerSecond)} steps/s`;
    } else if (!this.active) s = `training not running; frames judged against ${budget} (${hz})`;
    else if (this.cap === null) s = `training at full speed; frames inside ${budget}`;
    else s = `training held to ${formatRate(this.cap)} steps/s to keep ${hz}`;
    if (this.snapEvery > this.o.snapshotEvery) {
      s += `; snapshots every ${this.snapEvery} steps to save frames`;
    }
    return s;
  }
}

/** A steps/s figure for people: one decimal under 10 (trailing .0 dropped), whole above. */
export function formatRate(x: number): string {
  if (x >= 10) return String(Math.round(x));
  return String(Math.round(x * 10) / 10);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
