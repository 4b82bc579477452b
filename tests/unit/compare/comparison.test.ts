import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  appRunConfig,
  startComparison,
  twinConfig,
  type Comparison,
  type TwinClient,
} from '../../../src/compare/comparison';
import { DEFAULT_CONFIG, type Config } from '../../../src/config/schema';
import type { Evaluation, Metrics, Pace, TrainingState } from '../../../src/protocol';
import type { StatusStore } from '../../../src/status';
import type { TrainerListeners } from '../../../src/trainerClient';

/**
 * Stands in for a trainer worker: records the commands it receives and, when the test says so,
 * writes the status store and calls listeners exactly as trainerClient does for worker messages.
 */
class StandInTrainer implements TwinClient {
  readonly calls: string[] = [];
  readonly paces: Pace[] = [];
  disposed = false;
  private readonly listeners = {
    metrics: new Set<(m: Metrics) => void>(),
    evaluation: new Set<(e: Evaluation) => void>(),
    snapshot: new Set<() => void>(),
    kernelGradient: new Set<() => void>(),
    shiftMeasure: new Set<() => void>(),
    runStarted: new Set<() => void>(),
  };

  constructor(
    readonly config: Config,
    readonly store: StatusStore,
  ) {}

  pause = () => void this.calls.push('pause');
  resume = () => void this.calls.push('resume');
  setPace = (p: Pace) => void this.paces.push(p);
  dispose = () => {
    this.disposed = true;
  };
  on<K extends keyof TrainerListeners>(kind: K, fn: NonNullable<TrainerListeners[K]>): () => void {
    const set = this.listeners[kind] as Set<typeof fn>;
    set.add(fn);
    return () => set.delete(fn);
  }

  state(state: TrainingState, detail = ''): void {
    this.store.training.state = state;
    this.store.training.detail = detail;
  }

  /** One training step finished, as the worker reports it. */
  step(bytes = 1000): void {
    const step = this.store.training.step + 1;
    this.store.training.step = step;
    this.store.training.memory = { numTensors: 20, numBytes: bytes };
    const m: Metrics = {
      step,
      loss: 1,
      lossSmoothed: 1,
      batchAccuracy: 0.5,
      stepsPerSecond: 1,
      trainingMs: step * 10,
    };
    for (const fn of this.listeners.metrics) fn(m);
  }

  evaluate(testAccuracy: number): void {
    const step = this.store.training.step;
    const e = { step, testAccuracy, testLoss: 1 - testAccuracy, trainingMs: step * 10 };
    for (const fn of this.listeners.evaluation) fn(e);
  }
}

const CONFIG: Config = { ...DEFAULT_CONFIG, batch: 8, evalEvery: 2, compare: true };
const TICK = 250;

let started: StandInTrainer[];
let comparison: Comparison | null;

/** Starts a comparison on a device that reports `deviceMemoryGiB` (undefined: reports none). */
function start(deviceMemoryGiB: number | undefined): {
  c: Comparison;
  shared: StandInTrainer;
  unshared: StandInTrainer | undefined;
} {
  const c = startComparison(CONFIG, '/data/mnist.bin', {
    deviceMemoryGiB,
    tickMs: TICK,
    startTrainer: (config, _url, store) => {
      const t = new StandInTrainer(config, store);
      started.push(t);
      return t;
    },
  });
  comparison = c;
  return {
    c,
    shared: started.find((t) => t.config.sharing === 'conv')!,
    unshared: started.find((t) => t.config.sharing === 'none'),
  };
}

const tick = () => vi.advanceTimersByTime(TICK);

beforeEach(() => {
  vi.useFakeTimers();
  started = [];
  comparison = null;
});
afterEach(() => {
  comparison?.dispose();
  vi.useRealTimers();
});

describe('twin configs', () => {
  it('differ from the page only in sharing and in being a comparison run from step 0', () => {
    const t = twinConfig(CONFIG, 'none', 10_000);
    expect(t).toEqual({
      ...CONFIG,
      sharing: 'none',
      compare: true,
      fresh: true,
      autostart: false,
      checkpointEvery: 100_000,
      snapshotEvery: 10_000,
    });
    expect(Object.isFrozen(t)).toBe(true);
  });

  it('keep the app run apart from the shared twin', () => {
    expect(appRunConfig(CONFIG).compare).toBe(false);
    expect(appRunConfig(CONFIG).autostart).toBe(false);
    expect(appRunConfig(DEFAULT_CONFIG)).toBe(DEFAULT_CONFIG);
  });
});

describe('startComparison', () => {
  it('starts one trainer per mode from the same seed, each with its own status store', () => {
    const { shared, unshared } = start(8);
    expect(started).toHaveLength(2);
    expect(unshared).toBeDefined();
    expect(shared.config.seed).toBe(unshared!.config.seed);
    expect(shared.config.batch).toBe(unshared!.config.batch);
    expect(shared.store).not.toBe(unshared!.store);
    expect(shared.store.config).toBe(shared.config);
  });

  it('waits for both to warm up, then the twins take turns of evalEvery steps', () => {
    const { c, shared, unshared: u } = start(8);
    const unshared = u!;
    shared.state('paused');
    tick();
    expect(shared.calls).toEqual([]);
    expect(c.turn()).toBeNull();
    unshared.state('paused');
    tick();
    expect(shared.calls).toEqual(['resume']);
    expect(c.turn()).toBe('conv');
    expect(c.twins.conv.phase).toBe('training');

    shared.state('running');
    shared.step();
    expect(shared.calls).toEqual(['resume']);
    shared.step();
    // Step 2 ends the turn: the shared twin is told to pause; the unshared waits until it has.
    expect(shared.calls).toEqual(['resume', 'pause']);
    expect(c.turn()).toBeNull();
    shared.evaluate(0.4);
    tick();
    expect(unshared.calls).toEqual([]);
    shared.state('paused');
    tick();
    expect(unshared.calls).toEqual(['resume']);
    expect(c.turn()).toBe('none');
    expect(c.twins.conv.phase).toBe('waiting');

    unshared.state('running');
    unshared.step();
    unshared.step();
    expect(unshared.calls).toEqual(['resume', 'pause']);
    unshared.evaluate(0.3);
    unshared.state('paused');
    tick();
    // Level at step 2: the shared twin goes next.
    expect(shared.calls).toEqual(['resume', 'pause', 'resume']);
    expect(c.twins.conv.curve.steps).toEqual([2]);
    expect(c.twins.none.curve.accuracy).toEqual([0.3]);
  });

  it('leaves the unshared twin out when the device cannot hold it, and says why', () => {
    const { c, shared, unshared } = start(0.25);
    expect(unshared).toBeUndefined();
    expect(started).toHaveLength(1);
    expect(c.memory.fits).toBe(false);
    expect(c.twins.none.phase).toBe('left-out');
    expect(c.twins.none.message).toMatch(/may not hold the unshared network/);
    expect(c.twins.none.message).toContain('0.25 GiB this device reports');
    shared.state('paused');
    tick();
    expect(shared.calls).toEqual(['resume']);
    shared.state('running');
    for (let i = 0; i < 6; i++) shared.step();
    // Alone, the shared twin never pauses at the end of a turn.
    expect(shared.calls).toEqual(['resume']);
  });

  it('names an unknown device memory as assumed', () => {
    const { c } = start(undefined);
    // The default 2 GiB holds batch 8; the message is only written when it does not.
    expect(c.memory.budget.reported).toBe(false);
    expect(c.memory.fits).toBe(true);
  });

  it('shows the unshared twin’s error and keeps the shared one training', () => {
    const { c, shared, unshared: u } = start(8);
    const unshared = u!;
    shared.state('paused');
    unshared.state('paused');
    tick();
    shared.state('running');
    shared.step();
    shared.step();
    shared.state('paused');
    tick();
    expect(unshared.calls).toEqual(['resume']);
    unshared.state('error', 'out of memory: failed to allocate a texture');
    tick();
    expect(c.twins.none.phase).toBe('failed');
    expect(c.twins.none.message).toBe('out of memory: failed to allocate a texture');
    tick();
    expect(shared.calls).toEqual(['resume', 'pause', 'resume']);
    expect(c.turn()).toBe('conv');
  });

  it('reports a trainer that cannot even start, and runs the other', () => {
    const c = startComparison(CONFIG, '/data/mnist.bin', {
      deviceMemoryGiB: 8,
      tickMs: TICK,
      startTrainer: (config, _url, store) => {
        if (config.sharing === 'none') throw new Error('Worker is not defined');
        const t = new StandInTrainer(config, store);
        started.push(t);
        return t;
      },
    });
    comparison = c;
    expect(c.twins.none.phase).toBe('failed');
    expect(c.twins.none.message).toContain('Worker is not defined');
    started[0]!.state('paused');
    tick();
    expect(started[0]!.calls).toEqual(['resume']);
  });

  it('forwards the pace without asking for more snapshots than the twins send', () => {
    const { c, shared, unshared } = start(8);
    c.setPace({ maxStepsPerSecond: 20, snapshotEvery: 3 });
    expect(shared.paces).toEqual([{ maxStepsPerSecond: 20, snapshotEvery: 10_000 }]);
    expect(unshared!.paces).toEqual(shared.paces);
  });

  it('bumps its version on metrics and evaluations, and disposes both trainers', () => {
    const { c, shared, unshared } = start(8);
    const v0 = c.version();
    shared.step();
    shared.evaluate(0.2);
    expect(c.version()).toBeGreaterThan(v0);
    c.dispose();
    expect(shared.disposed).toBe(true);
    expect(unshared!.disposed).toBe(true);
  });
});
