/**
 * Weight sharing on and off (issue 6): the unshared network trains on WebGL, the panel shows both
 * modes' parameter counts in every mode, and a comparison trains shared and unshared twins from
 * the same seed and states what it measured. Sized for SwiftShader on 2 cores: batch 8, a few
 * steps, an evaluation every 2 steps.
 */
import type { Page } from '@playwright/test';
import { test, expect, status, waitForStatus } from './fixtures';

test.beforeEach(({ page }) => {
  // A fresh-run question, should one be asked, is answered yes.
  page.on('dialog', (d) => void d.accept());
});

/** Opens the docked sharing panel (it starts collapsed on all but very wide windows). */
async function openSharingPanel(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Sharing panel' });
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
}

/** The panel's parameter table shows both modes' counts, per layer and in total. */
async function expectParameterCounts(page: Page): Promise<void> {
  await openSharingPanel(page);
  const panel = page.locator('#sharing-panel');
  await expect(panel).toBeVisible();
  const cell = (layer: string, mode: string) =>
    panel.locator(`tr[data-layer="${layer}"] td[data-mode="${mode}"]`);
  await expect(cell('total', 'conv')).toHaveText('225,034');
  await expect(cell('total', 'none')).toHaveText('2,660,554');
  await expect(cell('conv1', 'none')).toHaveText('216,320');
  await expect(cell('conv2', 'conv')).toHaveText('18,496');
  await expect(panel.locator('li[data-layer="conv1"]')).toHaveText(
    'conv1: 320 parameters shared by 676 positions; without sharing 216,320',
  );
  await expect(panel.locator('li[data-layer="conv2"]')).toHaveText(
    'conv2: 18,496 parameters shared by 121 positions; without sharing 2,238,016',
  );
}

/** Reads the panel's published numbers (data attributes) until `pred` holds. */
async function waitForPanel(
  page: Page,
  pred: (d: Record<string, string>) => boolean,
  what: string,
  timeoutMs: number,
): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, string> = {};
  while (Date.now() < deadline) {
    last = await page
      .locator('#sharing-panel')
      .evaluate((e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>);
    if (pred(last)) return last;
    await page.waitForTimeout(500);
  }
  const text = await page.locator('#sharing-panel').innerText();
  throw new Error(`timed out waiting for ${what}; panel data ${JSON.stringify(last)}; ${text}`);
}

test('the unshared network trains on WebGL, and the panel shows both modes', async ({ page }) => {
  test.setTimeout(300_000);
  // On WebGL, as the title says (backend=auto would take WASM on this software renderer).
  await page.goto('/?sharing=none&batch=8&evalEvery=1000&backend=webgl');
  await expectParameterCounts(page);
  await expect(page.locator('#sharing-panel .sp-mode')).toContainText('unshared');
  const s = await waitForStatus(
    page,
    (s) =>
      s.training.step >= 2 || (s.training.state === 'error' && /memory/i.test(s.training.detail)),
    'two unshared training steps (or an error naming memory)',
    270_000,
  );
  expect(s.config?.sharing).toBe('none');
  expect(s.backend?.name).toBe('webgl');
  if (s.training.state !== 'error') {
    expect(s.training.step).toBeGreaterThanOrEqual(2);
    expect(Number.isFinite(s.training.loss)).toBe(true);
    // The unshared weights alone are 2,660,554 floats; tf.memory() holds at least those.
    expect(s.training.memory?.numBytes ?? 0).toBeGreaterThan(2_660_554 * 4);
    // The room shows what sharing removed: one filter's own kernel at each of 676 positions,
    // and selecting another conv1 kernel shows that filter's positions.
    type Mosaic = { filter: number; positions: number; range: number } | null;
    const mosaic = () => page.evaluate(() => (window.weightroom!.mosaic as () => Mosaic)());
    await expect.poll(async () => (await mosaic())?.range ?? 0).toBeGreaterThan(0);
    expect(await mosaic()).toMatchObject({ filter: 0, positions: 676 });
    await page.evaluate(() =>
      (window.weightroom!.select as (l: string, f: number) => void)('conv1', 5),
    );
    await expect.poll(async () => (await mosaic())?.filter).toBe(5);
  }
});

test('the shared network shows the same arithmetic, with no comparison running', async ({
  page,
}) => {
  await page.goto('/?autostart=0');
  await waitForStatus(page, (s) => s.ready, 'ready', 60_000);
  await expectParameterCounts(page);
  await expect(page.locator('#sharing-panel .sp-mode')).toContainText('shared');
  await expect(page.locator('#sharing-panel canvas')).toHaveCount(0);
  await expect(page.locator('#sharing-panel')).toContainText('compare=1');
});

test('a comparison trains both twins from the same seed and states the result', async ({
  page,
}) => {
  // Measured here: 8.7 min, most of it three workers compiling shaders at once on SwiftShader.
  test.setTimeout(900_000);
  // autostart=0 keeps the app's own run paused, so the twins have this slow GPU to themselves.
  await page.goto('/?compare=1&batch=8&evalEvery=2&autostart=0');
  await expectParameterCounts(page);
  const panel = page.locator('#sharing-panel');
  await expect(panel.locator('canvas.sp-chart')).toBeVisible();
  const d = await waitForPanel(
    page,
    (d) => Number(d.commonStep) >= 2,
    'both twins evaluated at the same step',
    840_000,
  );
  expect(Number(d.convStep)).toBeGreaterThanOrEqual(2);
  expect(Number(d.noneStep)).toBeGreaterThanOrEqual(2);
  await expect(panel.locator('.sp-result')).toHaveText(
    new RegExp(
      `^after ${d.commonStep} steps: shared \\d+\\.\\d% held-out accuracy, unshared \\d+\\.\\d%; ` +
        `.*unshared used 11\\.8x the parameters and \\d+\\.\\dx the memory`,
    ),
  );
  await expect(panel.locator('.sp-notice')).toBeHidden();
  // The chart switches between steps and training time.
  await panel.locator('button[data-axis="time"]').click();
  await expect(panel).toHaveAttribute('data-axis', 'time');
  await expect(panel.locator('button[data-axis="time"]')).toHaveAttribute('aria-pressed', 'true');
  // The app's own run stayed where autostart=0 left it.
  expect((await status(page)).training.step).toBe(0);
});

test('a device too small for the unshared twin is told so, and the shared twin trains', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 0.25 });
  });
  await page.goto('/?compare=1&batch=8&evalEvery=2&autostart=0');
  const panel = page.locator('#sharing-panel');
  await expect(panel.locator('.sp-notice')).toBeVisible();
  await expect(panel.locator('.sp-notice')).toContainText('may not hold the unshared network');
  await expect(panel.locator('.sp-notice')).toContainText('0.25 GiB this device reports');
  await expect(panel).toHaveAttribute('data-none-phase', 'left-out');
  await waitForPanel(page, (d) => Number(d.convStep) >= 2, 'two shared steps', 270_000);
  await expect(panel.locator('.sp-result')).toContainText('The shared run trains alone');
  const s = await status(page);
  expect(s.error).toBeNull();
});

test('in a comparison the desktop panel and the room follow the twin that is training', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('/?compare=1&backend=wasm&batch=8&evalEvery=2&autostart=0');
  const watching = page.locator('#hud-watching');
  await expect(watching).toContainText(/showing the (un)?shared twin/, { timeout: 120_000 });
  // The HUD counts the twin's steps, not the paused page run's.
  await expect
    .poll(async () => Number(await page.locator('#hud-step').textContent()), { timeout: 240_000 })
    .toBeGreaterThan(0);
  // The room shows the twin's snapshots.
  const shown = await page.waitForFunction(
    () => {
      const api = window.weightroom as unknown as {
        shownRun(): { twin: string | null; step: number | null };
      };
      const r = api.shownRun();
      return r.twin !== null && r.step !== null ? r : null;
    },
    undefined,
    { timeout: 120_000 },
  );
  const run = (await shown.jsonValue()) as { twin: 'conv' | 'none'; step: number };
  await expect(watching).toContainText(run.twin === 'conv' ? 'shared twin' : 'unshared twin');
  // The page's own run stayed paused at step 0 all along.
  expect((await status(page)).training.step).toBe(0);
});

test('a comparison measures both twins on the same moved digit and states each one’s generalisation gap and equivariance errors', async ({
  page,
}) => {
  test.setTimeout(400_000);
  await page.goto('/?compare=1&backend=wasm&batch=8&evalEvery=2&autostart=0');
  await openSharingPanel(page);
  const panel = page.locator('#sharing-panel');
  await waitForPanel(page, (d) => Number(d.commonStep) >= 2, 'a common evaluation', 300_000);
  const claims = panel.locator('.sp-claims');
  // Each twin's training accuracy, measured at the evaluation, beside its held-out accuracy.
  await expect(claims).toHaveText(
    /^Generalisation gap \(training accuracy on 1000 fixed training digits minus held-out accuracy\), after \d+ steps: shared [+-]?\d+\.\d points \(\d+\.\d% on training digits\), unshared [+-]?\d+\.\d points \(\d+\.\d% on training digits\)\. Equivariance: move the digit/,
  );

  await page.getByLabel('Shift right').fill('3');
  const s = await waitForStatus(
    page,
    (s) =>
      s.probeTwinsShift?.conv?.shift[0] === 3 &&
      s.probeTwinsShift.conv.shift[1] === 0 &&
      s.probeTwinsShift.none?.shift[0] === 3 &&
      s.probeTwinsShift.none.shift[1] === 0,
    'both twins measuring the move (3, 0)',
    120_000,
  );
  const { conv, none } = s.probeTwinsShift!;
  // Measured on the same digit: the shared twin's conv1 follows the move, the unshared one's not.
  expect(conv!.conv1).toBeLessThan(1e-5);
  expect(none!.conv1).toBeGreaterThan(0.01);
  expect(conv!.predictionUnderShift).toHaveLength(81);
  expect(none!.predictionUnderShift).toHaveLength(81);
  for (const name of ['shared', 'unshared']) {
    await expect(
      page.getByRole('img', { name: `Prediction under shift, ${name}` }),
    ).toHaveAttribute('data-shift', '3,0');
  }
  await expect(claims).toContainText(
    'Equivariance error with the digit moved (3, 0) (0 = the maps move with it): shared conv1 ',
  );
  await expect(claims).toContainText('; unshared conv1 ');
  await panel.locator('.sp-moved').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shift/compare-shift.png' });
});
