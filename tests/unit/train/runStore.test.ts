import { describe, expect, test } from 'vitest';
import type { FromWorker } from '../../../src/protocol';
import { deserializeCheckpoint } from '../../../src/train/checkpoint';
import { KEPT_GENERATIONS } from '../../../src/train/generations';
import { MemoryStore, isMetrics, startTrainer } from './harness';

type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;
const is =
  <T extends FromWorker['type']>(type: T, pred: (m: Msg<T>) => boolean = () => true) =>
  (m: FromWorker): m is Msg<T> =>
    m.type === type && pred(m as Msg<T>);

const QUIET = { evalEvery: 100_000, snapshotEvery: 100_000, seed: 13 };

/** A store whose writes fail with the browser's quota error once `failFrom` puts have landed. */
class FullStore extends MemoryStore {
  puts = 0;
  constructor(private readonly failFrom: number) {
    super();
  }
  override put(key: string, buffer: ArrayBuffer): Promise<void> {
    if (++this.puts > this.failFrom) {
      return Promise.reject(new DOMException('the quota has been exceeded', 'QuotaExceededError'));
    }
    return super.put(key, buffer);
  }
}

describe('RunStore generations', () => {
  test('every save is a new generation, and only the newest few are kept', async () => {
    const store = new MemoryStore();
    const h = startTrainer({ ...QUIET, checkpointEvery: 2 }, store);
    try {
      await h.until(
        is('checkpointSaved', (m) => m.step === 12),
        120_000,
      );
    } finally {
      await h.stop();
    }
    const steps = [...store.map.keys()].map((k) => Number(k.split('@')[1])).sort((a, b) => a - b);
    expect(steps.length).toBeLessThanOrEqual(KEPT_GENERATIONS + 1);
    expect(steps.slice(-3)).toEqual([8, 10, 12]);
  }, 180_000);

  test('a write that fails for want of space keeps the previous record, warns once, and training goes on', async () => {
    const store = new FullStore(1);
    const h = startTrainer({ ...QUIET, checkpointEvery: 2 }, store);
    try {
      const first = await h.until(is('checkpointSaved'), 90_000);
      const kept = store.map.get(first.record);
      await h.until(
        is('metrics', (m) => m.metrics.step >= first.step + 8),
        120_000,
      );
      expect(store.puts).toBeGreaterThanOrEqual(4);
      expect(store.map.get(first.record)).toBe(kept);
      expect(deserializeCheckpoint(kept as ArrayBuffer, first.record).step).toBe(first.step);
      const warnings = h.messages.filter(is('warning'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toMatch(/quota.*previous one is kept/);
      expect(h.messages.some(is('state', (m) => m.state === 'error'))).toBe(false);
    } finally {
      await h.stop();
    }
  }, 180_000);

  test('a corrupt newest generation falls back to the one before it', async () => {
    const store = new MemoryStore();
    const first = startTrainer({ ...QUIET, checkpointEvery: 3 }, store);
    let newest: Msg<'checkpointSaved'>;
    try {
      newest = await first.until(
        is('checkpointSaved', (m) => m.step === 6),
        120_000,
      );
    } finally {
      await first.stop();
    }
    const bytes = new Uint8Array(store.map.get(newest.record) as ArrayBuffer);
    bytes[bytes.length - 5]! ^= 0xff;

    const second = startTrainer({ ...QUIET, checkpointEvery: 1000 }, store);
    try {
      const warning = await second.until(is('warning'), 60_000);
      expect(warning.message).toContain(newest.record);
      expect(warning.message).toMatch(/corrupt/);
      const started = await second.until(is('runStarted'), 60_000);
      expect(started).toMatchObject({ key: newest.key, resumedFrom: 3 });
      expect((await second.until(isMetrics, 60_000)).metrics.step).toBe(4);
    } finally {
      await second.stop();
    }
  }, 240_000);
});
