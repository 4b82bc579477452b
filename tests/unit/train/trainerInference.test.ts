import { afterEach, describe, expect, test } from 'vitest';
import type { FromWorker } from '../../../src/protocol';
import { type Harness, isEvaluation, isMetrics, startTrainer } from './harness';

type Inference = Extract<FromWorker, { type: 'inference' }>;
const isInference = (m: FromWorker): m is Inference => m.type === 'inference';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

describe("the trainer answers the learner's digit", () => {
  test('between steps, with the weights of the current step, while training goes on', async () => {
    h = startTrainer({ evalEvery: 100_000, checkpointEvery: 100_000 });
    const labels = await h.until((m) => m.type === 'heldout', 60_000);
    if (labels.type !== 'heldout') throw new Error('expected held-out labels');
    expect(labels.labels.length).toBe(1000);
    await h.until((m) => isMetrics(m) && m.metrics.step >= 2, 60_000);
    h.trainer.handle({ type: 'infer', request: { id: 7, source: 'heldout', index: 12 } });
    const answer = await h.until(isInference, 30_000);
    expect(answer.result).toMatchObject({ id: 7, source: 'heldout', index: 12 });
    expect(answer.result.label).toBe(labels.labels[12]);
    expect(answer.result.step).toBeGreaterThanOrEqual(2);
    const at = h.messages.indexOf(answer);
    await h.until((m) => isMetrics(m) && h!.messages.indexOf(m) > at, 30_000);
  });

  test('while paused too', async () => {
    h = startTrainer({ autostart: false });
    await h.until((m) => m.type === 'state' && m.state === 'paused', 60_000);
    h.trainer.handle({
      type: 'infer',
      request: { id: 1, source: 'drawn', pixels: new Float32Array(784).fill(0.5) },
    });
    const answer = await h.until(isInference, 30_000);
    expect(answer.result).toMatchObject({ id: 1, source: 'drawn', index: null, label: null });
    expect(answer.result.step).toBe(0);
  });

  test('and the evaluation names the held-out digits it got wrong', async () => {
    h = startTrainer({ evalEvery: 3, checkpointEvery: 100_000 });
    const e = await h.until(isEvaluation, 120_000);
    const mistakes = e.evaluation.mistakes ?? [];
    expect(mistakes.length).toBe(Math.round((1 - e.evaluation.testAccuracy) * 1000));
    expect(mistakes.every((i) => Number.isInteger(i) && i >= 0 && i < 1000)).toBe(true);
  });
});

/** Each measuring window: 25 requests decide "most are answered"; the rates are only printed. */
const WINDOW_MS = 2500;

describe('what answering costs training', () => {
  test('answers drawing-rate requests (10 a second) while training goes on; prints latency and steps/s', async () => {
    h = startTrainer({ evalEvery: 100_000, checkpointEvery: 100_000, snapshotEvery: 1000 });
    await h.until((m) => isMetrics(m) && m.metrics.step >= 5, 60_000);
    const harness = h;
    // Stamp each answer as the trainer posts it.
    const arrived = new Map<number, number>();
    const push = harness.messages.push.bind(harness.messages);
    harness.messages.push = (...ms: FromWorker[]) => {
      for (const m of ms) if (isInference(m)) arrived.set(m.result.id, performance.now());
      return push(...ms);
    };
    const lastStep = () => harness.messages.filter(isMetrics).at(-1)!.metrics.step;
    const stepsPerSecond = async (ms: number) => {
      const from = lastStep();
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, ms));
      return ((lastStep() - from) * 1000) / (performance.now() - t0);
    };
    const alone = await stepsPerSecond(WINDOW_MS);
    const sent = new Map<number, number>();
    let id = 0;
    const drawing = setInterval(() => {
      id++;
      sent.set(id, performance.now());
      harness.trainer.handle({ type: 'infer', request: { id, source: 'heldout', index: id } });
    }, 100);
    const withRequests = await stepsPerSecond(WINDOW_MS);
    clearInterval(drawing);
    await new Promise((r) => setTimeout(r, 1000));
    const latencies = [...arrived].map(([i, t]) => t - sent.get(i)!).sort((a, b) => a - b);
    // Most requests are answered (a newer one arriving first supersedes an older one), and
    // training keeps stepping meanwhile.
    expect(latencies.length).toBeGreaterThan(id / 2);
    expect(withRequests).toBeGreaterThan(0);
    const q = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
    console.info(
      `inference latency p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms ` +
        `(${latencies.length} of ${id} requests answered); steps/s alone ${alone.toFixed(2)}, ` +
        `with 10 requests/s ${withRequests.toFixed(2)}`,
    );
  });
});
