/**
 * Frame telemetry and the governor on the real stack: the app publishes frame figures against its
 * budget while it trains, and training in the worker does not block the render thread.
 */
import { test, expect, status, waitForStatus } from './fixtures';

test('while training runs for 20 s, frames are measured against a budget and the main thread never blocks', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('/');
  // Past loading and the first step's shader compiles (6-13 s on SwiftShader).
  await waitForStatus(
    page,
    (s) => s.ready && s.training.state === 'running' && s.training.step >= 1,
    'training running',
    180_000,
  );
  const before = await status(page);
  await page.waitForTimeout(20_000);
  const after = await status(page);

  expect(after.training.state).toBe('running');
  expect(after.training.step, 'training advanced during the 20 s').toBeGreaterThan(
    before.training.step,
  );
  const f = after.frames;
  expect(f.count).toBeGreaterThan(before.frames.count);
  expect(f.budgetMs).toBeGreaterThan(0);
  expect(f.targetHz).toBeGreaterThan(0);
  expect(f.budgetMs).toBeCloseTo(1000 / f.targetHz, 6);
  expect(f.intervalP50Ms).toBeGreaterThan(0);
  // Long tasks count from when telemetry started; page load may own some, training owns none.
  expect(f.longTasks - before.frames.longTasks, 'long tasks while training').toBe(0);
  expect(f.workP99Ms, 'main-thread frame work p99 inside the budget').toBeLessThan(f.budgetMs);
  // The governor says what it is doing.
  expect(after.governor).not.toBeNull();
  expect(after.governor!.message.length).toBeGreaterThan(0);
  expect(after.governor!.snapshotEvery).toBeGreaterThanOrEqual(1);
});
