/**
 * The time-based checkpoint: on a slow GPU `checkpointEvery` steps can be minutes, so a checkpoint
 * is also written once `checkpointSecs` of training have passed. The trainer runs on a simulated
 * clock that moves a fixed time per step, so which steps are saved is exact.
 */
import { describe, expect, test } from 'vitest';
import type { FromWorker } from '../../../src/protocol';
import { MemoryStore, startTrainer } from './harness';

const QUIET = { evalEvery: 100_000, snapshotEvery: 100_000, seed: 17 };
/** Simulated training time per step: slower than any real step here, as on a slow GPU. */
const STEP_MS = 4000;

/** Starts a trainer whose clock moves STEP_MS each time a step's metrics are posted. */
function onSlowClock(overrides: { checkpointEvery: number; checkpointSecs: number }) {
  let clock = 1_000_000;
  return startTrainer({ ...QUIET, ...overrides }, new MemoryStore(), {
    now: () => clock,
    onPost: (m: FromWorker) => {
      if (m.type === 'metrics') clock += STEP_MS;
    },
  });
}

const savedSteps = (messages: readonly FromWorker[]) =>
  messages.flatMap((m) => (m.type === 'checkpointSaved' ? [m.step] : []));

describe('the time-based checkpoint', () => {
  test('a checkpoint is written once checkpointSecs of training have passed, long before checkpointEvery', async () => {
    // 30 s at 4 s a step: due after step 8 (32 s), then 8 steps (32 s) after each save.
    const h = onSlowClock({ checkpointEvery: 1000, checkpointSecs: 30 });
    try {
      await h.until((m) => m.type === 'checkpointSaved' && m.step === 16, 120_000);
      expect(savedSteps(h.messages)).toEqual([8, 16]);
    } finally {
      await h.stop();
    }
  }, 180_000);

  test('the time since the last checkpoint, whatever wrote it, is what counts', async () => {
    // By time at 8, by steps at 10; that restarts the count, so the next by time is 10 + 8 = 18.
    const h = onSlowClock({ checkpointEvery: 10, checkpointSecs: 30 });
    try {
      await h.until((m) => m.type === 'checkpointSaved' && m.step === 20, 120_000);
      expect(savedSteps(h.messages)).toEqual([8, 10, 18, 20]);
    } finally {
      await h.stop();
    }
  }, 180_000);
});
