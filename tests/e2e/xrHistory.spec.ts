/**
 * The kernels' history in VR (issue 11) on IWER's emulated Meta Quest 3: the slider above the
 * in-VR panel, dragged with the right controller's trigger held, scrubs the kernels and the maps
 * back to the first kept step while training goes on; its "Live" returns. A hand's pinch drags it
 * too. WASM backend, a snapshot every step.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, status, test, waitForStatus } from './fixtures';
import { RAISED, button, enter, frames, hook, pinch, pose, useInput, type Kind } from './xrDevice';

const URL = '/?backend=wasm&batch=8&snapshotEvery=1&evalEvery=100000&fresh=1';
const SCREENS = process.env.WEIGHTROOM_SCREENS ?? '/tmp';

/** Where the slider's Live button or kept index `i` is in the room. */
function slider(page: Page, target: 'live' | number) {
  return hook<{ x: number; y: number; z: number }>(page, 'historySliderWorldPoint', target);
}

/** Holds the trigger (controller) or a pinch (hand) down (1) or lets it go (0). */
async function press(page: Page, kind: Kind, value: 0 | 1): Promise<void> {
  if (kind === 'hand') await pinch(page, 'right', value);
  else await button(page, 'right', 'trigger', value);
  await frames(page, 3);
}

/** Aims at the middle of the track, presses, drags the ray to its left end, lets go. */
async function dragToFirst(page: Page, kind: Kind): Promise<void> {
  const count = (await hook<number>(page, 'historySliderCount')) ?? 0;
  await pose(page, kind, 'right', RAISED, await slider(page, Math.floor(count / 2)));
  await frames(page, 2);
  await press(page, kind, 1);
  // The knob left live for a kept step in the middle...
  await waitForStatus(
    page,
    (s) => s.kernels.shownStep !== null && s.kernels.shownStep < (s.kernels.step ?? 0),
    'a kept step in the middle shown',
    30_000,
  );
  // ... and follows the ray, across the track to its left end.
  const left = await slider(page, 0);
  const middle = await slider(page, Math.floor(count / 2));
  for (const t of [0.5, 0.8, 1.05]) {
    const at = {
      x: middle.x + (left.x - middle.x) * t,
      y: middle.y + (left.y - middle.y) * t,
      z: middle.z + (left.z - middle.z) * t,
    };
    await pose(page, kind, 'right', RAISED, at);
    await frames(page, 2);
  }
  await press(page, kind, 0);
  await waitForStatus(page, (s) => s.kernels.shownStep === 0, 'the first kept step', 30_000);
  // Let go, the ray passing over the track again moves nothing: only a held trigger or pinch drags.
  await pose(page, kind, 'right', RAISED, middle);
  await frames(page, 3);
  expect((await status(page)).kernels.shownStep).toBe(0);
}

test('in VR the history slider scrubs the kernels and maps to the first kept step while training goes on; Live returns', async ({
  xrPage: page,
}) => {
  test.setTimeout(420_000);
  page.on('dialog', (d) => void d.accept());
  await enter(page, URL, /^Enter VR/);
  await waitForStatus(
    page,
    (s) => s.training.state === 'running' && (s.kernels.step ?? 0) >= 4,
    'a few snapshots while presenting',
    240_000,
  );

  // The right controller: trigger down on the track, drag to its left end, release.
  await dragToFirst(page, 'controller');
  const scrubbed = await waitForStatus(
    page,
    (s) => s.kernels.shownStep === 0 && s.kernels.shownMapsStep === 0,
    'the first kept step (kernels and maps) shown',
    30_000,
  );
  // Training goes on underneath; the room stays at step 0.
  const later = await waitForStatus(
    page,
    (s) => (s.kernels.step ?? 0) >= (scrubbed.kernels.step ?? 0) + 2,
    'two more snapshots',
    120_000,
  );
  expect(later.kernels.shownStep).toBe(0);
  expect(later.kernels.shownMapsStep).toBe(0);
  expect(later.training.step).toBeGreaterThan(scrubbed.training.step);
  // The desktop's timeline follows the same step.
  await expect(page.getByLabel('Training history')).toHaveValue('0');
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/history-vr-scrubbed.png` });

  // Live, under the trigger.
  await pose(page, 'controller', 'right', RAISED, await slider(page, 'live'));
  await frames(page, 2);
  await press(page, 'controller', 1);
  await press(page, 'controller', 0);
  const live = await waitForStatus(
    page,
    (s) =>
      s.kernels.shownStep === s.kernels.step &&
      (s.kernels.step ?? 0) > (later.kernels.step ?? 0) &&
      (s.kernels.shownMapsStep ?? 0) > (later.kernels.step ?? 0),
    'live again, the step still rising',
    120_000,
  );
  expect(live.training.step).toBeGreaterThan(later.training.step);

  // With tracked hands: a pinch drags the same slider back to the first step.
  await useInput(page, 'hand');
  await dragToFirst(page, 'hand');
  await waitForStatus(page, (s) => s.kernels.shownStep === 0, 'step 0 by a pinch-drag', 30_000);
  await pose(page, 'hand', 'right', RAISED, await slider(page, 'live'));
  await frames(page, 2);
  await press(page, 'hand', 1);
  await press(page, 'hand', 0);
  const s = await waitForStatus(
    page,
    (s) => s.kernels.shownStep !== null && s.kernels.shownStep === s.kernels.step,
    'live again after the pinch',
    60_000,
  );
  expect(s.kernels.step).toBeGreaterThan(live.kernels.step ?? 0);
  expect((await status(page)).selection).toBeNull();
});
