/**
 * The room on a desktop: the network drawn in under 100 draw calls, kernels that change on screen
 * as the worker trains, and weight sharing shown when a kernel is hovered.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, status, waitForStatus } from './fixtures';

const SCREENS = 'test-results/screens';

type Layer = 'conv1' | 'conv2';
interface Hooks {
  kernelScreenPoint(layer: Layer, f: number): { x: number; y: number };
}

function kernelPoint(page: Page, layer: Layer, f: number) {
  return page.evaluate(
    ([l, i]) => (window.weightroom as unknown as Hooks).kernelScreenPoint(l, i),
    [layer, f] as const,
  );
}

/** The screen rectangle of a layer's kernel atlas (first to last kernel, with a margin). */
async function kernelClip(page: Page, layer: Layer, last: number) {
  const a = await kernelPoint(page, layer, 0);
  const b = await kernelPoint(page, layer, last);
  const m = 14;
  return {
    x: Math.round(Math.min(a.x, b.x) - m),
    y: Math.round(Math.min(a.y, b.y) - m),
    width: Math.round(Math.abs(b.x - a.x) + 2 * m),
    height: Math.round(Math.abs(b.y - a.y) + 2 * m),
  };
}

test('the room is drawn in under 100 draw calls and hovering a kernel shows its sharing', async ({
  page,
}) => {
  await page.goto('/?autostart=0');
  await waitForStatus(page, (s) => s.ready && s.frames.count > 3, 'the first frames', 60_000);
  const s0 = await status(page);
  expect(s0.render.drawCalls).toBeGreaterThan(10);
  expect(s0.render.drawCalls).toBeLessThan(100);
  expect(s0.selection).toBeNull();

  const p = await kernelPoint(page, 'conv1', 5);
  expect(p.x).toBeGreaterThan(0);
  expect(p.x).toBeLessThan(1280);
  expect(p.y).toBeGreaterThan(0);
  expect(p.y).toBeLessThan(800);
  await page.mouse.move(p.x - 40, p.y + 40);
  await page.mouse.move(p.x, p.y, { steps: 4 });
  const s1 = await waitForStatus(page, (s) => s.selection?.filter === 5, 'conv1 kernel 5 selected');
  expect(s1.selection).toMatchObject({
    layer: 'conv1',
    filter: 5,
    weights: 9,
    bias: 1,
    positions: 676,
    unsharedWeights: 6760,
    source: 'hover',
    sharing: 'conv',
  });
  await expect(page.locator('#hud-selection')).toContainText(
    'without sharing this map would need 6,760 weights',
  );

  const q = await kernelPoint(page, 'conv2', 40);
  await page.mouse.move(q.x, q.y, { steps: 4 });
  const s2 = await waitForStatus(
    page,
    (s) => s.selection?.layer === 'conv2' && s.selection.filter === 40,
    'conv2 kernel 40 selected',
  );
  expect(s2.selection?.positions).toBe(121);
  expect(s2.selection?.unsharedWeights).toBe(34_969);
  // The highlights add a handful of draws, still far under the budget.
  expect(s2.render.drawCalls).toBeLessThan(100);
});

test('as the worker trains, the kernels change on screen and kernels.version increases', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await page.goto('/');
  const first = await waitForStatus(
    page,
    (s) => s.kernels.version >= 1 && s.training.state === 'running',
    'the first kernel snapshot',
    300_000,
  );
  const clip = await kernelClip(page, 'conv1', 31);
  const before = await page.screenshot({ clip });
  const later = await waitForStatus(
    page,
    (s) => s.kernels.version >= first.kernels.version + 2 && s.training.step > first.training.step,
    'two more snapshots',
    180_000,
  );
  // A frame or two for the upload to reach the screen (frames are slow on software GL).
  const f = later.frames.count;
  await waitForStatus(page, (s) => s.frames.count >= f + 2, 'two more frames', 30_000);
  const after = await page.screenshot({ clip });
  expect(after.equals(before), 'the conv1 kernels look the same after training steps').toBe(false);

  // Control: with training paused and no new snapshot, the same region stays the same.
  await page.evaluate(() => (window.weightroom as unknown as { pause(): void }).pause());
  await waitForStatus(page, (s) => s.training.state === 'paused', 'paused', 60_000);
  await page.waitForTimeout(1500);
  const v = (await status(page)).kernels.version;
  const still1 = await page.screenshot({ clip });
  await page.waitForTimeout(2000);
  const still2 = await page.screenshot({ clip });
  if ((await status(page)).kernels.version === v) {
    expect(still2.equals(still1), 'the kernels changed with no new snapshot').toBe(true);
  }

  // The desktop view, with a kernel selected, for people to look at.
  const p = await kernelPoint(page, 'conv1', 5);
  await page.mouse.move(p.x, p.y, { steps: 4 });
  await waitForStatus(page, (s) => s.selection?.filter === 5, 'conv1 kernel 5 selected');
  await page.waitForTimeout(1500);
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/desktop.png` });
});
