import { describe, expect, it } from 'vitest';
import { FrameSum } from '../../../src/telemetry/frameSum';
import {
  type FrameFigures,
  costsFrames,
  judgeFrames,
  objectiveVerdict,
  readyToJudge,
} from '../../../src/telemetry/objective';

/**
 * Figures of a list of intervals, as FrameTelemetry counts them on a 60 Hz display: over budget
 * past 25 ms (a missed vsync), under the desktop floor past 41.7 ms (33.3 ms plus half a vsync).
 */
function figures(intervals: readonly number[]): FrameFigures {
  const s = new FrameSum();
  for (const i of intervals) {
    s.add({
      frames: 1,
      intervalSumMs: i,
      intervalSqSumMs: i * i,
      overBudget: i > 25 ? 1 : 0,
      overFloor: i > 1000 / 30 + 1000 / 60 / 2 ? 1 : 0,
    });
  }
  return s;
}

/** The room alone: 60 intervals scattered around 31 ms, a third of them over 33 ms. */
const ROOM = figures(Array.from({ length: 60 }, (_, i) => [24, 28, 31, 36, 42, 26][i % 6]!));

describe('costsFrames', () => {
  it('does not count a dozen unlucky frames of a scattered room as training costing frames', () => {
    // 12 frames, 7 over the floor (58% against the room's 33%), 20% slower on average: within
    // what chance gives a dozen frames of this room.
    const unlucky = figures([36, 42, 36, 42, 36, 31, 28, 42, 36, 31, 24, 42]);
    expect(costsFrames('desktop', unlucky, ROOM)).toBe(false);
    expect(judgeFrames('desktop', unlucky, ROOM)).toBe('healthy');
  });

  it('still counts frames that are clearly slower than the room alone', () => {
    const halved = figures(Array.from({ length: 12 }, (_, i) => [50, 56, 62, 72, 84, 52][i % 6]!));
    expect(costsFrames('desktop', halved, ROOM)).toBe(true);
    expect(judgeFrames('desktop', halved, ROOM)).toBe('bad');
  });

  it('compares as before when the spread is unknown (no squares)', () => {
    const flat = (frames: number, sum: number, overFloor: number): FrameFigures => ({
      frames,
      intervalSumMs: sum,
      intervalSqSumMs: 0,
      overBudget: frames,
      overFloor,
    });
    // 34 fps alone; 20 fps with training: slower than 0.85 of the room.
    expect(costsFrames('desktop', flat(20, 1000, 18), flat(34, 1000, 14))).toBe(true);
    expect(costsFrames('desktop', flat(33, 1000, 14), flat(34, 1000, 14))).toBe(false);
  });
});

describe('the desktop floor', () => {
  it('holds at two vsyncs a frame, jitter and all, and not at three', () => {
    const twoVsyncs = figures(Array.from({ length: 30 }, (_, i) => (i % 2 ? 33.9 : 32.8)));
    expect(objectiveVerdict('desktop', twoVsyncs)).toBe('healthy');
    const threeVsyncs = figures(Array.from({ length: 30 }, () => 50));
    expect(objectiveVerdict('desktop', threeVsyncs)).toBe('bad');
  });

  it('misses at 27 fps even when no single frame is over the floor', () => {
    expect(objectiveVerdict('desktop', figures(Array.from({ length: 30 }, () => 37)))).toBe('bad');
  });

  it('lets training take a fast room down to the floor on a desktop, not in XR', () => {
    // The room alone: 42 fps. Training: 31 fps, every frame two vsyncs at most, bar one.
    const alone = figures(Array.from({ length: 60 }, (_, i) => (i % 3 ? 16.7 : 33.3)));
    const training = figures(Array.from({ length: 30 }, (_, i) => (i === 7 ? 50 : 31.7)));
    expect(costsFrames('desktop', training, alone)).toBe(false);
    expect(costsFrames('xr', training, alone)).toBe(true);
  });
});

describe('readyToJudge', () => {
  const timing = { minFrames: 12, compareMinFrames: 30, maxJudgeMs: 1000, slowJudgeMs: 6000 };
  it('judges several misses at once in a room that meets the objective alone, not the odd one', () => {
    const smooth = figures(Array.from({ length: 120 }, (_, i) => (i === 40 ? 50 : 16.7)));
    expect(readyToJudge('desktop', figures([50, 50, 50]), 150, smooth, timing)).toBe(true);
    // One slow frame in a few: the room alone drops one in 120 too.
    expect(readyToJudge('desktop', figures([16.7, 50]), 70, smooth, timing)).toBe(false);
  });

  it('waits for 30 frames, or 6 s, before a room that misses the objective alone may pass', () => {
    const slow = figures([50, 50, 50, 50]);
    expect(readyToJudge('desktop', slow, 1500, ROOM, timing)).toBe(false);
    expect(readyToJudge('desktop', slow, 6000, ROOM, timing)).toBe(true);
    // A dozen frames within chance of the room alone: not yet.
    const unlucky = figures([36, 42, 36, 42, 36, 31, 28, 42, 36, 31, 24, 42]);
    expect(readyToJudge('desktop', unlucky, 400, ROOM, timing)).toBe(false);
    expect(readyToJudge('desktop', figures(Array(30).fill(36)), 1100, ROOM, timing)).toBe(true);
  });

  it('cuts a clear cost at a dozen frames without waiting for 30', () => {
    const halved = figures(Array.from({ length: 12 }, (_, i) => [50, 56, 62, 72, 84, 52][i % 6]!));
    expect(readyToJudge('desktop', halved, 600, ROOM, timing)).toBe(true);
  });
});
