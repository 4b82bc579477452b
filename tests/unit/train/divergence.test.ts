import { describe, expect, test } from 'vitest';
import { DIVERGENCE_RULE, DivergenceWatch } from '../../../src/train/divergence';

/** Feeds losses through the trainer's smoothing (alpha 0.05); returns the first verdict. */
function feed(watch: DivergenceWatch, losses: readonly number[], alpha = 0.05) {
  let smoothed: number | null = null;
  for (const [i, loss] of losses.entries()) {
    const before: number | null = smoothed;
    smoothed = before === null ? loss : (1 - alpha) * before + alpha * loss;
    const v = watch.observe(i + 1, loss, before, smoothed);
    if (v) return v;
  }
  return null;
}

/** A slow climb: every step within the rise factor of the smoothed loss. */
const climbing = (n: number) => Array.from({ length: n }, (_, i) => 0.15 + (3.5 * i) / n);

const learning = (n: number) =>
  Array.from({ length: n }, (_, i) => 0.1 + 2.2 * Math.exp(-i / 40) * (1 + 0.3 * Math.sin(i)));

describe('DivergenceWatch', () => {
  test('a loss that falls with noise never counts as diverged', () => {
    expect(feed(new DivergenceWatch(), learning(600))).toBeNull();
  });

  test('a non-finite loss is divergence at once', () => {
    const v = feed(new DivergenceWatch(), [2.3, 2.2, Number.NaN]);
    expect(v).toMatchObject({ step: 3 });
    expect(v?.reason).toMatch(/NaN/);
  });

  test('a sudden rise above chance by more than the factor is divergence (the lr=1 jump)', () => {
    const v = feed(new DivergenceWatch(), [2.3, 15.6]);
    expect(v).toMatchObject({ step: 2 });
    expect(v?.reason).toMatch(/jumped/);
  });

  test('a rise that stays below chance is not a blow-up', () => {
    expect(feed(new DivergenceWatch(), [...learning(300), 1.9, 0.2])).toBeNull();
  });

  test('the smoothed loss climbing back to chance after falling well below it is divergence', () => {
    const v = feed(new DivergenceWatch(), [...learning(400), ...climbing(200)]);
    expect(v?.step).toBeGreaterThan(400);
    expect(v?.reason).toMatch(/climbed back/);
  });

  test('a run that never fell below half of chance is not judged by the climb', () => {
    expect(DIVERGENCE_RULE.fellBelowShare * DIVERGENCE_RULE.chance).toBeLessThan(1.2);
    expect(
      feed(
        new DivergenceWatch(),
        Array.from({ length: 100 }, () => 2.35),
      ),
    ).toBeNull();
  });

  test('the last good step is where the smoothed loss left twice its lowest, before the verdict', () => {
    const watch = new DivergenceWatch();
    const v = feed(watch, [...learning(400), ...climbing(200)]);
    expect(v).not.toBeNull();
    expect(watch.lastGoodStep).toBeLessThan(v!.step - 50);
    expect(watch.lastGoodStep).toBeGreaterThan(300);
  });

  test('restart forgets the lowest loss, so keep going does not fire again at once', () => {
    const watch = new DivergenceWatch();
    const v = feed(watch, [...learning(400), ...climbing(200)]);
    expect(v).not.toBeNull();
    watch.restart(v!.step);
    expect(watch.observe(v!.step + 1, 3.0, 2.4, 2.43)).toBeNull();
    expect(watch.lastGoodStep).toBe(v!.step + 1);
  });
});
