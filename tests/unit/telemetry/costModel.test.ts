import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../src/telemetry/costModel';
import type { FrameFigures } from '../../../src/telemetry/objective';

/** A window of `frames` intervals alternating mean - spread and mean + spread. */
function windowOf(frames: number, meanMs: number, spreadMs = 0): FrameFigures {
  const a = meanMs - spreadMs;
  const b = meanMs + spreadMs;
  return {
    frames,
    intervalSumMs: frames * meanMs,
    intervalSqSumMs: (frames / 2) * (a * a + b * b),
    overBudget: 0,
    overFloor: 0,
  };
}

describe('CostModel', () => {
  it('fits the room alone and what each step per second adds to the frame interval', () => {
    const m = new CostModel();
    // 100 ms alone, +20 ms per step/s.
    let t = 0;
    for (const rate of [0, 1, 2, 4, 0, 2, 4, 1])
      m.add((t += 1000), rate, windowOf(30, 100 + 20 * rate, 10));
    const l = m.line()!;
    expect(l.interceptMs).toBeCloseTo(100, 6);
    expect(l.slope).toBeCloseTo(20, 6);
    expect(l.slopeError).toBeGreaterThan(0);
    // XR's 5% margin over the room alone: 105.3 ms, reached at about a quarter step per second.
    const rate = m.rateFor((alone) => alone / 0.95, 0)!;
    expect(rate).toBeCloseTo(100 / 0.95 / 20 - 5, 6);
    expect(
      m.rateFor((alone) => alone / 0.95, 2)!,
      'the upper bound: slower',
    ).toBeLessThan(rate);
  });

  it('says nothing while every window ran at one pace', () => {
    const m = new CostModel();
    for (let i = 1; i <= 10; i++) m.add(i * 250, 3, windowOf(30, 40, 5));
    expect(m.line()).toBeNull();
    expect(m.rateFor((x) => x * 1.05)).toBeNull();
  });

  it('allows more pace as windows show training costs nothing, and none when it surely does not', () => {
    const m = new CostModel();
    const limit = (alone: number) => alone / 0.95;
    let t = 0;
    const feed = (n: number) => {
      for (let i = 0; i < n; i++) m.add((t += 250), i % 2 ? 5 : 0, windowOf(30, 100, 40));
    };
    feed(4);
    const early = m.rateFor(limit)!;
    feed(60);
    expect(m.rateFor(limit)!).toBeGreaterThan(2 * early);
    // Frames quicker while training (a cache warmed by it, say), beyond doubt: no ceiling.
    const quicker = new CostModel();
    for (const rate of [0, 5, 0, 5]) quicker.add((t += 250), rate, windowOf(30, 100 - rate, 1));
    expect(quicker.rateFor(limit)).toBe(Infinity);
  });

  it('forgets old windows: a room that changed is learned again', () => {
    const m = new CostModel(10_000);
    let t = 0;
    for (const rate of [0, 4, 0, 4]) m.add((t += 1000), rate, windowOf(30, 100 + 20 * rate, 5));
    // Ten half-lives later training costs nothing.
    t += 100_000;
    for (const rate of [0, 4, 0, 4]) m.add((t += 1000), rate, windowOf(30, 100, 5));
    expect(Math.abs(m.line()!.slope)).toBeLessThan(0.1);
  });

  it('ignores empty windows and starts afresh on reset', () => {
    const m = new CostModel();
    m.add(0, 2, windowOf(0, 0));
    expect(m.line()).toBeNull();
    for (const rate of [0, 4]) m.add(1000, rate, windowOf(30, 100 + 20 * rate));
    expect(m.line()).not.toBeNull();
    m.reset();
    expect(m.line()).toBeNull();
  });
});
