/**
 * The kernels' history (issue 11): scrub "Training history" back to the first kept step while
 * training goes on, then "Live" returns to the newest kernels. WASM backend.
 */
import { test, expect, hook, status, waitForStatus } from './fixtures';

/** A checksum of conv1's maps as laid out in the room (window.weightroom.shownDigit). */
async function conv1Maps(page: Parameters<typeof status>[0]): Promise<number> {
  return (await hook<{ conv1Checksum: number }>(page, 'shownDigit')).conv1Checksum;
}

test.beforeEach(({ page }) => {
  page.on('dialog', (d) => void d.accept());
});

test('scrubbing to the first kept step holds the kernels and the maps there while the step count rises; Live returns', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('/?backend=wasm&batch=8&snapshotEvery=1&evalEvery=100000&fresh=1');
  const running = await waitForStatus(
    page,
    (s) => s.ready && s.training.state === 'running' && (s.kernels.step ?? 0) >= 3,
    'a few snapshots on wasm',
    240_000,
  );
  expect(running.kernels.shownStep).toBe(running.kernels.step);
  const liveMaps = await waitForStatus(
    page,
    (s) => (s.kernels.shownMapsStep ?? 0) >= 3,
    'the live maps on screen',
  );
  const liveChecksum = await conv1Maps(page);
  const slider = page.getByLabel('Training history');
  const live = page.getByRole('button', { name: 'Live' });
  await expect(live).toBeDisabled();

  // Home: the first kept step, the fresh run's step 0.
  await slider.focus();
  await page.keyboard.press('Home');
  const scrubbed = await waitForStatus(
    page,
    (s) => s.kernels.shownStep === 0 && s.kernels.shownMapsStep === 0,
    'step 0 kernels and maps shown',
  );
  expect(scrubbed.training.step).toBeGreaterThanOrEqual(liveMaps.training.step);
  // The maps on screen are step 0's: the untrained network sees the digit differently.
  const scrubbedChecksum = await conv1Maps(page);
  expect(scrubbedChecksum).not.toBe(liveChecksum);
  await expect(live).toBeEnabled();
  await expect(page.locator('#timeline-panel .timeline-step')).toHaveText('step 0');
  // Training goes on underneath, and the kernels on screen stay at step 0.
  const later = await waitForStatus(
    page,
    (s) => (s.kernels.step ?? 0) >= (scrubbed.kernels.step ?? 0) + 2,
    'two more snapshots',
    120_000,
  );
  expect(later.kernels.shownStep).toBe(0);
  expect(later.kernels.shownMapsStep).toBe(0);
  expect(await conv1Maps(page)).toBe(scrubbedChecksum);
  expect(later.training.step).toBeGreaterThan(scrubbed.training.step);
  await page.screenshot({ path: '/tmp/history-scrubbed-maps.png' });

  await live.click();
  await waitForStatus(
    page,
    (s) =>
      s.kernels.shownStep !== null &&
      s.kernels.shownStep === s.kernels.step &&
      s.kernels.step > (later.kernels.step ?? 0) &&
      (s.kernels.shownMapsStep ?? 0) > (later.kernels.step ?? 0),
    'live kernels and maps again',
    120_000,
  );
  const s = await status(page);
  expect(s.kernels.shownStep).toBeGreaterThan(0);
  await expect(page.locator('#timeline-panel .timeline-step')).toContainText('(live)');
  await page.screenshot({ path: '/tmp/kernel-history.png' });

  // Back to step 0 a second time, later in the run: the same maps as the first time (they are
  // step 0's own, kept with its kernels, not the newest snapshot's).
  await slider.focus();
  await page.keyboard.press('Home');
  await waitForStatus(
    page,
    (st) => st.kernels.shownStep === 0 && st.kernels.shownMapsStep === 0,
    'step 0 again',
  );
  expect(await conv1Maps(page)).toBe(scrubbedChecksum);
  await live.click();
  await waitForStatus(page, (st) => st.kernels.shownStep === st.kernels.step, 'live at the end');
});

test('the history is kept across a reload: a resumed run can scrub back to its first step', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const params = 'backend=wasm&batch=8&snapshotEvery=1&evalEvery=100000&checkpointEvery=3';
  await page.goto(`/?${params}&fresh=1`);
  await waitForStatus(
    page,
    (s) => s.training.state === 'running' && (s.training.lastCheckpointStep ?? 0) >= 3,
    'a checkpoint at step 3',
    240_000,
  );
  // The history is saved every 5 s.
  await page.waitForTimeout(6000);
  await page.goto(`/?${params}`);
  const resumed = await waitForStatus(
    page,
    (s) => s.training.resumedFrom !== null && (s.kernels.step ?? 0) > (s.training.resumedFrom ?? 0),
    'the resumed run',
    240_000,
  );
  expect(resumed.training.resumedFrom).toBeGreaterThanOrEqual(3);
  // Step 0 was kept by the page before the reload; this page began at the resumed step.
  await page.getByLabel('Training history').focus();
  await page.keyboard.press('Home');
  await waitForStatus(page, (s) => s.kernels.shownStep === 0, 'step 0 from the saved history');
});
