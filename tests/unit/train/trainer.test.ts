import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/schema';
import type { FromWorker } from '../../../src/protocol';
import { serializeCheckpoint, deserializeCheckpoint } from '../../../src/train/checkpoint';
import { runKey } from '../../../src/train/runKeys';
import { TRAINER_DEFAULTS } from '../../../src/train/trainer';
import { MemoryStore, isMetrics, startTrainer } from './harness';

type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;
const is =
  <T extends FromWorker['type']>(type: T, pred: (m: Msg<T>) => boolean = () => true) =>
  (m: FromWorker): m is Msg<T> =>
    m.type === type && pred(m as Msg<T>);

const QUIET = { evalEvery: 100_000, snapshotEvery: 100_000, seed: 11 };

describe('Trainer', () => {
  test('a new trainer resumes at the last saved step, with Adam and the clock carried over', async () => {
    const store = new MemoryStore();
    const first = startTrainer({ ...QUIET, checkpointEvery: 3 }, store);
    const saved = await first.until(
      is('checkpointSaved', (m) => m.step >= 3),
      90_000,
    );
    await first.stop();
    const c = deserializeCheckpoint(store.map.get(saved.record) as ArrayBuffer, saved.record);
    expect(c.optimizerIterations).toBe(c.step);
    expect(c.trainingMs).toBeGreaterThan(0);

    const second = startTrainer({ ...QUIET, checkpointEvery: 3 }, store);
    const started = await second.until(is('runStarted'), 60_000);
    expect(started.key).toBe(saved.key);
    expect(started.resumedFrom).toBe(c.step);
    const m = await second.until(isMetrics, 60_000);
    expect(m.metrics.step).toBe(c.step + 1);
    expect(m.metrics.trainingMs).toBeGreaterThan(c.trainingMs);
    await second.stop();
  }, 180_000);

  test('an unreadable checkpoint is reported, kept, and the run starts fresh under a new key', async () => {
    const store = new MemoryStore();
    const config = { ...DEFAULT_CONFIG, ...QUIET };
    const key = runKey(config);
    const garbage = new Uint8Array(64).fill(7).buffer;
    store.map.set(key, garbage);
    const h = startTrainer({ ...QUIET, checkpointEvery: 2 }, store);
    const warning = await h.until(is('warning'), 60_000);
    expect(warning.message).toContain(key);
    expect(warning.message).toMatch(/not a Weightroom checkpoint/);
    const started = await h.until(is('runStarted'), 60_000);
    expect(started.key).toBe(`${key}#2`);
    expect(started.resumedFrom).toBeNull();
    await h.until(is('checkpointSaved'), 90_000);
    await h.stop();
    expect(store.map.get(key)).toBe(garbage);
    expect([...store.map.keys()].some((k) => k.startsWith(`${key}#2@`))).toBe(true);
  }, 180_000);

  test('a checkpoint of another shape is reported as incompatible and kept', async () => {
    const store = new MemoryStore();
    const config = { ...DEFAULT_CONFIG, ...QUIET };
    const key = runKey(config);
    const wrong = serializeCheckpoint({
      key,
      step: 9,
      trainingMs: 1,
      config,
      weights: [{ name: 'conv1/kernel', shape: [1], values: Float32Array.of(1) }],
      optimizerIterations: 9,
      optimizerMoments: [],
    });
    store.map.set(key, wrong);
    const h = startTrainer({ ...QUIET, checkpointEvery: 1000 }, store);
    const warning = await h.until(is('warning'), 60_000);
    expect(warning.message).toMatch(/incompatible: 1 weight tensors, the model has 8/);
    expect((await h.until(is('runStarted'), 60_000)).resumedFrom).toBeNull();
    await h.stop();
    expect(store.map.get(key)).toBe(wrong);
  }, 120_000);

  test('fresh starts at step 0 and replaces the saved run', async () => {
    const store = new MemoryStore();
    const first = startTrainer({ ...QUIET, checkpointEvery: 2 }, store);
    const saved = await first.until(is('checkpointSaved'), 90_000);
    await first.stop();
    const again = startTrainer({ ...QUIET, checkpointEvery: 1000, fresh: true }, store);
    const started = await again.until(is('runStarted'), 60_000);
    expect(started).toMatchObject({ key: saved.key, resumedFrom: null });
    expect(store.map.has(saved.record)).toBe(false);
    expect((await again.until(isMetrics, 60_000)).metrics.step).toBe(1);
    await again.stop();
  }, 180_000);

  test('pause stops the steps and resume restarts them', async () => {
    const h = startTrainer({ ...QUIET, checkpointEvery: 1000 });
    await h.until(
      is('metrics', (m) => m.metrics.step >= 2),
      60_000,
    );
    h.trainer.handle({ type: 'pause' });
    const paused = await h.until(
      is('state', (m) => m.state === 'paused'),
      30_000,
    );
    const at = h.messages.indexOf(paused);
    const stepAtPause = h.trainer.status.step;
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.messages.slice(at).some(isMetrics)).toBe(false);
    expect(h.trainer.status.step).toBe(stepAtPause);
    h.trainer.handle({ type: 'resume' });
    const next = await h.until(
      is('metrics', (m) => m.metrics.step > stepAtPause),
      30_000,
    );
    expect(next.metrics.step).toBe(stepAtPause + 1);
    await h.stop();
  }, 120_000);

  test('tensor count stays flat over 30 steps with snapshots, evaluations and checkpoints', async () => {
    const h = startTrainer({ seed: 3, snapshotEvery: 1, evalEvery: 10, checkpointEvery: 5 });
    const early = await h.until(
      is('metrics', (m) => m.metrics.step === 5),
      60_000,
    );
    const late = await h.until(
      is('metrics', (m) => m.metrics.step === 35),
      150_000,
    );
    expect(late.memory.numTensors).toBe(early.memory.numTensors);
    const snaps = h.messages.filter(is('snapshot'));
    expect(snaps.length).toBeGreaterThanOrEqual(35);
    const s = snaps.at(-1)!.snapshot;
    expect(s.conv1Kernel).toHaveLength(3 * 3 * 32);
    expect(s.dense1Norms).toHaveLength(128);
    expect(s.activations.conv1).toHaveLength(26 * 26 * 32);
    expect(Number.isFinite(late.metrics.loss)).toBe(true);
    await h.stop();
  }, 240_000);

  test('status counts the evaluation chunks done, for the heartbeat (a long evaluation is alive)', async () => {
    const h = startTrainer({ evalEvery: 2, snapshotEvery: 100_000, seed: 11 });
    const heldout = await h.until(is('heldout'), 60_000);
    await h.until(is('evaluation'), 120_000);
    // The warm-up's one chunk, then every chunk of the first evaluation.
    const chunks = 1 + Math.ceil(heldout.labels.length / TRAINER_DEFAULTS.evalChunk);
    expect(h.trainer.status.chunks).toBeGreaterThanOrEqual(chunks);
    await h.stop();
  }, 180_000);
});
