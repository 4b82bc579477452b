import { expect, test } from 'vitest';
import { isEvaluation, isMetrics, startTrainer } from './harness';

/**
 * The bar is a number of steps, not seconds: seeded, the run takes the same steps on any machine
 * (250 with seed 42), and the time it took is printed, not asserted (35 s on 2 idle cores here;
 * the budget is 3 minutes). The test's own timeout only guards against a hang.
 */
const STEP_LIMIT = 400;
const HANG_GUARD_MS = 600_000;

test(
  'the seed CNN reaches 95% held-out accuracy on the real digits within 400 steps',
  async () => {
    const started = performance.now();
    const h = startTrainer({
      seed: 42,
      evalEvery: 25,
      snapshotEvery: 100,
      checkpointEvery: 100_000,
    });
    let best = { step: 0, testAccuracy: 0, seconds: 0 };
    try {
      for (let seen = 0; ;) {
        const e = await h.until(
          (m): m is Extract<typeof m, { type: 'evaluation' }> =>
            isEvaluation(m) && h.messages.indexOf(m) >= seen,
          Math.max(1, HANG_GUARD_MS - (performance.now() - started)),
        );
        seen = h.messages.indexOf(e) + 1;
        const seconds = (performance.now() - started) / 1000;
        console.info(
          `step ${e.evaluation.step}: held-out accuracy ${(e.evaluation.testAccuracy * 100).toFixed(1)}%, ` +
            `loss ${e.evaluation.testLoss.toFixed(3)}, ${seconds.toFixed(1)} s`,
        );
        if (e.evaluation.testAccuracy > best.testAccuracy) {
          best = { step: e.evaluation.step, testAccuracy: e.evaluation.testAccuracy, seconds };
        }
        if (e.evaluation.testAccuracy >= 0.95 || e.evaluation.step >= STEP_LIMIT) break;
      }
    } finally {
      const last = h.messages.filter(isMetrics).at(-1);
      console.info(
        `reached ${(best.testAccuracy * 100).toFixed(1)}% at step ${best.step} after ${best.seconds.toFixed(1)} s ` +
          `(last metrics: ${JSON.stringify(last?.metrics)})`,
      );
      await h.stop();
    }
    // The divergence rule never fires on a run that learns (the harness throws if it does).
    expect(h.messages.some((m) => m.type === 'state' && m.state === 'diverged')).toBe(false);
    expect(best.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(best.step).toBeLessThanOrEqual(STEP_LIMIT);
  },
  HANG_GUARD_MS + 30_000,
);
