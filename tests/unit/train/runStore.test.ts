import { describe, expect, test } from 'vitest';
import type { FromWorker } from '../../../src/protocol';
import { deserializeCheckpoint } from '../../../src/train/checkpoint';
import type { RecordUsage } from '../../../src/train/checkpointStore';
import { KEPT_GENERATIONS } from '../../../src/train/generations';
import { STORAGE_BUDGET_BYTES } from '../../../src/train/runStore';
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

/** A store that keeps each record's size and time, as the app's IndexedDB store does. */
class SizedStore extends MemoryStore {
  private readonly times = new Map<string, number>();
  private clock = 1_000;
  /** Writes a record as if saved at `savedAt` (ms): old runs of other links. */
  putAt(key: string, buffer: ArrayBuffer, savedAt: number): void {
    this.map.set(key, buffer);
    this.times.set(key, savedAt);
  }
  override put(key: string, buffer: ArrayBuffer): Promise<void> {
    this.times.set(key, ++this.clock);
    return super.put(key, buffer);
  }
  override delete(key: string): Promise<void> {
    this.times.delete(key);
    return super.delete(key);
  }
  usage(): Promise<RecordUsage[]> {
    return Promise.resolve(
      [...this.map].map(([key, value]) => ({
        key,
        bytes: (value as ArrayBuffer).byteLength,
        savedAt: this.times.get(key) ?? 0,
      })),
    );
  }
}

describe('the storage budget', () => {
  test('past 200 MB the oldest other runs are removed first, each with a note, and the run training is kept', async () => {
    expect(STORAGE_BUDGET_BYTES).toBe(200 * 1024 * 1024);
    const store = new SizedStore();
    // Three old runs of 70 MB each (210 MB with nothing else): written out of age order.
    const MB70 = 70 * 1024 * 1024;
    const old = (seed: number) => `run?seed=${seed}&batch=32&sharing=conv`;
    store.putAt(`${old(2)}@40`, new ArrayBuffer(MB70), 200);
    store.putAt(`${old(1)}@40`, new ArrayBuffer(MB70), 100);
    store.putAt(`${old(3)}@40`, new ArrayBuffer(MB70), 300);
    const h = startTrainer({ ...QUIET, checkpointEvery: 2 }, store);
    try {
      const saved = await h.until(is('checkpointSaved'), 90_000);
      // Only the oldest had to go: 140 MB and this run's checkpoints fit.
      const keys = [...store.map.keys()];
      expect(keys.filter((k) => !k.startsWith(`${saved.key}@`)).sort()).toEqual([
        `${old(2)}@40`,
        `${old(3)}@40`,
      ]);
      expect(keys).toContain(saved.record);
      const notes = h.messages.filter(is('warning')).map((w) => w.message);
      expect(notes).toEqual([
        `the old saved run "${old(1)}" (73.4 MB) was removed to keep saved runs under 200 MB`,
      ]);
      // Later saves stay under the budget without removing anything more.
      await h.until(
        is('checkpointSaved', (m) => m.step >= saved.step + 4),
        90_000,
      );
      expect(store.map.has(`${old(2)}@40`)).toBe(true);
      expect(h.messages.filter(is('warning'))).toHaveLength(1);
    } finally {
      await h.stop();
    }
  }, 240_000);

  test('under the budget nothing is removed', async () => {
    const store = new SizedStore();
    const MB60 = 60 * 1024 * 1024;
    store.putAt('run?seed=1&batch=32&sharing=conv@40', new ArrayBuffer(MB60), 100);
    store.putAt('run?seed=2&batch=32&sharing=conv@40', new ArrayBuffer(MB60), 200);
    const h = startTrainer({ ...QUIET, checkpointEvery: 2 }, store);
    try {
      await h.until(
        is('checkpointSaved', (m) => m.step === 4),
        90_000,
      );
      expect(store.map.has('run?seed=1&batch=32&sharing=conv@40')).toBe(true);
      expect(store.map.has('run?seed=2&batch=32&sharing=conv@40')).toBe(true);
      expect(h.messages.some(is('warning'))).toBe(false);
    } finally {
      await h.stop();
    }
  }, 240_000);
});
