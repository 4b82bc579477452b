import { describe, expect, it } from 'vitest';
import {
  Curve,
  emptyRange,
  extendRange,
  latestCommonPoint,
  nextTurn,
  resultSentence,
  settleRange,
  turnEnd,
  type Range,
} from '../../../src/compare/curves';

const ev = (step: number, testAccuracy: number, testLoss = 1, trainingMs = step * 100) => ({
  step,
  testAccuracy,
  testLoss,
  trainingMs,
});

describe('Curve', () => {
  it('keeps evaluations in order with their time, accuracy and loss', () => {
    const c = new Curve();
    c.push(ev(0, 0.1, 2.3, 0));
    c.push(ev(10, 0.5, 1.2, 900));
    expect(c.length).toBe(2);
    expect(c.steps).toEqual([0, 10]);
    expect(c.times).toEqual([0, 900]);
    expect(c.accuracy).toEqual([0.1, 0.5]);
    expect(c.loss).toEqual([2.3, 1.2]);
    expect(c.indexOfStep(10)).toBe(1);
    expect(c.indexOfStep(5)).toBe(-1);
  });

  it('replaces a second evaluation of the same step', () => {
    const c = new Curve();
    c.push(ev(10, 0.5));
    c.push(ev(10, 0.6));
    expect(c.steps).toEqual([10]);
    expect(c.accuracy).toEqual([0.6]);
  });

  it('starts over when the run goes back to an earlier step', () => {
    const c = new Curve();
    c.push(ev(10, 0.5));
    c.push(ev(20, 0.7));
    c.push(ev(0, 0.1));
    expect(c.steps).toEqual([0]);
  });
});

describe('latestCommonPoint', () => {
  it('finds the latest step both runs were evaluated at', () => {
    const s = new Curve();
    const u = new Curve();
    for (const step of [0, 2, 4, 6]) s.push(ev(step, step / 10, 2 - step / 10, step * 100));
    for (const step of [0, 2, 4]) u.push(ev(step, step / 20, 2 - step / 20, step * 300));
    expect(latestCommonPoint(s, u)).toEqual({
      step: 4,
      shared: { accuracy: 0.4, loss: 1.6, ms: 400, trainAccuracy: null },
      unshared: { accuracy: 0.2, loss: 1.8, ms: 1200, trainAccuracy: null },
    });
  });

  it("carries each twin's training accuracy at that step when it was measured", () => {
    const s = new Curve();
    const u = new Curve();
    s.push({ ...ev(2, 0.5), trainAccuracy: 0.6 });
    s.push({ ...ev(4, 0.7), trainAccuracy: 0.75 });
    u.push({ ...ev(2, 0.4), trainAccuracy: 0.55 });
    const p = latestCommonPoint(s, u);
    expect(p?.step).toBe(2);
    expect(p?.shared.trainAccuracy).toBe(0.6);
    expect(p?.unshared.trainAccuracy).toBe(0.55);
    expect(s.trainAccuracy).toEqual([0.6, 0.75]);
  });

  it('is null until both have an evaluation after step 0', () => {
    const s = new Curve();
    const u = new Curve();
    s.push(ev(0, 0.1));
    u.push(ev(0, 0.1));
    s.push(ev(2, 0.3));
    expect(latestCommonPoint(s, u)).toBeNull();
    expect(latestCommonPoint(new Curve(), u)).toBeNull();
  });
});

describe('resultSentence', () => {
  const point = {
    step: 40,
    shared: { accuracy: 0.912, loss: 0.3, ms: 2000, trainAccuracy: null },
    unshared: { accuracy: 0.84, loss: 0.55, ms: 9500, trainAccuracy: null },
  };

  it('states what was measured, whichever way it came out', () => {
    const text = resultSentence(point, 11.82, { conv: 10 * 1024 ** 2, none: 96 * 1024 ** 2 });
    expect(text).toBe(
      'after 40 steps: shared 91.2% held-out accuracy, unshared 84.0%; held-out loss 0.300 ' +
        'against 0.550; running time 2.0 s against 9.5 s; unshared used 11.8x the parameters ' +
        'and 9.6x the memory (96.0 MiB against 10.0 MiB).',
    );
    const reversed = resultSentence(
      { ...point, shared: point.unshared, unshared: point.shared },
      11.82,
      { conv: null, none: null },
    );
    expect(reversed).toContain('shared 84.0% held-out accuracy, unshared 91.2%');
    expect(reversed).not.toContain('memory');
  });
});

describe('nextTurn', () => {
  const c = (mode: 'conv' | 'none', step: number, alive = true, ready = true) => ({
    mode,
    step,
    alive,
    ready,
  });

  it('gives the turn to the twin that is behind, the shared one on a tie', () => {
    expect(nextTurn([c('conv', 10), c('none', 4)])).toBe('none');
    expect(nextTurn([c('conv', 4), c('none', 10)])).toBe('conv');
    expect(nextTurn([c('conv', 4), c('none', 4)])).toBe('conv');
  });

  it('skips a twin that failed, was left out or is not ready', () => {
    expect(nextTurn([c('conv', 10), c('none', 0, false)])).toBe('conv');
    expect(nextTurn([c('conv', 10), c('none', 0, true, false)])).toBe('conv');
    expect(nextTurn([c('conv', 0, false), c('none', 0, true, false)])).toBeNull();
  });
});

describe('turnEnd', () => {
  it('ends a turn at the next multiple of the turn length', () => {
    expect(turnEnd(0, 5)).toBe(5);
    expect(turnEnd(5, 5)).toBe(10);
    expect(turnEnd(7, 5)).toBe(10);
    expect(turnEnd(3, 1)).toBe(4);
  });
});

describe('chart ranges', () => {
  it('covers every finite value and gives a flat or empty series a span', () => {
    const r: Range = { lo: 0, hi: 0 };
    emptyRange(r);
    extendRange(r, [0.5, 2, Number.NaN]);
    extendRange(r, [1]);
    settleRange(r, 0.1);
    expect(r).toEqual({ lo: 0.5, hi: 2 });
    emptyRange(r);
    settleRange(r, 0.1);
    expect(r).toEqual({ lo: 0, hi: 1 });
    emptyRange(r);
    extendRange(r, [3, 3]);
    settleRange(r, 1);
    expect(r).toEqual({ lo: 2.5, hi: 3.5 });
  });
});
