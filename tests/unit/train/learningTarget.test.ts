import { expect, test } from 'vitest';
import { parseConfig } from '../../../src/config/parse';
import { isEvaluation, isMetrics, startTrainer } from './harness';

/**
 * The recommended settings (README, "Learning to 99%"): augmentation, a cosine schedule over 10
 * epochs, batch 64 at Adam's 0.002. The bar is a number of steps, not seconds: seeded, the run
 * is the same on any machine. scripts/learn-sweep.ts measured it at 99.3% held-out at steps 800,
 * 900 and 1,000 (seed 42); the bound leaves two evaluations of room. The time is printed, never
 * asserted; the test's own timeout only guards against a hang on a loaded machine.
 */
const RECOMMENDED = '?seed=42&batch=64&lr=0.002&evalEvery=100&augment=1&schedule=cosine&epochs=10';
const TARGET = 0.99;
const IN_A_ROW = 3;
const STEP_LIMIT = 1200;
const HANG_GUARD_MS = 90 * 60_000;

test(
  'the recommended link reaches 99% held-out accuracy at three evaluations in a row within 1,200 steps',
  async () => {
    const parsed = parseConfig(RECOMMENDED);
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    const started = performance.now();
    const h = startTrainer({
      ...parsed.config,
      snapshotEvery: 1000,
      checkpointEvery: 100_000,
    });
    const run: { step: number; testAccuracy: number }[] = [];
    let streak = 0;
    try {
      for (let seen = 0; ;) {
        const e = await h.until(
          (m): m is Extract<typeof m, { type: 'evaluation' }> =>
            isEvaluation(m) && h.messages.indexOf(m) >= seen,
          Math.max(1, HANG_GUARD_MS - (performance.now() - started)),
        );
        seen = h.messages.indexOf(e) + 1;
        const { step, testAccuracy, confusion } = e.evaluation;
        // Every evaluation carries its confusion matrix: 1,000 digits, the diagonal the right ones.
        expect(confusion?.counts.reduce((a, b) => a + b, 0)).toBe(1000);
        const diagonal = confusion!.counts.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b);
        expect(diagonal).toBe(Math.round(testAccuracy * 1000));
        run.push({ step, testAccuracy });
        streak = testAccuracy >= TARGET ? streak + 1 : 0;
        console.info(
          `step ${step}: held-out ${(testAccuracy * 100).toFixed(1)}% ` +
            `(${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
        if (streak >= IN_A_ROW || step >= STEP_LIMIT) break;
      }
    } finally {
      const last = h.messages.filter(isMetrics).at(-1);
      console.info(
        `${streak >= IN_A_ROW ? 'reached' : 'did not reach'} ${TARGET * 100}% ${IN_A_ROW} times in a row ` +
          `at step ${run.at(-1)?.step} after ${((performance.now() - started) / 1000).toFixed(1)} s ` +
          `(epoch ${last?.metrics.epoch?.toFixed(2)}, lr ${last?.metrics.lr?.toPrecision(3)})`,
      );
      await h.stop();
    }
    expect(streak).toBeGreaterThanOrEqual(IN_A_ROW);
    expect(run.at(-1)!.step).toBeLessThanOrEqual(STEP_LIMIT);
  },
  HANG_GUARD_MS + 60_000,
);
