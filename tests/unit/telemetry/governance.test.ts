import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/schema';
import type { Pace } from '../../../src/protocol';
import { initialStatus } from '../../../src/status';
import { startGovernance } from '../../../src/telemetry/governance';

describe('startGovernance', () => {
  it('sends the first pace, publishes frames and governor status, and slows training when frames miss', () => {
    const status = initialStatus();
    const paces: Pace[] = [];
    const g = startGovernance({
      status,
      config: { ...DEFAULT_CONFIG, snapshotEvery: 2 },
      setPace: (p) => paces.push(p),
    });
    expect(paces).toEqual([{ maxStepsPerSecond: 4, snapshotEvery: 2 }]);
    expect(status.governor?.message).toBe('measuring frames');

    status.training.state = 'running';
    status.training.stepsPerSecond = 4;
    let now = 1000;
    const frame = (interval: number) => {
      now += interval;
      g.hooks.begin(now);
      g.hooks.end(now + 1.5);
    };
    // Three healthy seconds at 60 Hz: the display rate is estimated and nothing is slowed.
    for (let i = 0; i < 180; i++) frame(1000 / 60);
    expect(status.frames.targetHz).toBe(60);
    expect(status.frames.count).toBeGreaterThan(150);
    expect(status.frames.workP99Ms).toBeCloseTo(1.5, 6);
    expect(status.frames.overBudget).toBe(0);
    expect(paces.every((p) => p.maxStepsPerSecond === null || p.maxStepsPerSecond >= 4)).toBe(true);

    // Then every frame misses a vsync: within a second the trainer is told to slow down.
    const missFrom = now;
    const before = paces.length;
    while (now - missFrom < 1000) frame(2000 / 60);
    const slower = paces.slice(before).find((p) => p.maxStepsPerSecond !== null);
    expect(slower?.maxStepsPerSecond).toBe(2);
    // Still missing after the cooldown: halved again. The status shows the pace last sent.
    const last = paces.at(-1)!.maxStepsPerSecond;
    expect(last).toBe(1);
    expect(status.governor?.maxStepsPerSecond).toBe(last);
    expect(status.governor?.message).toBe('training held to 1 steps/s to keep 60 Hz');
    expect(status.frames.overBudget).toBeGreaterThan(20);
    g.dispose();
  });
});
