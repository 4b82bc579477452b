import { describe, expect, it } from 'vitest';
import type { Pace } from '../../../src/protocol';
import { initialStatus } from '../../../src/status';
import { FrameTelemetry, emptyFrameWindow, type FrameWindow } from '../../../src/telemetry/frames';
import { Governor, formatRate, type TrainerReading } from '../../../src/telemetry/governor';

const BUDGET_90 = 1000 / 90;
const TICK = 250;

/** A 250 ms window at 90 Hz: 22 frames, `over` of them over budget. */
function win(over: number, upload: { frames: number; over: number } = { frames: 0, over: 0 }) {
  const w: FrameWindow = emptyFrameWindow();
  w.frames = 22;
  w.overBudget = over;
  w.uploadFrames = upload.frames;
  w.uploadOverBudget = upload.over;
  w.targetHz = 90;
  w.budgetMs = BUDGET_90;
  return w;
}

const running = (stepsPerSecond: number): TrainerReading => ({ active: true, stepsPerSecond });

/** A trainer that follows the cap at once, up to what its GPU allows. */
const follow = (cap: number | null, gpuMax: number) => Math.min(cap ?? gpuMax, gpuMax);

interface Run {
  now: number;
  paces: { at: number; pace: Pace }[];
}

/** Runs the governor for `ms`, one window per tick; `frames(cap)` says how many frames miss. */
function drive(
  g: Governor,
  run: Run,
  ms: number,
  frames: (cap: number | null) => FrameWindow,
  trainer: (cap: number | null) => TrainerReading,
): void {
  const end = run.now + ms;
  while (run.now < end) {
    run.now += TICK;
    const cap = g.pace.maxStepsPerSecond;
    const p = g.update(run.now, frames(cap), trainer(cap));
    if (p) run.paces.push({ at: run.now, pace: p });
  }
}

describe('Governor', () => {
  it('backs off within a second when frames go over budget', () => {
    const g = new Governor({ snapshotEvery: 1, initialStepsPerSecond: null });
    const run: Run = { now: 0, paces: [] };
    drive(
      g,
      run,
      5000,
      () => win(0),
      () => running(30),
    );
    expect(g.pace.maxStepsPerSecond).toBeNull();
    expect(g.message).toBe('training at full speed; frames inside 11.1 ms');
    const t0 = run.now;
    drive(
      g,
      run,
      1000,
      () => win(11),
      () => running(30),
    );
    const first = run.paces.find((p) => p.at > t0);
    expect(first, 'a slower pace within a second').toBeDefined();
    expect(first!.at - t0).toBeLessThanOrEqual(1000);
    expect(first!.pace.maxStepsPerSecond).toBe(15);
    expect(g.message).toMatch(/^training held to \d+(\.\d)? steps\/s to keep 90 Hz$/);
  });

  it('climbs back when frames are healthy, and lifts the cap once the trainer cannot reach it', () => {
    const g = new Governor({ snapshotEvery: 1, initialStepsPerSecond: 1 });
    const run: Run = { now: 0, paces: [] };
    const gpuMax = 6;
    drive(
      g,
      run,
      3000,
      () => win(0),
      (cap) => running(follow(cap, gpuMax)),
    );
    const early = g.pace.maxStepsPerSecond;
    expect(early).not.toBeNull();
    expect(early!).toBeGreaterThan(1);
    drive(
      g,
      run,
      20_000,
      () => win(0),
      (cap) => running(follow(cap, gpuMax)),
    );
    expect(g.pace.maxStepsPerSecond).toBeNull();
    // Every change on the way up was an increase, then the lift.
    const caps = run.paces.map((p) => p.pace.maxStepsPerSecond ?? Infinity);
    for (let i = 1; i < caps.length; i++) expect(caps[i]!).toBeGreaterThan(caps[i - 1]!);
  });

  it('settles near what the frames allow when too much training costs frames', () => {
    // Above 10 steps/s the GPU contention makes 4 of every 22 frames miss.
    const g = new Governor({ snapshotEvery: 1, initialStepsPerSecond: null });
    const run: Run = { now: 0, paces: [] };
    const gpuMax = 40;
    let windows = 0;
    let badWindows = 0;
    let stepSum = 0;
    drive(
      g,
      run,
      60_000,
      (cap) => {
        const rate = follow(cap, gpuMax);
        const bad = rate > 10;
        if (run.now > 10_000) {
          windows++;
          if (bad) badWindows++;
          stepSum += rate;
        }
        return win(bad ? 4 : 0);
      },
      (cap) => running(follow(cap, gpuMax)),
    );
    expect(badWindows / windows).toBeLessThan(0.15);
    expect(stepSum / windows).toBeGreaterThan(5);
    expect(stepSum / windows).toBeLessThanOrEqual(11);
  });

  it('keeps its floor and reports that it cannot hold the budget, then recovers', () => {
    const g = new Governor({ snapshotEvery: 1 });
    const run: Run = { now: 0, paces: [] };
    const status = initialStatus();
    status.governor = {
      maxStepsPerSecond: null,
      snapshotEvery: 0,
      message: '',
      cannotHoldBudget: false,
    };
    let seenCannotHoldAt: number | null = null;
    const end = 20_000;
    while (run.now < end) {
      drive(
        g,
        run,
        TICK,
        () => win(22),
        (cap) => running(follow(cap, 40)),
      );
      const cap = g.pace.maxStepsPerSecond;
      expect(cap).not.toBeNull();
      expect(cap!).toBeGreaterThanOrEqual(0.5);
      if (g.cannotHoldBudget && seenCannotHoldAt === null) seenCannotHoldAt = run.now;
    }
    expect(g.pace.maxStepsPerSecond).toBe(0.5);
    expect(seenCannotHoldAt).not.toBeNull();
    expect(seenCannotHoldAt!).toBeLessThan(10_000);
    g.writeStatus(status.governor);
    expect(status.governor).toEqual({
      maxStepsPerSecond: 0.5,
      snapshotEvery: 1,
      cannotHoldBudget: true,
      message:
        'This GPU cannot hold 90 Hz while training: training held at its floor of 0.5 steps/s',
    });
    // Five healthy seconds clear it, and the cap may rise again.
    drive(
      g,
      run,
      8000,
      () => win(0),
      (cap) => running(follow(cap, 40)),
    );
    expect(g.cannotHoldBudget).toBe(false);
    expect(g.pace.maxStepsPerSecond!).toBeGreaterThan(0.5);
  });

  it('judges a new frame rate afresh, clearing cannotHoldBudget', () => {
    const g = new Governor({ snapshotEvery: 1 });
    const run: Run = { now: 0, paces: [] };
    drive(
      g,
      run,
      15_000,
      () => win(22),
      () => running(0.5),
    );
    expect(g.cannotHoldBudget).toBe(true);
    const at72 = win(0);
    at72.targetHz = 72;
    at72.budgetMs = 1000 / 72;
    drive(
      g,
      run,
      TICK,
      () => at72,
      () => running(0.5),
    );
    expect(g.cannotHoldBudget).toBe(false);
    expect(g.message).toBe('training held to 0.5 steps/s to keep 72 Hz');
  });

  it('stretches snapshotEvery when upload frames miss the budget, and relaxes it back', () => {
    const g = new Governor({ snapshotEvery: 2, maxSnapshotEvery: 16 });
    const run: Run = { now: 0, paces: [] };
    // Each window: 6 frames uploaded a snapshot and 3 of them missed; the other 16 were fine.
    drive(
      g,
      run,
      5000,
      () => win(3, { frames: 6, over: 3 }),
      () => running(4),
    );
    expect(g.pace.snapshotEvery).toBe(16);
    expect(g.message).toContain('snapshots every 16 steps to save frames');
    drive(
      g,
      run,
      60_000,
      () => win(0),
      () => running(4),
    );
    expect(g.pace.snapshotEvery).toBe(2);
    expect(g.message).not.toContain('snapshots every');
  });

  it('does not stretch snapshotEvery when upload frames miss no more than the others', () => {
    const g = new Governor({ snapshotEvery: 1 });
    const run: Run = { now: 0, paces: [] };
    drive(
      g,
      run,
      5000,
      () => win(4, { frames: 11, over: 2 }),
      () => running(4),
    );
    expect(g.pace.snapshotEvery).toBe(1);
    expect(g.pace.maxStepsPerSecond).toBe(0.5);
  });

  it('leaves the pace alone while training is not running', () => {
    const g = new Governor({ snapshotEvery: 1, initialStepsPerSecond: 4 });
    const run: Run = { now: 0, paces: [] };
    drive(
      g,
      run,
      5000,
      () => win(22),
      () => ({ active: false, stepsPerSecond: 0 }),
    );
    expect(run.paces).toEqual([]);
    expect(g.pace).toEqual({ maxStepsPerSecond: 4, snapshotEvery: 1 });
    expect(g.message).toBe('training not running; frames judged against 11.1 ms (90 Hz)');
  });

  it('holds the budget in a closed loop with FrameTelemetry on a simulated clock', () => {
    // A GPU shared with training: above 8 steps/s one frame in three misses a vsync at 90 Hz.
    const telemetry = new FrameTelemetry({ targetHz: 90, observeLongTasks: false });
    const g = new Governor({ snapshotEvery: 1, initialStepsPerSecond: null });
    const w = emptyFrameWindow();
    let now = 0;
    let frame = 0;
    let lastOverAfter20s = 0;
    const paceLog: (number | null)[] = [];
    while (now < 40_000) {
      const cap = g.pace.maxStepsPerSecond;
      const rate = follow(cap, 30);
      now += rate > 8 && frame % 3 === 0 ? 2 * BUDGET_90 : BUDGET_90;
      frame++;
      telemetry.begin(now);
      telemetry.end(now + 2);
      if (g.isDue(now)) {
        telemetry.readWindow(w);
        const p = g.update(now, w, running(rate));
        if (p) paceLog.push(p.maxStepsPerSecond);
      }
      if (now >= 20_000 && now < 20_000 + BUDGET_90 * 1.5) lastOverAfter20s = telemetry.overBudget;
    }
    expect(paceLog[0]).toBe(15);
    const s = initialStatus().frames;
    telemetry.writeStatus(s);
    // In the last 20 s, fewer than 1.5% of about 1,800 frames missed.
    expect((s.overBudget - lastOverAfter20s) / 1800).toBeLessThan(0.015);
  });
});

describe('formatRate', () => {
  it('writes steps per second as people read them', () => {
    expect(formatRate(0.5)).toBe('0.5');
    expect(formatRate(4)).toBe('4');
    expect(formatRate(2.34)).toBe('2.3');
    expect(formatRate(37.6)).toBe('38');
  });
});
