import { describe, expect, test } from 'vitest';
import type { FromWorker } from '../../../src/protocol';
import { isMetrics, startTrainer } from './harness';

type Gradient = Extract<FromWorker, { type: 'kernelGradient' }>;
const isGradient = (m: FromWorker): m is Gradient => m.type === 'kernelGradient';

describe('the trainer and a selected kernel', () => {
  test('sends nothing until a kernel is selected, then its gradient with each snapshot, and stops when deselected', async () => {
    const h = startTrainer({ evalEvery: 100_000, snapshotEvery: 2, seed: 5, batch: 8 });
    try {
      await h.until((m) => isMetrics(m) && m.metrics.step >= 4, 90_000);
      expect(h.messages.some(isGradient)).toBe(false);

      h.trainer.handle({ type: 'selectKernel', kernel: { layer: 'conv1', filter: 9 } });
      const first = await h.until(isGradient, 60_000);
      expect(first.gradient).toMatchObject({ layer: 'conv1', filter: 9, positions: 676 });
      expect(first.gradient.sumRelativeError).toBeLessThan(1e-4);
      // Later ones come at snapshot steps, with the update Adam applied in the step before.
      const later = await h.until(
        (m): m is Gradient => isGradient(m) && m.gradient.step > first.gradient.step,
        60_000,
      );
      expect(later.gradient.step % 2).toBe(0);
      expect(later.gradient.update).not.toBeNull();
      const snapshotSteps = h.messages.flatMap((m) =>
        m.type === 'snapshot' ? [m.snapshot.step] : [],
      );
      expect(snapshotSteps).toContain(later.gradient.step);

      h.trainer.handle({ type: 'selectKernel', kernel: { layer: 'conv2', filter: 60 } });
      const conv2 = await h.until(
        (m): m is Gradient => isGradient(m) && m.gradient.layer === 'conv2',
        60_000,
      );
      expect(conv2.gradient.positions).toBe(121);
      expect(conv2.gradient.sumRelativeError).toBeLessThan(1e-4);

      h.trainer.handle({ type: 'selectKernel', kernel: null });
      const seen = h.messages.length;
      const stepNow = h.messages.filter(isMetrics).at(-1)!.metrics.step;
      await h.until((m) => isMetrics(m) && m.metrics.step >= stepNow + 6, 90_000);
      // A gradient already under way when the selection ended may still land; none after it.
      const after = h.messages.slice(seen).filter(isGradient);
      expect(after.length).toBeLessThanOrEqual(1);
    } finally {
      await h.stop();
    }
  }, 240_000);

  test('selecting a kernel while paused explains it at once', async () => {
    const h = startTrainer({ evalEvery: 100_000, snapshotEvery: 100_000, seed: 6, batch: 8 });
    try {
      await h.until((m) => isMetrics(m) && m.metrics.step >= 1, 90_000);
      h.trainer.handle({ type: 'pause' });
      await h.until((m) => m.type === 'state' && m.state === 'paused', 60_000);
      h.trainer.handle({ type: 'selectKernel', kernel: { layer: 'conv1', filter: 0 } });
      const g = await h.until(isGradient, 60_000);
      expect(g.gradient.positions).toBe(676);
    } finally {
      await h.stop();
    }
  }, 180_000);
});

describe('the trainer and a moved probe digit', () => {
  test('shows the moved digit in its snapshots and measures how the maps follow, even while paused', async () => {
    const h = startTrainer({ evalEvery: 100_000, snapshotEvery: 100_000, seed: 7, batch: 8 });
    type Measure = Extract<FromWorker, { type: 'shiftMeasure' }>;
    type Snap = Extract<FromWorker, { type: 'snapshot' }>;
    try {
      await h.until((m) => isMetrics(m) && m.metrics.step >= 1, 90_000);
      h.trainer.handle({ type: 'pause' });
      await h.until((m) => m.type === 'state' && m.state === 'paused', 60_000);
      const plain = h.messages.filter((m): m is Snap => m.type === 'snapshot').at(-1)!;
      const seen = h.messages.length;
      h.trainer.handle({ type: 'shiftProbe', shift: [3, -2] });
      const measure = await h.until(
        (m): m is Measure => m.type === 'shiftMeasure' && m.measure.shift[0] === 3,
        60_000,
      );
      expect(measure.measure.shift).toEqual([3, -2]);
      expect(measure.measure.conv1).toBeLessThan(1e-6);
      expect(measure.measure.predictionUnderShift).toHaveLength(81);
      const moved = h.messages.slice(seen).find((m): m is Snap => m.type === 'snapshot')!;
      // The snapshot's input is the probe moved 3 right and 2 up.
      const before = plain.snapshot.activations.input;
      const after = moved.snapshot.activations.input;
      for (const [y, x] of [
        [10, 10],
        [14, 12],
        [20, 8],
      ] as const) {
        expect(after[y * 28 + x]).toBe(before[(y + 2) * 28 + (x - 3)]);
      }
      expect(Array.from(after)).not.toEqual(Array.from(before));
    } finally {
      await h.stop();
    }
  }, 180_000);
});
