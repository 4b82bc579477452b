import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startComparison, type TwinClient } from '../../../src/compare/comparison';
import { DEFAULT_CONFIG } from '../../../src/config/schema';
import type { Pace } from '../../../src/protocol';
import { initialStatus, type StatusStore } from '../../../src/status';
import { startGovernance, type Governance } from '../../../src/telemetry/governance';
import { trainingRunOf } from '../../../src/telemetry/trainingRun';

/** Frames at `interval` ms, each with 1.5 ms of main-thread work, on the governance hooks. */
function framer(g: Governance, startMs = 1000) {
  let now = startMs;
  return {
    get now() {
      return now;
    },
    run(ms: number, interval: number) {
      const end = now + ms;
      while (now < end) {
        now += interval;
        g.hooks.begin(now);
        g.hooks.end(now + 1.5);
      }
    },
  };
}

let governance: Governance | null = null;
afterEach(() => governance?.dispose());

describe('startGovernance', () => {
  it('sends the first pace, publishes frames and governor status, and slows training that costs frames', () => {
    const status = initialStatus();
    const paces: Pace[] = [];
    const g = startGovernance({
      status,
      config: { ...DEFAULT_CONFIG, snapshotEvery: 2 },
      setPace: (p) => paces.push(p),
      trainingRun: () => status.training,
    });
    governance = g;
    expect(paces).toEqual([{ maxStepsPerSecond: 4, snapshotEvery: 2 }]);
    expect(status.governor?.message).toBe('measuring frames');
    expect(status.governor?.objective).toBe('desktop');

    // Paused for three seconds at 60 Hz: the room alone, measured.
    status.training.state = 'paused';
    const f = framer(g);
    f.run(3000, 1000 / 60);
    expect(status.frames.targetHz).toBe(60);
    expect(status.frames.workP99Ms).toBeCloseTo(1.5, 6);
    expect(status.governor?.baseline?.fps).toBeCloseTo(60, 0);
    expect(paces).toHaveLength(1);

    // Training runs and every frame takes 50 ms (20 fps): under the floor and far below the room
    // alone, so the trainer is told to slow down.
    status.training.state = 'running';
    status.training.stepsPerSecond = 4;
    f.run(3500, 50);
    const slower = paces.slice(1).find((p) => p.maxStepsPerSecond !== null);
    expect(slower?.maxStepsPerSecond).toBe(2);
    expect(status.governor?.maxStepsPerSecond).toBe(paces.at(-1)!.maxStepsPerSecond);
    expect(status.governor?.decision.verdict).toBe('bad');
    expect(status.governor?.message).toMatch(/training 4 steps\/s \(held to [\d.]+\); \d+ fps/);
  });
});

describe('?pace', () => {
  it('holds training at the pace asked whatever the frames, and says so', () => {
    const status = initialStatus();
    const paces: Pace[] = [];
    const g = startGovernance({
      status,
      config: { ...DEFAULT_CONFIG, pace: 7.5 },
      setPace: (p) => paces.push(p),
      trainingRun: () => status.training,
    });
    governance = g;
    status.training.state = 'paused';
    const f = framer(g);
    f.run(3000, 1000 / 60);
    // Frames that the governor would throttle (20 fps, far below the room alone).
    status.training.state = 'running';
    status.training.stepsPerSecond = 7.5;
    f.run(5000, 50);
    expect(paces.length).toBeGreaterThan(0);
    for (const p of paces) expect(p.maxStepsPerSecond).toBe(7.5);
    expect(status.governor?.maxStepsPerSecond).toBe(7.5);
    expect(status.governor?.message).toMatch(/^\?pace=7\.5: training at most 7\.5 steps\/s/);
  });
});

describe('governance in ?compare=1', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('governs the twin whose turn it is, not the paused app run', () => {
    const config = { ...DEFAULT_CONFIG, batch: 8, evalEvery: 2, compare: true };
    const twinPaces: Pace[] = [];
    const stores: StatusStore[] = [];
    const comparison = startComparison(config, '/data/mnist.bin', {
      deviceMemoryGiB: 8,
      tickMs: 250,
      startTrainer: (_config, _url, store): TwinClient => {
        stores.push(store);
        store.training.state = 'paused';
        return {
          pause: () => void (store.training.state = 'paused'),
          resume: () => void (store.training.state = 'running'),
          setPace: (p) => void twinPaces.push(p),
          on: () => () => {},
          dispose: () => {},
        };
      },
    });
    try {
      vi.advanceTimersByTime(500); // both twins ready: the shared one takes the first turn
      expect(comparison.turn()).toBe('conv');
      const status = initialStatus();
      status.training.state = 'paused'; // the app's own run waits while the twins train
      const twin = comparison.twins.conv.status.training;
      twin.stepsPerSecond = 4;
      const g = startGovernance({
        status,
        config,
        setPace: (p) => comparison.setPace(p),
        trainingRun: trainingRunOf(status, comparison),
      });
      governance = g;
      const f = framer(g);
      // The twin trains and frames crawl at 20 fps with no baseline yet: past its first steps'
      // grace (2 s) the governor probes (slows the twin to measure the room alone), which it would
      // never do for a paused run.
      f.run(3500, 50);
      expect(status.governor?.message).not.toContain('training not running');
      expect(status.governor?.decision.action).toBe('probe');
      expect(twinPaces.some((p) => p.maxStepsPerSecond === 0.2)).toBe(true);
    } finally {
      comparison.dispose();
    }
  });
});
