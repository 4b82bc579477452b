/**
 * Frame telemetry and the governor on the real stack: while the app trains, the frame figures and
 * the governor's state are published, finite and consistent with each other. No timing is judged
 * against a budget here (a shared 2-core software renderer makes that a coin toss): the benchmark
 * measures and prints those figures (npm run bench).
 */
import { test, expect, status, waitForStatus } from './fixtures';

const ACTIONS = ['measuring', 'idle', 'probe', 'cooldown', 'slower', 'faster', 'uncap', 'hold'];

test('while training runs, frame and governor figures are published, finite and consistent', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('/?backend=wasm');
  await waitForStatus(
    page,
    (s) => s.ready && s.training.state === 'running' && s.training.step >= 1,
    'training running',
    180_000,
  );
  const before = await status(page);
  await page.waitForTimeout(10_000);
  const after = await status(page);

  expect(after.training.step, 'training advanced').toBeGreaterThan(before.training.step);
  const f = after.frames;
  const numbers = Object.entries(f);
  for (const [k, v] of numbers) expect(Number.isFinite(v), `frames.${k} is finite`).toBe(true);
  expect(f.count).toBeGreaterThan(before.frames.count);
  expect(f.targetHz).toBeGreaterThan(0);
  expect(f.budgetMs).toBeCloseTo(1000 / f.targetHz, 6);
  expect(f.intervalP50Ms).toBeGreaterThan(0);
  expect(f.intervalP50Ms).toBeLessThanOrEqual(f.intervalP95Ms);
  expect(f.intervalP95Ms).toBeLessThanOrEqual(f.intervalP99Ms);
  expect(f.workP50Ms).toBeGreaterThanOrEqual(0);
  expect(f.workP50Ms).toBeLessThanOrEqual(f.workP95Ms);
  expect(f.workP95Ms).toBeLessThanOrEqual(f.workP99Ms);
  // A frame's own work happens inside its interval.
  expect(f.workP50Ms).toBeLessThanOrEqual(f.intervalP99Ms);
  // Counters only grow, and count frames that exist.
  expect(Number.isInteger(f.overBudget) && Number.isInteger(f.longTasks)).toBe(true);
  expect(f.overBudget).toBeGreaterThanOrEqual(before.frames.overBudget);
  expect(f.overBudget).toBeLessThanOrEqual(f.count);
  expect(f.longTasks).toBeGreaterThanOrEqual(before.frames.longTasks);

  const g = after.governor;
  expect(g).not.toBeNull();
  expect(g!.objective).toBe('desktop');
  expect(g!.message).toContain('desktop: at least 30 fps');
  expect(ACTIONS).toContain(g!.decision.action);
  expect([null, 'healthy', 'marginal', 'bad']).toContain(g!.decision.verdict);
  expect(g!.snapshotEvery).toBeGreaterThanOrEqual(1);
  expect(g!.maxStepsPerSecond === null || g!.maxStepsPerSecond > 0).toBe(true);
  expect(Number.isFinite(g!.fps) && g!.fps >= 0).toBe(true);
  if (g!.baseline) {
    const b = g!.baseline;
    expect(b.fps).toBeGreaterThan(0);
    expect(b.frames).toBeGreaterThan(0);
    for (const share of [b.overBudgetFraction, b.overFloorFraction]) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
  }
  // The panel says the same sentence the status carries.
  await expect(page.locator('#hud-governor')).toContainText('desktop: at least 30 fps');
});
