import { expect, test } from 'vitest';
import {
  epochAt,
  finishedSummary,
  learningRateFor,
  stepsPerEpoch,
  totalSteps,
} from '../../../src/train/runPlan';

test('an epoch is every training digit once: 9,000 digits at batch 32 take 282 steps', () => {
  expect(stepsPerEpoch(9000, 32)).toBe(282);
  expect(stepsPerEpoch(9000, 64)).toBe(141);
  expect(totalSteps({ epochs: 10, batch: 64 }, 9000)).toBe(1410);
  expect(totalSteps({ epochs: 0, batch: 64 }, 9000)).toBe(0);
  expect(epochAt(141 * 3, 9000, 64)).toBe(3);
});

test('the learning rate follows the schedule over the planned steps', () => {
  const plan = { epochs: 2, batch: 64, schedule: 'cosine' as const };
  expect(learningRateFor(plan, 0.002, 0, 9000)).toBeCloseTo(0.002, 12);
  expect(learningRateFor(plan, 0.002, 141, 9000)).toBeCloseTo(0.001, 12);
  expect(learningRateFor({ ...plan, schedule: 'constant', epochs: 0 }, 0.002, 5000, 9000)).toBe(
    0.002,
  );
});

test('a finished run is summed up in one sentence with its final and best accuracy', () => {
  expect(
    finishedSummary({
      epochs: 10,
      steps: 1410,
      trainingMs: 150_000,
      finalAccuracy: 0.991,
      best: { step: 1300, testAccuracy: 0.993 },
    }),
  ).toBe(
    'trained 10 epochs (1,410 steps) in 2.5 min of training: held-out accuracy 99.1%; best 99.3% at step 1,300',
  );
});
