import { expect, test } from 'vitest';
import { isEvaluation, isMetrics, startTrainer } from './harness';

const BUDGET_MS = 180_000;

test('the seed CNN reaches 95% held-out accuracy on the real digits within 3 minutes', async () => {
  const started = performance.now();
  const h = startTrainer({ seed: 42, evalEvery: 25, snapshotEvery: 100, checkpointEvery: 100_000 });
  let best = { step: 0, testAccuracy: 0, seconds: 0 };
  try {
    for (let seen = 0; ;) {
      const e = await h.until(
        (m): m is Extract<typeof m, { type: 'evaluation' }> =>
          isEvaluation(m) && h.messages.indexOf(m) >= seen,
        Math.max(1, BUDGET_MS - (performance.now() - started)),
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
      if (e.evaluation.testAccuracy >= 0.95) break;
    }
  } finally {
    const last = h.messages.filter(isMetrics).at(-1);
    console.info(
      `reached ${(best.testAccuracy * 100).toFixed(1)}% at step ${best.step} after ${best.seconds.toFixed(1)} s ` +
        `(last metrics: ${JSON.stringify(last?.metrics)})`,
    );
    await h.stop();
  }
  expect(best.testAccuracy).toBeGreaterThanOrEqual(0.95);
  expect(best.seconds).toBeLessThan(BUDGET_MS / 1000);
}, 240_000);
