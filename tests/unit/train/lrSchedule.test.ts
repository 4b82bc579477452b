import { describe, expect, test } from 'vitest';
import { STEP_DECAY, learningRateAt } from '../../../src/train/lrSchedule';

describe('learningRateAt', () => {
  test('constant keeps the base rate at every step, with or without a run length', () => {
    for (const step of [0, 10, 1e6]) expect(learningRateAt('constant', 0.001, step, 0)).toBe(0.001);
  });

  test('cosine starts at the base rate, halves at mid-run and reaches zero at the last step', () => {
    expect(learningRateAt('cosine', 0.002, 0, 1000)).toBeCloseTo(0.002, 12);
    expect(learningRateAt('cosine', 0.002, 500, 1000)).toBeCloseTo(0.001, 12);
    expect(learningRateAt('cosine', 0.002, 1000, 1000)).toBeCloseTo(0, 12);
    expect(learningRateAt('cosine', 0.002, 5000, 1000)).toBeCloseTo(0, 12);
  });

  test('cosine never rises along the run', () => {
    let last = Infinity;
    for (let s = 0; s <= 300; s++) {
      const lr = learningRateAt('cosine', 0.001, s, 300);
      expect(lr).toBeLessThanOrEqual(last);
      last = lr;
    }
  });

  test('step decay multiplies the rate at each boundary of STEP_DECAY', () => {
    const total = 400;
    let expected = 0.01;
    let previous = -1;
    for (const d of STEP_DECAY) {
      const at = Math.round(d.after * total);
      expect(learningRateAt('step', 0.01, at - 1, total)).toBeCloseTo(expected, 12);
      expected *= d.factor;
      expect(learningRateAt('step', 0.01, at, total)).toBeCloseTo(expected, 12);
      expect(at).toBeGreaterThan(previous);
      previous = at;
    }
  });

  test('a decaying schedule without a run length is refused, naming the schedule', () => {
    expect(() => learningRateAt('cosine', 0.001, 0, 0)).toThrow(/cosine/);
  });
});
