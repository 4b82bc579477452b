import { describe, expect, it } from 'vitest';
import { StepRate } from '../../../src/train/stepRate';

describe('StepRate', () => {
  it('reports 0 until two steps have completed', () => {
    const rate = new StepRate(8, 5000);
    expect(rate.perSecond(0)).toBe(0);
    rate.record(100);
    expect(rate.perSecond(100)).toBe(0);
  });

  it('counts the intervals between completed steps', () => {
    const rate = new StepRate(8, 5000);
    for (const t of [0, 100, 200, 300]) rate.record(t);
    // Three intervals over 300 ms.
    expect(rate.perSecond(300)).toBeCloseTo(10);
  });

  it('counts at most the window of recent steps', () => {
    const rate = new StepRate(4, 5000);
    // Slow steps first, then four fast ones: only the last four count.
    for (const t of [0, 1000, 2000, 2010, 2020, 2030]) rate.record(t);
    expect(rate.perSecond(2030)).toBeCloseTo(3000 / 30);
  });

  it('drops steps older than the time window but keeps the last interval', () => {
    const rate = new StepRate(8, 5000);
    for (const t of [0, 1000, 7000]) rate.record(t);
    // The step at 0 is older than 5 s: one interval of 6 s remains.
    expect(rate.perSecond(7000)).toBeCloseTo(1 / 6);
    const slow = new StepRate(8, 5000);
    for (const t of [0, 10000]) slow.record(t);
    // One step outlasts the window: its interval still counts.
    expect(slow.perSecond(10000)).toBeCloseTo(0.1);
  });

  it('forgets every step when cleared', () => {
    const rate = new StepRate(8, 5000);
    for (const t of [0, 100, 200]) rate.record(t);
    rate.clear();
    expect(rate.perSecond(300)).toBe(0);
    rate.record(400);
    rate.record(500);
    expect(rate.perSecond(500)).toBeCloseTo(10);
  });
});
