import { describe, expect, test } from 'vitest';
import type { FromWorker } from '../../../src/protocol';
import { isMetrics, startTrainer } from './harness';

type Metrics = Extract<FromWorker, { type: 'metrics' }>;
const atStep =
  (step: number) =>
  (m: FromWorker): m is Metrics =>
    isMetrics(m) && m.metrics.step === step;

/** Every step sends a snapshot; evaluations and checkpoints come at these intervals. */
const EVAL_EVERY = 10;
const CHECKPOINT_EVERY = 20;
/** By then every kind of work has run at least once after its first, so what it keeps is made. */
const EARLY = 40;
/** 180 steps later: 180 snapshots, 18 evaluations and 9 checkpoints between the two counts. */
const LATE = EARLY + 180;

// A long session, compressed: every kind of work the trainer repeats (steps, snapshots with the
// probe's activations, held-out evaluations, checkpoints) runs many times between the two counts,
// so a tensor left behind by any of them shows as a difference. A leak shows in how often each
// kind of work repeats, not in how many steps carry it, so each is asked for more often: the
// repeats that took 900 steps at the old cadence fit in 180.
describe('a long training run', () => {
  test('holds as many tensors after 180 snapshots, 18 evaluations and 9 checkpoints as before them (WASM)', async () => {
    const h = startTrainer({
      seed: 9,
      batch: 32,
      snapshotEvery: 1,
      evalEvery: EVAL_EVERY,
      checkpointEvery: CHECKPOINT_EVERY,
    });
    try {
      const early = await h.until(atStep(EARLY), 300_000);
      const late = await h.until(atStep(LATE), 600_000);
      const between = h.messages.slice(h.messages.indexOf(early), h.messages.indexOf(late));
      expect(between.filter((m) => m.type === 'snapshot').length).toBeGreaterThanOrEqual(180);
      expect(between.filter((m) => m.type === 'evaluation').length).toBeGreaterThanOrEqual(18);
      expect(between.filter((m) => m.type === 'checkpointSaved').length).toBeGreaterThanOrEqual(9);
      expect(late.memory.numTensors).toBe(early.memory.numTensors);
    } finally {
      await h.stop();
    }
  }, 900_000);
});
