/**
 * The worker's `setLearningRate`: a rate outside the schema's range is refused with a warning that
 * names it and the range, and the run keeps its rate; one at the edge is taken.
 */
import { describe, expect, test } from 'vitest';
import { LEARNING_RATE_RANGE, SCHEMA } from '../../../src/config/schema';
import type { FromWorker } from '../../../src/protocol';
import { isLearningRate, learningRateRefusal } from '../../../src/train/learningRate';
import { startTrainer } from './harness';

type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

describe('the learning rates the worker takes', () => {
  test('is the schema range for lr', () => {
    const lr = SCHEMA.lr;
    expect(lr.kind === 'float' && [lr.min, lr.max]).toEqual([
      LEARNING_RATE_RANGE.min,
      LEARNING_RATE_RANGE.max,
    ]);
    expect(LEARNING_RATE_RANGE).toEqual({ min: 1e-6, max: 1 });
  });

  test('takes both ends of the range and refuses just outside it, NaN and infinity', () => {
    expect(isLearningRate(1e-6)).toBe(true);
    expect(isLearningRate(1)).toBe(true);
    for (const lr of [9.9e-7, 1e-7, 0, -0.001, 1.0001, 2, NaN, Infinity]) {
      expect(isLearningRate(lr)).toBe(false);
    }
  });

  test('names the refused value and the range', () => {
    expect(learningRateRefusal(1e-7)).toBe(
      'learning rate 1e-7 refused: it must be from 0.000001 to 1; the run keeps its rate',
    );
    expect(learningRateRefusal(2)).toMatch(
      /learning rate 2 refused: it must be from 0.000001 to 1/,
    );
    expect(learningRateRefusal(0.01)).toBeNull();
  });

  test('the trainer warns about a rate out of range and trains on at the rate it had', async () => {
    const h = startTrainer({ seed: 3, snapshotEvery: 1000, evalEvery: 100_000 });
    try {
      await h.until((m) => m.type === 'metrics', 90_000);
      for (const lr of [1e-7, 2]) h.trainer.handle({ type: 'setLearningRate', lr });
      const warnings = () =>
        h.messages.filter((m): m is Msg<'warning'> => m.type === 'warning').map((m) => m.message);
      expect(warnings()).toEqual([
        'learning rate 1e-7 refused: it must be from 0.000001 to 1; the run keeps its rate',
        'learning rate 2 refused: it must be from 0.000001 to 1; the run keeps its rate',
      ]);
      const from = h.messages.length;
      const next = await h.until(
        (m) => m.type === 'metrics' && h.messages.indexOf(m) >= from,
        60_000,
      );
      expect((next as Msg<'metrics'>).metrics.lr).toBe(h.config.lr);
      // The lowest rate the range allows is taken, without a warning.
      h.trainer.handle({ type: 'setLearningRate', lr: 1e-6 });
      await h.until((m) => m.type === 'metrics' && m.metrics.lr === 1e-6, 60_000);
      expect(warnings()).toHaveLength(2);
    } finally {
      await h.stop();
    }
  }, 180_000);
});
