import { describe, expect, it } from 'vitest';
import { initialStatus } from '../../../src/status';
import { FrameTelemetry, emptyFrameWindow, estimateRefreshHz } from '../../../src/telemetry/frames';

/** Drives telemetry with a simulated clock: each frame is [interval to its begin, work]. */
function play(
  t: FrameTelemetry,
  frames: readonly (readonly [number, number])[],
  start = 0,
): number {
  let now = start;
  for (const [interval, work] of frames) {
    now += interval;
    t.begin(now);
    t.end(now + work);
  }
  return now;
}

const repeat = <T>(n: number, f: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => f(i));

describe('FrameTelemetry', () => {
  it('counts frames whose interval passes one and a half budgets as over budget at 90 Hz', () => {
    const t = new FrameTelemetry({ targetHz: 90, observeLongTasks: false });
    // 100 frames: 90 on time, 5 with 15 ms of jitter (inside 16.7 ms), 5 that missed a vsync.
    const frames = repeat(100, (i) =>
      i % 20 === 3
        ? ([22.2, 2] as const)
        : i % 20 === 11
          ? ([15, 2] as const)
          : ([11.1, 2] as const),
    );
    play(t, frames);
    const s = initialStatus().frames;
    t.writeStatus(s);
    // The first begin has no previous frame: 99 intervals.
    expect(s.count).toBe(99);
    expect(s.overBudget).toBe(5);
    expect(s.targetHz).toBe(90);
    expect(s.budgetMs).toBeCloseTo(11.11, 2);
    expect(s.intervalP50Ms).toBeCloseTo(11.1, 5);
    expect(s.intervalP99Ms).toBeCloseTo(22.2, 5);
    expect(s.longTasks).toBe(0);
  });

  it('reports main-thread work percentiles over the window', () => {
    const t = new FrameTelemetry({ targetHz: 72, observeLongTasks: false, capacity: 200 });
    // Work of 1..200 ms in a shuffled order (the order must not matter), then 50 more of 0.5 ms
    // that push the first 50 out of the window.
    const works = repeat(200, (i) => ((i * 37) % 200) + 1);
    play(
      t,
      works.map((w) => [14, w] as const),
    );
    const s = initialStatus().frames;
    t.writeStatus(s);
    expect(s.workP50Ms).toBe(100);
    expect(s.workP95Ms).toBe(190);
    expect(s.workP99Ms).toBe(198);
    play(
      t,
      repeat(50, () => [14, 0.5] as const),
      10_000,
    );
    t.writeStatus(s);
    const window = [...works.slice(50), ...repeat(50, () => 0.5)].sort((a, b) => a - b);
    expect(s.workP50Ms).toBe(window[99]);
    expect(s.workP99Ms).toBe(window[197]);
  });

  it('estimates the display refresh from idle frames and does not lower it when frames slow', () => {
    const t = new FrameTelemetry({ observeLongTasks: false });
    expect(t.targetHz).toBe(60);
    play(
      t,
      repeat(60, (i) => [i % 2 === 0 ? 8.1 : 8.56, 1] as const),
    );
    const s = initialStatus().frames;
    t.writeStatus(s);
    expect(s.targetHz).toBe(120);
    expect(s.budgetMs).toBeCloseTo(8.33, 2);
    // Training on a software GPU: frames at 7 per second. The display has not become 7 Hz.
    play(
      t,
      repeat(600, () => [140, 3] as const),
      10_000,
    );
    t.writeStatus(s);
    expect(s.targetHz).toBe(120);
    expect(s.overBudget).toBe(600);
    t.setTargetHz(72);
    t.writeStatus(s);
    expect(s.targetHz).toBe(72);
    expect(s.budgetMs).toBeCloseTo(13.89, 2);
  });

  it('finds the display refresh while most frames miss it, from the frames that do not', () => {
    const t = new FrameTelemetry({ observeLongTasks: false });
    // 90 Hz display; training makes 60% of frames miss one or two vsyncs.
    const training = repeat(
      300,
      (i) => [(i % 5 < 2 ? 1 : i % 5 < 4 ? 2 : 3) * (1000 / 90), 1] as const,
    );
    const end = play(t, training);
    const s = initialStatus().frames;
    t.writeStatus(s);
    expect(s.targetHz).toBe(90);
    // Judged against 90 Hz from then on: every frame that missed a vsync is over budget.
    const before = s.overBudget;
    play(t, training, end);
    t.writeStatus(s);
    expect(s.overBudget - before).toBe(180);
  });

  it('keeps judging against 60 Hz when the page never keeps up with any display', () => {
    const t = new FrameTelemetry({ observeLongTasks: false });
    // A scene on software GL: 7 frames per second from the start.
    play(
      t,
      repeat(100, () => [140, 3] as const),
    );
    const s = initialStatus().frames;
    t.writeStatus(s);
    expect(s.targetHz).toBe(60);
    expect(s.overBudget).toBe(99);
  });

  it('hands the governor each window once, with uploads charged to the interval that follows', () => {
    const t = new FrameTelemetry({ targetHz: 90, observeLongTasks: false });
    const w = emptyFrameWindow();
    let now = 0;
    const frame = (interval: number, work: number, upload: boolean) => {
      now += interval;
      t.begin(now);
      if (upload) t.markUpload();
      t.end(now + work);
    };
    frame(0, 1, false);
    frame(11.1, 1, true); // uploads; the next interval is long
    frame(25, 1, false);
    frame(11.1, 1, true); // uploads; the next interval is fine
    frame(11.1, 9, false);
    t.readWindow(w);
    expect(w).toMatchObject({ frames: 4, overBudget: 1, uploadFrames: 2, uploadOverBudget: 1 });
    expect(w.maxIntervalMs).toBeCloseTo(25, 9);
    expect(w.maxWorkMs).toBeCloseTo(9, 9);
    expect(w.targetHz).toBe(90);
    t.readWindow(w);
    expect(w).toMatchObject({ frames: 0, overBudget: 0, uploadFrames: 0, maxIntervalMs: 0 });
    t.addLongTask();
    t.readWindow(w);
    expect(w.longTasks).toBe(1);
    expect(t.longTasks).toBe(1);
  });

  it('starts a fresh interval after restartInterval, so a hidden tab is not one huge frame', () => {
    const t = new FrameTelemetry({ targetHz: 90, observeLongTasks: false });
    const end = play(
      t,
      repeat(10, () => [11.1, 1] as const),
    );
    t.restartInterval();
    play(
      t,
      repeat(10, () => [11.1, 1] as const),
      end + 60_000,
    );
    expect(t.frames).toBe(18);
    expect(t.overBudget).toBe(0);
  });

  it('writes finite zeros before any frame and rejects a bad rate', () => {
    const t = new FrameTelemetry({ targetHz: 90, observeLongTasks: false });
    const s = initialStatus().frames;
    t.writeStatus(s);
    expect(s.intervalP99Ms).toBe(0);
    expect(s.workP50Ms).toBe(0);
    expect(() => t.setTargetHz(0)).toThrow(RangeError);
    expect(() => t.setTargetHz(Number.NaN)).toThrow(RangeError);
    t.dispose();
  });
});

describe('estimateRefreshHz', () => {
  it('snaps a median interval to the common rate it implies', () => {
    expect(estimateRefreshHz(1000 / 90)).toBe(90);
    expect(estimateRefreshHz(13.9)).toBe(72);
    expect(estimateRefreshHz(16.9)).toBe(60);
    expect(estimateRefreshHz(8.4)).toBe(120);
    expect(estimateRefreshHz(40)).toBe(25);
    expect(estimateRefreshHz(0)).toBeNull();
    expect(estimateRefreshHz(Number.NaN)).toBeNull();
  });

  it("knows Quest's 80 Hz and picks the nearer of two close rates", () => {
    expect(estimateRefreshHz(12.5)).toBe(80);
    // 78 Hz is within 6% of both 75 and 80: it goes to 80, the nearer.
    expect(estimateRefreshHz(1000 / 78)).toBe(80);
    expect(estimateRefreshHz(1000 / 76)).toBe(75);
  });
});
