/**
 * The render thread's controls as the trainer sees them: 'reset', 'setLearningRate', and the
 * '?backend=cpu' fallback. Seeded runs on one backend are bit-for-bit repeatable, so the checks
 * compare runs exactly instead of guessing thresholds on the loss.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../../src/config/schema';
import { type FromWorker, type Snapshot, parseFromWorker } from '../../../src/protocol';
import { startBackend } from '../../../src/train/backend';
import { deserializeCheckpoint } from '../../../src/train/checkpoint';
import { Trainer } from '../../../src/train/trainer';
import { type Harness, MemoryStore, isMetrics, loadDigits, startTrainer } from './harness';

type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;
const is =
  <T extends FromWorker['type']>(type: T, pred: (m: Msg<T>) => boolean = () => true) =>
  (m: FromWorker): m is Msg<T> =>
    m.type === type && pred(m as Msg<T>);

/** Every step's snapshot, nothing else that takes time. */
const EVERY_STEP = { snapshotEvery: 1, evalEvery: 100_000, checkpointEvery: 100_000 };

/** Messages posted after index `from`, of one type. */
function after<T extends FromWorker['type']>(h: Harness, from: number, type: T): Msg<T>[] {
  return h.messages.slice(from).filter(is(type));
}

/** Pauses and waits until the step in flight has finished; returns the step it stopped at. */
async function pauseNow(h: Harness): Promise<number> {
  const from = h.messages.length;
  h.trainer.handle({ type: 'pause' });
  await h.until(
    (m) => m.type === 'state' && m.state === 'paused' && h.messages.indexOf(m) >= from,
    60_000,
  );
  return h.trainer.status.step;
}

/** Leaves the trainer paused between steps (unless it failed) and frees it. */
async function finish(h: Harness): Promise<void> {
  try {
    const { state } = h.trainer.status;
    if (state !== 'paused' && state !== 'error') await pauseNow(h);
  } finally {
    h.trainer.dispose();
  }
}

function snapshotAt(h: Harness, step: number): Snapshot {
  const s = h.messages.filter(is('snapshot', (m) => m.snapshot.step === step));
  expect(s, `snapshots of step ${step}`).toHaveLength(1);
  return s[0]!.snapshot;
}

const minus = (a: Float32Array, b: Float32Array) => a.map((v, i) => v - b[i]!);
const norm = (a: Float32Array) => Math.hypot(...a);

describe('Trainer controls', () => {
  test('reset starts a fresh run at step 0 with the initial weights and a new Adam, and training goes on', async () => {
    const store = new MemoryStore();
    const h = startTrainer({ ...EVERY_STEP, seed: 7, checkpointEvery: 2 }, store);
    try {
      const firstStart = await h.until(is('runStarted'), 60_000);
      expect(firstStart.resumedFrom).toBeNull();
      await h.until(
        is('metrics', (m) => m.metrics.step >= 3),
        90_000,
      );
      const before = h.messages.filter(isMetrics).map((m) => m.metrics);
      const initial = snapshotAt(h, 0);

      const resetAt = h.messages.length;
      h.trainer.handle({ type: 'reset' });
      const restarted = await h.until(
        (m): m is Msg<'runStarted'> => m.type === 'runStarted' && h.messages.indexOf(m) >= resetAt,
        60_000,
      );
      expect(restarted).toMatchObject({ key: firstStart.key, resumedFrom: null });
      const from = h.messages.indexOf(restarted);
      await h.until(
        (m) => isMetrics(m) && m.metrics.step >= 3 && h.messages.indexOf(m) > from,
        90_000,
      );

      // The scene is shown the new run's step-0 weights before any step: the seed's initial ones.
      const snaps = after(h, from, 'snapshot').map((m) => m.snapshot);
      expect(snaps[0]!.step).toBe(0);
      expect(snaps[0]!.conv1Kernel).toEqual(initial.conv1Kernel);
      expect(snaps[0]!.dense2Kernel).toEqual(initial.dense2Kernel);
      expect(h.messages.indexOf(after(h, from, 'snapshot')[0]!)).toBeLessThan(
        h.messages.indexOf(after(h, from, 'metrics')[0]!),
      );
      // Steps count from 1 again and repeat the first run's losses exactly: the same weights,
      // batches and a fresh optimizer (Adam's moments from before the reset would change step 2).
      const again = after(h, from, 'metrics').map((m) => m.metrics);
      expect(again.slice(0, 3).map((m) => m.step)).toEqual([1, 2, 3]);
      expect(again.slice(0, 3).map((m) => m.loss)).toEqual(before.slice(0, 3).map((m) => m.loss));
      // The old run's checkpoint is gone; the next one is the new run's step 2.
      expect(after(h, from, 'checkpointSaved')[0]).toMatchObject({ key: firstStart.key, step: 2 });
      expect(after(h, from, 'runStarted')).toHaveLength(1);
      expect(after(h, from, 'state').some((m) => m.state === 'error')).toBe(false);
    } finally {
      await finish(h);
    }
  }, 180_000);

  test('setLearningRate scales the very next Adam step in place, and without it seeded runs are identical', async () => {
    const seed = 5;
    // 10x: enough to see the scaling, not so much that the step blows up (50x does, and the
    // divergence rule rightly stops the run: tests/unit/train/rollBack.test.ts).
    const newLr = 0.01;
    const store = new MemoryStore();
    // Run B: a few steps at the default rate, paused, the rate raised, one more step.
    const b = startTrainer({ ...EVERY_STEP, seed }, store);
    let k: number;
    let bAfter: Snapshot;
    try {
      await b.until(
        is('metrics', (m) => m.metrics.step >= 2),
        90_000,
      );
      k = await pauseNow(b);
      b.trainer.handle({ type: 'setLearningRate', lr: newLr });
      b.trainer.handle({ type: 'resume' });
      bAfter = (
        await b.until(
          is('snapshot', (m) => m.snapshot.step === k + 1),
          60_000,
        )
      ).snapshot;
      const stoppedAt = await pauseNow(b);
      b.trainer.handle({ type: 'checkpoint' });
      const saved = await b.until(
        is('checkpointSaved', (m) => m.step === stoppedAt),
        60_000,
      );
      // The same optimizer carried on: its step count was not reset by the change.
      const c = deserializeCheckpoint(store.map.get(saved.record) as ArrayBuffer, saved.record);
      expect(c.optimizerIterations).toBe(stoppedAt);
      // The rate in force is saved with it, so a reload continues with it.
      expect(c.config.lr).toBe(newLr);
    } finally {
      await finish(b);
    }
    const bBefore = snapshotAt(b, k);

    // Run A: the same seed, never changed, to one step past B's change.
    const a = startTrainer({ ...EVERY_STEP, seed }, new MemoryStore());
    try {
      await a.until(
        is('snapshot', (m) => m.snapshot.step === k + 1),
        90_000,
      );
    } finally {
      await finish(a);
    }
    const aBefore = snapshotAt(a, k);
    const aAfter = snapshotAt(a, k + 1);

    // Up to the change the two runs are the same run, bit for bit.
    expect(bBefore.conv1Kernel).toEqual(aBefore.conv1Kernel);
    expect(bBefore.dense2Kernel).toEqual(aBefore.dense2Kernel);
    // Same weights, same batch, same Adam moments: the step after the change is the default
    // run's step times newLr / default lr (10), element by element. Had the rate not changed the
    // ratio would be 1; had the optimizer been rebuilt, its fresh moments would point elsewhere.
    const scale = newLr / DEFAULT_CONFIG.lr;
    const dA = minus(aAfter.conv1Kernel, aBefore.conv1Kernel);
    const dB = minus(bAfter.conv1Kernel, bBefore.conv1Kernel);
    expect(norm(dA)).toBeGreaterThan(0);
    const expected = dA.map((v) => v * scale);
    expect(norm(minus(dB, expected)) / norm(expected)).toBeLessThan(0.01);
    const dA2 = minus(aAfter.dense2Kernel, aBefore.dense2Kernel);
    const dB2 = minus(bAfter.dense2Kernel, bBefore.dense2Kernel);
    const expected2 = dA2.map((v) => v * scale);
    expect(norm(minus(dB2, expected2)) / norm(expected2)).toBeLessThan(0.01);
  }, 240_000);

  test('?backend=cpu starts the CPU backend, labels it as software, and trains a step', async () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      ...EVERY_STEP,
      snapshotEvery: 100_000,
      backend: 'cpu',
      batch: 1,
      seed: 9,
    };
    const messages: FromWorker[] = [];
    const chosen: string[] = [];
    const trainer = new Trainer({
      post: (m) => messages.push(parseFromWorker(m)),
      loadData: () => Promise.resolve(loadDigits()),
      startBackend: (choice) => {
        chosen.push(choice);
        return startBackend(choice);
      },
      openStore: () => Promise.resolve(new MemoryStore()),
      now: () => performance.now(),
    });
    const waitFor = async (pred: (m: FromWorker) => boolean, ms: number) => {
      const deadline = performance.now() + ms;
      for (;;) {
        const failed = messages.find((m) => m.type === 'state' && m.state === 'error');
        if (failed) throw new Error(`trainer failed: ${JSON.stringify(failed)}`);
        const hit = messages.find(pred);
        if (hit) return hit;
        if (performance.now() > deadline) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    trainer.handle({ type: 'init', config, dataUrl: 'public/data/mnist.bin' });
    try {
      const m = await waitFor(isMetrics, 120_000);
      expect(chosen).toEqual(['cpu']);
      expect(tf.getBackend()).toBe('cpu');
      expect(messages.find(is('backend'))?.backend).toMatchObject({
        name: 'cpu',
        software: true,
        webglVersion: null,
      });
      expect(m).toMatchObject({ metrics: { step: 1 } });
      expect(Number.isFinite((m as Msg<'metrics'>).metrics.loss)).toBe(true);
    } finally {
      const from = messages.length;
      trainer.handle({ type: 'pause' });
      await waitFor(
        (m) => m.type === 'state' && m.state === 'paused' && messages.indexOf(m) >= from,
        60_000,
      ).finally(() => trainer.dispose());
    }
  }, 150_000);
});
