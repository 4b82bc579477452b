/**
 * Frame telemetry: how long frames take against the current budget. The frame loop calls
 * `begin(now)` first thing and `end(now)` last thing in every frame callback; everything else
 * (status, the governor's window) reads what those two recorded.
 *
 * Two figures per frame:
 * - interval: from the previous frame's `begin` to this one's. It is what the user sees; it holds
 *   the main thread's work, everything else the thread did, and waits on the GPU or compositor.
 *   The interval measured at frame k+1's `begin` is charged to frame k.
 * - work: `end - begin` of the callback, the main thread's own cost of a frame.
 *
 * A frame is over budget when its interval exceeds `budget * (1 + tolerance)`, tolerance 0.5 by
 * default: displays present on vsync, so intervals are whole multiples of the refresh period plus
 * jitter; an interval past one and a half periods means at least one vsync was missed (a dropped or
 * reprojected frame), while jitter of a millisecond or two never counts.
 */
import type { FrameStatus } from '../status';
import { DESKTOP_FLOOR_FPS } from './objective';
import { SampleRing } from './ring';

/** Frame budgets of the rates headsets offer, for reference: 1000 / hz ms. */
export const BUDGET_MS = {
  60: 1000 / 60,
  72: 1000 / 72,
  80: 1000 / 80,
  90: 1000 / 90,
  120: 1000 / 120,
} as const;

/** Display refresh rates `estimateRefreshHz` snaps to (within SNAP_TOLERANCE). */
export const COMMON_REFRESH_HZ: readonly number[] = [30, 48, 50, 60, 72, 75, 80, 90, 100, 120, 144];
const SNAP_TOLERANCE = 0.06;

/**
 * The display refresh rate implied by a typical frame interval of a page that keeps up:
 * 1000 / interval, snapped to the nearest common rate when within 6% of it (75 and 80 Hz are
 * both within 6% of 77 Hz: the nearer wins), else rounded. Null for a non-positive or non-finite
 * interval.
 */
export function estimateRefreshHz(intervalMs: number): number | null {
  if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) return null;
  const hz = 1000 / intervalMs;
  let best: number | null = null;
  for (const common of COMMON_REFRESH_HZ) {
    const off = Math.abs(hz - common);
    if (off <= common * SNAP_TOLERANCE && (best === null || off < Math.abs(hz - best))) {
      best = common;
    }
  }
  return best ?? Math.round(hz);
}

/**
 * What happened since the previous `readWindow`: the governor's input. Plain numbers, filled into
 * a caller-owned object so reading it allocates nothing.
 */
export interface FrameWindow {
  /** Frame intervals recorded in the window. */
  frames: number;
  /** Their sum, ms (frames / sum: the window's frame rate). */
  intervalSumMs: number;
  /** The sum of their squares, ms² (their spread: how much a window's frame rate says). */
  intervalSqSumMs: number;
  /** Of those, intervals over budget (see the module comment for the tolerance). */
  overBudget: number;
  /**
   * Intervals longer than the desktop floor's interval (`floorIntervalMs`, 33.3 ms) by more than
   * the tolerance of a display vsync: at 60 Hz a frame two vsyncs long (33.3 ms, give or take the
   * callback's jitter) holds 30 fps; three (50 ms) do not.
   */
  overFloor: number;
  /** Frames in which a snapshot was uploaded (`markUpload`), whose interval is in the window. */
  uploadFrames: number;
  /** Of those, intervals over budget. */
  uploadOverBudget: number;
  /** The longest interval of the window, ms (0 when none). */
  maxIntervalMs: number;
  /** The longest main-thread work of the window, ms. */
  maxWorkMs: number;
  /** Long tasks (main thread busy >= 50 ms) reported in the window. */
  longTasks: number;
  /** The rate and budget the window was judged against. */
  targetHz: number;
  budgetMs: number;
}

export function emptyFrameWindow(): FrameWindow {
  return {
    frames: 0,
    intervalSumMs: 0,
    intervalSqSumMs: 0,
    overBudget: 0,
    overFloor: 0,
    uploadFrames: 0,
    uploadOverBudget: 0,
    maxIntervalMs: 0,
    maxWorkMs: 0,
    longTasks: 0,
    targetHz: 0,
    budgetMs: 0,
  };
}

export interface FrameTelemetryOptions {
  /** Frames in the percentile window (600: about 7 s at 90 Hz, 10 s at 60 Hz). */
  readonly capacity?: number;
  /** Over budget means interval > budget * (1 + tolerance); 0.5 = a missed vsync. */
  readonly tolerance?: number;
  /** A fixed target rate; when absent, the display refresh is estimated (see `setTargetHz`). */
  readonly targetHz?: number | null;
  /** Count long tasks with a PerformanceObserver when the browser supports it (default true). */
  readonly observeLongTasks?: boolean;
  /** The clock of the long-task filter (tasks before construction are not counted). */
  readonly nowMs?: number;
  /**
   * The desktop floor's interval (default 1000 / 30 ms). Intervals longer than it by more than
   * `tolerance` of the display's interval count as under the floor.
   */
  readonly floorIntervalMs?: number;
}

/** Intervals needed before the display refresh is estimated. */
const MIN_SAMPLES_FOR_ESTIMATE = 30;
/**
 * The quantile of intervals the refresh is estimated from. Frames can be slower than the display
 * (missed vsyncs) but not faster, so a low quantile shows the display even while training slows
 * most frames; not the minimum, so one early callback does not count.
 */
const ESTIMATE_QUANTILE = 0.25;
/**
 * Estimates below this are not display rates but a page that cannot keep up (software GL): the
 * fallback stays, and frames are judged against a rate a display would really have.
 */
const MIN_DISPLAY_HZ = 50;
/** Assumed rate until there is an estimate (browsers' usual refresh). */
const FALLBACK_HZ = 60;

const QS = Float64Array.of(0.5, 0.95, 0.99);

export class FrameTelemetry {
  private readonly intervals: SampleRing;
  private readonly work: SampleRing;
  private readonly tolerance: number;
  private readonly floorIntervalMs: number;
  /** Interval above which a frame is under the desktop floor: floor + budget * tolerance. */
  private floorThreshold: number;
  private readonly pct = new Float64Array(3);

  private fixedHz: number | null;
  private estimatedHz: number | null = null;
  private budget: number;
  /** Interval above which a frame is over budget: budget * (1 + tolerance). */
  private threshold: number;

  private lastBegin = NaN;
  private inFrame = false;
  /** A snapshot was uploaded in the current (or, between end and begin, the last) frame. */
  private uploadThisFrame = false;

  private count = 0;
  private over = 0;
  private longTaskCount = 0;
  private readonly win: FrameWindow = emptyFrameWindow();

  private readonly sinceMs: number;
  private observer: PerformanceObserver | null = null;
  /** True when the browser reports long tasks (so `longTasks: 0` means none, not unknown). */
  readonly longTasksSupported: boolean;

  constructor(options: FrameTelemetryOptions = {}) {
    const capacity = options.capacity ?? 600;
    this.intervals = new SampleRing(capacity);
    this.work = new SampleRing(capacity);
    this.tolerance = options.tolerance ?? 0.5;
    this.floorIntervalMs = options.floorIntervalMs ?? 1000 / DESKTOP_FLOOR_FPS;
    if (!(this.tolerance >= 0))
      throw new RangeError(`tolerance must be >= 0, got ${this.tolerance}`);
    this.fixedHz = null;
    this.budget = 1000 / FALLBACK_HZ;
    this.threshold = this.budget * (1 + this.tolerance);
    this.floorThreshold = this.floorIntervalMs + this.budget * this.tolerance;
    this.setTargetHz(options.targetHz ?? null);
    this.sinceMs = options.nowMs ?? (typeof performance !== 'undefined' ? performance.now() : 0);
    this.longTasksSupported =
      (options.observeLongTasks ?? true) &&
      typeof PerformanceObserver !== 'undefined' &&
      (PerformanceObserver.supportedEntryTypes ?? []).includes('longtask');
    if (this.longTasksSupported) {
      this.observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          // buffered: true replays earlier tasks too; count only those since this telemetry began
          // (page load, module evaluation and first shader compiles are not the steady state).
          if (entry.startTime >= this.sinceMs) this.addLongTask();
        }
      });
      this.observer.observe({ type: 'longtask', buffered: true });
    }
  }

  /**
   * The rate frames are judged against. Pass the XR session's `frameRate` while presenting, a known
   * display rate, or null to estimate the display refresh from the window's intervals: their
   * first quartile, snapped to a common rate. The estimate only ever rises (slow frames show
   * missed vsyncs, never a slower display), and one below 50 Hz is ignored (a page on software GL
   * that cannot keep up says nothing about the display). Until an estimate exists, 60 Hz.
   */
  setTargetHz(hz: number | null): void {
    if (hz !== null && !(hz > 0 && Number.isFinite(hz))) {
      throw new RangeError(`target rate must be a positive number of Hz, got ${hz}`);
    }
    this.fixedHz = hz;
    this.applyBudget();
  }

  /** The rate in force (fixed, estimated, or the 60 Hz fallback). */
  get targetHz(): number {
    return this.fixedHz ?? this.estimatedHz ?? FALLBACK_HZ;
  }

  get budgetMs(): number {
    return this.budget;
  }

  /** Frames whose interval was recorded since the start. */
  get frames(): number {
    return this.count;
  }

  get overBudget(): number {
    return this.over;
  }

  get longTasks(): number {
    return this.longTaskCount;
  }

  /** Per-frame: call first thing in the frame callback, with performance.now() (or the rAF time). */
  begin(nowMs: number): void {
    if (this.lastBegin === this.lastBegin) {
      // Not the first frame (NaN !== NaN): the interval since the previous begin.
      const interval = nowMs - this.lastBegin;
      this.intervals.push(interval);
      this.count++;
      const w = this.win;
      w.frames++;
      w.intervalSumMs += interval;
      w.intervalSqSumMs += interval * interval;
      if (interval > this.floorThreshold) w.overFloor++;
      if (interval > w.maxIntervalMs) w.maxIntervalMs = interval;
      const over = interval > this.threshold;
      if (over) {
        this.over++;
        w.overBudget++;
      }
      if (this.uploadThisFrame) {
        // The frame that just ended (the one this interval is charged to) uploaded a snapshot.
        w.uploadFrames++;
        if (over) w.uploadOverBudget++;
      }
    }
    this.lastBegin = nowMs;
    this.inFrame = true;
    this.uploadThisFrame = false;
  }

  /** Per-frame: the loop (or scene) uploaded a snapshot in this frame. */
  markUpload(): void {
    this.uploadThisFrame = true;
  }

  /** Per-frame: call last thing in the frame callback. */
  end(nowMs: number): void {
    if (!this.inFrame) return;
    this.inFrame = false;
    const work = nowMs - this.lastBegin;
    this.work.push(work);
    if (work > this.win.maxWorkMs) this.win.maxWorkMs = work;
    // An upload marked during this frame stays marked: the next begin charges it its interval.
  }

  /**
   * Forget frame history (after a pause, a hidden tab, or a change of rate): the next `begin`
   * starts a fresh interval. Counters since the start are kept.
   */
  restartInterval(): void {
    this.lastBegin = NaN;
    this.inFrame = false;
    this.uploadThisFrame = false;
  }

  /**
   * Fills `out` with what happened since the previous call, then starts a new window. The governor
   * calls this a few times per second. Allocates nothing.
   */
  readWindow(out: FrameWindow): void {
    this.refreshEstimate();
    const w = this.win;
    out.frames = w.frames;
    out.intervalSumMs = w.intervalSumMs;
    out.intervalSqSumMs = w.intervalSqSumMs;
    out.overBudget = w.overBudget;
    out.overFloor = w.overFloor;
    out.uploadFrames = w.uploadFrames;
    out.uploadOverBudget = w.uploadOverBudget;
    out.maxIntervalMs = w.maxIntervalMs;
    out.maxWorkMs = w.maxWorkMs;
    out.longTasks = w.longTasks;
    out.targetHz = this.targetHz;
    out.budgetMs = this.budget;
    w.frames = 0;
    w.intervalSumMs = 0;
    w.intervalSqSumMs = 0;
    w.overBudget = 0;
    w.overFloor = 0;
    w.uploadFrames = 0;
    w.uploadOverBudget = 0;
    w.maxIntervalMs = 0;
    w.maxWorkMs = 0;
    w.longTasks = 0;
  }

  /**
   * Fills the status's frame figures: percentiles over the last `capacity` frames, counters since
   * the start. Sorts two windows of samples: a few times per second, not per frame.
   */
  writeStatus(out: FrameStatus): void {
    this.refreshEstimate();
    out.count = this.count;
    out.targetHz = this.targetHz;
    out.budgetMs = this.budget;
    this.intervals.percentiles(QS, this.pct);
    out.intervalP50Ms = finite(this.pct[0]!);
    out.intervalP95Ms = finite(this.pct[1]!);
    out.intervalP99Ms = finite(this.pct[2]!);
    this.work.percentiles(QS, this.pct);
    out.workP50Ms = finite(this.pct[0]!);
    out.workP95Ms = finite(this.pct[1]!);
    out.workP99Ms = finite(this.pct[2]!);
    out.overBudget = this.over;
    out.longTasks = this.longTaskCount;
  }

  /** The q-th percentile of main-thread work over the window (for the frame-rate chooser). */
  workPercentile(q: number): number {
    return finite(this.work.percentile(q));
  }

  /** Records one long task (the observer calls this; exposed for environments without one). */
  addLongTask(): void {
    this.longTaskCount++;
    this.win.longTasks++;
  }

  dispose(): void {
    this.observer?.disconnect();
    this.observer = null;
  }

  /** While estimating, raise the rate to what the intervals show (never lower it). */
  private refreshEstimate(): void {
    if (this.fixedHz !== null || this.intervals.length < MIN_SAMPLES_FOR_ESTIMATE) return;
    const hz = estimateRefreshHz(this.intervals.percentile(ESTIMATE_QUANTILE));
    if (hz === null || hz < MIN_DISPLAY_HZ) return;
    if (this.estimatedHz === null || hz > this.estimatedHz) {
      this.estimatedHz = hz;
      this.applyBudget();
    }
  }

  private applyBudget(): void {
    this.budget = 1000 / this.targetHz;
    this.threshold = this.budget * (1 + this.tolerance);
    this.floorThreshold = this.floorIntervalMs + this.budget * this.tolerance;
  }
}

const finite = (x: number): number => (Number.isFinite(x) ? x : 0);
