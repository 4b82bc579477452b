import { describe, expect, test } from 'vitest';
import type { FromWorker } from '../../../src/protocol';
import { MemoryStore, startTrainer } from './harness';

type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;
const is =
  <T extends FromWorker['type']>(type: T, pred: (m: Msg<T>) => boolean = () => true) =>
  (m: FromWorker): m is Msg<T> =>
    m.type === type && pred(m as Msg<T>);
const diverged = is('state', (m) => m.state === 'diverged');

const LET_DIVERGE = { failOnDiverged: false };

/**
 * Whether a stored record is byte for byte `bytes`. Compared natively: toEqual walks a checkpoint's
 * megabytes element by element for 10-12 s (measured), and the trainer, on this thread, waits.
 */
const sameBytes = (record: unknown, bytes: Uint8Array): boolean =>
  Buffer.from(record as ArrayBuffer).equals(bytes);

const QUIET = { evalEvery: 100_000, snapshotEvery: 100_000, seed: 21 };

describe('divergence at lr=1', () => {
  test('a run started at lr=1 stops as diverged within 20 steps', async () => {
    const h = startTrainer(
      { ...QUIET, lr: 1, checkpointEvery: 1000 },
      new MemoryStore(),
      LET_DIVERGE,
    );
    try {
      const state = await h.until(diverged, 120_000);
      const step = h.trainer.status.step;
      console.info(`lr=1 diverged at step ${step}: ${state.detail}`);
      expect(step).toBeLessThanOrEqual(20);
      expect(state.detail).toMatch(/diverged/);
      // Stopped: no step follows.
      const at = h.messages.length;
      await new Promise((r) => setTimeout(r, 1000));
      expect(h.messages.slice(at).some(is('metrics'))).toBe(false);
    } finally {
      h.trainer.dispose();
    }
  }, 180_000);

  test('lr=1 typed into a good run diverges, keeps the good checkpoint, and rolls back to it at lr/10', async () => {
    const store = new MemoryStore();
    const h = startTrainer({ ...QUIET, checkpointEvery: 5 }, store, LET_DIVERGE);
    let good: Msg<'checkpointSaved'>;
    let rolledLr = 0;
    try {
      good = await h.until(
        is('checkpointSaved', (m) => m.step === 10),
        120_000,
      );
      const goodBytes = new Uint8Array((store.map.get(good.record) as ArrayBuffer).slice(0));
      h.trainer.handle({ type: 'setLearningRate', lr: 1 });
      const from = h.trainer.status.step;
      await h.until(diverged, 120_000);
      const at = h.trainer.status.step;
      expect(at - from).toBeLessThanOrEqual(20);
      // Nothing after the good step replaced it, and it is byte for byte what was saved.
      expect(sameBytes(store.map.get(good.record), goodBytes), 'the good checkpoint').toBe(true);

      // Roll back until the run trains on: at lr 0.1 Adam may blow up again, at 0.01 it learns.
      let lr = 1;
      let resumedFrom = -1;
      for (let attempt = 0; attempt < 3; attempt++) {
        const asked = h.messages.length;
        h.trainer.handle({ type: 'rollBack' });
        lr /= 10;
        const started = await h.until(
          is('runStarted', (m) => h.messages.indexOf(m) >= asked),
          60_000,
        );
        expect(started.lr).toBeCloseTo(lr, 10);
        expect(started.resumedFrom).toBe(10);
        resumedFrom = started.resumedFrom!;
        const outcome = await h.until(
          (m) =>
            h.messages.indexOf(m) > h.messages.indexOf(started) &&
            ((m.type === 'checkpointSaved' && m.step > resumedFrom) ||
              (m.type === 'state' && m.state === 'diverged')),
          120_000,
        );
        // The good checkpoint survives every divergence, byte for byte.
        expect(sameBytes(store.map.get(good.record), goodBytes), 'the good checkpoint').toBe(true);
        if (outcome.type === 'checkpointSaved') break;
      }
      const last = h.messages.filter(is('checkpointSaved')).at(-1)!;
      expect(last.step).toBeGreaterThan(resumedFrom);
      rolledLr = lr;
    } finally {
      await h.stop();
    }
    const reload = startTrainer({ ...QUIET, checkpointEvery: 1000 }, store);
    try {
      const again = await reload.until(is('runStarted'), 60_000);
      expect(again.resumedFrom).toBeGreaterThan(10);
      expect(again.lr).toBeCloseTo(rolledLr, 10);
    } finally {
      await reload.stop();
    }
  }, 400_000);

  test('keep going carries on from where the diverged run is', async () => {
    const h = startTrainer(
      { ...QUIET, lr: 1, checkpointEvery: 1000 },
      new MemoryStore(),
      LET_DIVERGE,
    );
    try {
      await h.until(diverged, 120_000);
      const step = h.trainer.status.step;
      h.trainer.handle({ type: 'keepGoing' });
      await h.until(
        is('metrics', (m) => m.metrics.step === step + 1),
        60_000,
      );
    } finally {
      h.trainer.dispose();
    }
  }, 180_000);
});
