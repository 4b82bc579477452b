import { describe, expect, it } from 'vitest';
import {
  checkpointDue,
  endReached,
  evaluationDue,
  snapshotDue,
  waitBeforeStep,
} from '../../../src/train/cadence';

describe('waitBeforeStep', () => {
  it('never waits without a pace', () => {
    expect(waitBeforeStep(1000, null, 1000)).toBe(0);
  });

  it('waits until a step interval has passed since the last step began', () => {
    // 4 steps/s: 250 ms apart; 100 ms have passed.
    expect(waitBeforeStep(1000, 4, 1100)).toBe(150);
  });

  it('does not wait once the interval has passed', () => {
    expect(waitBeforeStep(1000, 4, 1300)).toBeLessThanOrEqual(0);
  });

  it('does not wait before the first step', () => {
    expect(waitBeforeStep(-Infinity, 4, 0)).toBeLessThanOrEqual(0);
  });
});

describe('snapshotDue', () => {
  it('sends a snapshot every snapshotEvery steps and not between', () => {
    const due = [1, 2, 3, 4, 5, 6].filter((step) => snapshotDue(step, 3));
    expect(due).toEqual([3, 6]);
  });

  it('sends one every step when snapshotEvery is 1', () => {
    expect([1, 2, 3].every((step) => snapshotDue(step, 1))).toBe(true);
  });
});

describe('checkpointDue', () => {
  it('saves every checkpointEvery steps even when little training time has passed', () => {
    expect(checkpointDue(200, 10, 100, 60)).toBe(true);
    expect(checkpointDue(201, 10, 100, 60)).toBe(false);
  });

  it('saves once checkpointSecs of training time have passed since the last checkpoint', () => {
    expect(checkpointDue(7, 59_999, 100, 60)).toBe(false);
    expect(checkpointDue(7, 60_000, 100, 60)).toBe(true);
  });
});

describe('evaluationDue', () => {
  it('evaluates every evalEvery steps and not between', () => {
    const due = [99, 100, 101, 199, 200].filter((step) => evaluationDue(step, 100));
    expect(due).toEqual([100, 200]);
  });
});

describe('endReached', () => {
  it('ends a run with an end once its step reaches it', () => {
    expect(endReached(9, 10, false)).toBe(false);
    expect(endReached(10, 10, false)).toBe(true);
    expect(endReached(11, 10, false)).toBe(true);
  });

  it('never ends a run without an end', () => {
    expect(endReached(1_000_000, 0, false)).toBe(false);
  });

  it('does not end a run that has already finished again', () => {
    expect(endReached(10, 10, true)).toBe(false);
  });
});
