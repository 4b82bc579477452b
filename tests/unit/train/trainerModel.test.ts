import { describe, expect, test } from 'vitest';
import type { FromWorker } from '../../../src/protocol';
import { deserializeCheckpoint } from '../../../src/train/checkpoint';
import { MemoryStore, isMetrics, startTrainer } from './harness';

type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;
const is =
  <T extends FromWorker['type']>(type: T, pred: (m: Msg<T>) => boolean = () => true) =>
  (m: FromWorker): m is Msg<T> =>
    m.type === type && pred(m as Msg<T>);

describe('Trainer, epochs and model files', () => {
  test('a run of one epoch stops at its last step in state finished, evaluated, with a summary', async () => {
    // 9,000 training digits at batch 512: 18 steps make the epoch.
    const h = startTrainer({ seed: 5, batch: 512, epochs: 1, evalEvery: 100, snapshotEvery: 100 });
    try {
      const done = await h.until(
        is('state', (m) => m.state === 'finished'),
        300_000,
      );
      expect(done.detail).toMatch(/^trained 1 epoch \(18 steps\) in .* held-out accuracy \d+\.\d%/);
      const steps = h.messages.filter(isMetrics);
      expect(steps.at(-1)!.metrics.step).toBe(18);
      expect(steps.at(-1)!.metrics.epoch).toBe(1);
      const last = h.messages.filter(is('evaluation')).at(-1)!;
      expect(last.evaluation.step).toBe(18);
      expect(last.evaluation.confusion!.counts).toHaveLength(100);
      // A resume does not train past the end.
      h.trainer.handle({ type: 'resume' });
      await new Promise((r) => setTimeout(r, 500));
      expect(h.messages.filter(isMetrics).at(-1)!.metrics.step).toBe(18);
      expect(h.trainer.status.state).toBe('finished');
    } finally {
      h.trainer.dispose();
    }
  }, 330_000);

  test('the network goes out as model files; a corrupt file is refused while the run goes on; a good one is taken', async () => {
    const h = startTrainer({ seed: 3, evalEvery: 100_000, snapshotEvery: 100_000 });
    try {
      await h.until(
        is('metrics', (m) => m.metrics.step >= 2),
        120_000,
      );
      h.trainer.handle({ type: 'exportModel' });
      const exported = await h.until(is('modelExported'), 60_000);
      expect(exported.files.weights.byteLength).toBe(225_034 * 4);
      const files = {
        modelJson: exported.files.modelJson,
        weights: exported.files.weights.slice(0),
      };

      h.trainer.handle({
        type: 'importModel',
        files: { modelJson: files.modelJson, weights: files.weights.slice(0, 4096) },
      });
      const refused = await h.until(is('modelRefused'), 60_000);
      expect(refused.message).toMatch(
        /^Not loaded: the weights file holds 4096 bytes.*run goes on/,
      );
      const before = h.messages.filter(isMetrics).at(-1)!.metrics.step;
      await h.until(
        is('metrics', (m) => m.metrics.step >= before + 2),
        60_000,
      );
      expect(h.trainer.status.state).toBe('running');

      h.trainer.handle({ type: 'importModel', files });
      const taken = await h.until(is('modelImported'), 60_000);
      expect(taken.step).toBeGreaterThan(before);
      // It is evaluated at once with the loaded weights.
      await h.until(
        (m) => m.type === 'evaluation' && h.messages.indexOf(m) > h.messages.indexOf(taken),
        120_000,
      );
    } finally {
      await h.stop();
    }
  }, 400_000);

  test('the best held-out checkpoint is kept beside the latest, with its score', async () => {
    const store = new MemoryStore();
    const h = startTrainer(
      { seed: 9, batch: 16, evalEvery: 3, snapshotEvery: 100_000, checkpointEvery: 100_000 },
      store,
    );
    try {
      await h.until(() => h.messages.filter((x) => x.type === 'evaluation').length >= 4, 240_000);
      await h.stop();
    } finally {
      h.trainer.dispose();
    }
    const evaluations = h.messages.filter(is('evaluation')).map((m) => m.evaluation);
    const best = evaluations.reduce((a, e) => (e.testAccuracy > a.testAccuracy ? e : a));
    const key = `${h.trainer.status.key}@best`;
    const saved = deserializeCheckpoint(store.map.get(key) as ArrayBuffer, key);
    expect(saved.step).toBe(best.step);
    const [score, step] = new Float64Array(store.map.get(`${key}:score`) as ArrayBuffer);
    expect(score).toBe(best.testAccuracy);
    expect(step).toBe(best.step);
  }, 300_000);
});
