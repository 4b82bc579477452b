import { describe, expect, test } from 'vitest';
import type { FromWorker } from '../../../src/protocol';
import { isMetrics, startTrainer } from './harness';

type Metrics = Extract<FromWorker, { type: 'metrics' }>;
const atStep =
  (step: number) =>
  (m: FromWorker): m is Metrics =>
    isMetrics(m) && m.metrics.step === step;

// A long session, compressed: every kind of work the trainer repeats (steps, snapshots with the
// probe's activations, held-out evaluations, checkpoints) runs many times between the two counts,
// so a tensor left behind by any of them shows as a difference.
describe('a long training run', () => {
  test('holds as many tensors at step 1,000 as at step 100 (WASM)', async () => {
    const h = startTrainer({ seed: 9, snapshotEvery: 5, evalEvery: 50, checkpointEvery: 100 });
    try {
      const early = await h.until(atStep(100), 300_000);
      const late = await h.until(atStep(1000), 1_500_000);
      const between = h.messages.slice(h.messages.indexOf(early), h.messages.indexOf(late));
      expect(between.filter((m) => m.type === 'snapshot').length).toBeGreaterThanOrEqual(180);
      expect(between.filter((m) => m.type === 'evaluation').length).toBeGreaterThanOrEqual(18);
      expect(between.filter((m) => m.type === 'checkpointSaved').length).toBeGreaterThanOrEqual(9);
      expect(late.memory.numTensors).toBe(early.memory.numTensors);
    } finally {
      await h.stop();
    }
  }, 1_800_000);
});
