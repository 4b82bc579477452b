import { describe, expect, it } from 'vitest';
import { CapControl } from '../../../src/telemetry/capControl';
import { GOVERNOR_DEFAULTS } from '../../../src/telemetry/governorOptions';

const caps = (initial: number | null = 8) =>
  new CapControl({ ...GOVERNOR_DEFAULTS, initialStepsPerSecond: initial });

describe('CapControl', () => {
  it('halves to what the trainer achieved when frames go bad, and stops at the floor', () => {
    const c = caps(8);
    expect(c.bad(6)).toBe('slower');
    expect(c.cap).toBe(3);
    c.bad(3);
    c.bad(1.5);
    c.bad(0.75);
    expect(c.cap).toBe(0.5);
    expect(c.atFloor).toBe(true);
    expect(c.bad(0.5), 'no lower than the floor').toBe('hold');
    expect(c.cap).toBe(0.5);
  });

  it('holds at most a ceiling: rounded, never under the floor, and only when it is lower', () => {
    const c = caps(8);
    expect(c.holdAtMost(3.456, 8)).toBe('slower');
    expect(c.cap).toBe(3.46);
    expect(c.holdAtMost(5, 3), 'a higher ceiling leaves the cap').toBe('hold');
    expect(c.cap).toBe(3.46);
    expect(c.holdAtMost(0.1, 3)).toBe('slower');
    expect(c.cap, 'the floor').toBe(0.5);
    const free = caps(null);
    expect(free.holdAtMost(6, 4), 'unthrottled, past what the trainer reaches').toBe('hold');
    expect(free.cap).toBeNull();
    expect(free.holdAtMost(2, 4)).toBe('slower');
    expect(free.cap).toBe(2);
  });

  it('rises only after a stable second of healthy frames, by 1 or a quarter of the cap', () => {
    const c = caps(8);
    expect(c.healthy(250, 250, 8)).toBe('hold');
    expect(c.healthy(1000, 250, 8)).toBe('faster');
    expect(c.cap).toBe(10);
    expect(c.healthy(1250, 250, 10)).toBe('faster');
    expect(c.cap).toBe(12.5);
    // A marginal window starts the streak again.
    expect(c.marginal()).toBe('hold');
    expect(c.healthy(1500, 250, 12.5)).toBe('hold');
  });

  it('climbs freely to 90% of the rate where frames went bad, then one step per 10 healthy seconds', () => {
    const c = caps(10);
    c.bad(10); // 5, frames went bad at 10
    let now = 0;
    const tick = () => c.healthy((now += 250), 250, c.cap!);
    for (let i = 0; i < 12; i++) tick();
    expect(c.cap).toBe(9);
    // The streak began at 0: the plateau holds until 10 s of it.
    while (now < 9_500) {
      tick();
      expect(c.cap).toBe(9);
    }
    while (c.cap === 9) tick();
    expect(c.cap).toBeCloseTo(11.25, 6);
  });

  it('forgets the rate once judged bad when told (a fresh baseline)', () => {
    const c = caps(10);
    c.bad(10);
    c.forgetKnownBad();
    let now = 0;
    for (let i = 0; i < 20; i++) c.healthy((now += 250), 250, c.cap!);
    expect(c.cap!).toBeGreaterThan(10);
  });

  it('lifts the cap when the trainer stays out of its reach for 3 s', () => {
    const c = caps(20);
    let now = 0;
    let move = 'hold';
    while (move !== 'uncap' && now < 10_000) move = c.healthy((now += 250), 250, 12);
    expect(move).toBe('uncap');
    expect(c.cap).toBeNull();
    expect(now).toBeGreaterThanOrEqual(3000);
  });
});
