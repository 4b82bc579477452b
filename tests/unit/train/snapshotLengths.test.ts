import { describe, expect, test } from 'vitest';
import type { FromWorker } from '../../../src/protocol';
import { startTrainer } from './harness';

const isSnapshot = (m: FromWorker): m is Extract<FromWorker, { type: 'snapshot' }> =>
  m.type === 'snapshot';

// The harness checks every message with parseFromWorker, so a snapshot whose arrays do not have
// the lengths the protocol derives from the network's shapes fails the run.
describe('snapshots from the real trainer', () => {
  for (const sharing of ['conv', 'none'] as const) {
    test(`pass the protocol's length checks with sharing=${sharing}`, async () => {
      const h = startTrainer({ sharing, seed: 5, evalEvery: 100_000, checkpointEvery: 100_000 });
      try {
        const m = await h.until(isSnapshot, 120_000);
        expect(m.snapshot.sharing).toBe(sharing);
        expect(m.snapshot.conv1Positions === null).toBe(sharing === 'conv');
      } finally {
        await h.stop();
      }
    }, 180_000);
  }
});
