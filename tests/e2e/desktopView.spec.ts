/**
 * The desktop view (issue 16): docked panels that never cover a station, a camera that frames
 * every station at any window size and flies to each on a key or a button, the first minute,
 * the guide, and choosing kernels from the keyboard. Trains on WASM (the subject is the view).
 */
import type { Page } from '@playwright/test';
import { test, expect, status, waitForStatus } from './fixtures';

const STATIONS = ['input', 'conv1', 'conv2', 'dense1', 'output'] as const;
type Station = (typeof STATIONS)[number];
interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface ViewHooks {
  stationScreenRect(name: Station): Rect;
  cameraView(): { view: string; flying: boolean };
}

function stationRect(page: Page, name: Station): Promise<Rect> {
  return page.evaluate(
    (n) => (window.weightroom as unknown as ViewHooks).stationScreenRect(n),
    name,
  );
}

function cameraView(page: Page): Promise<{ view: string; flying: boolean }> {
  return page.evaluate(() => (window.weightroom as unknown as ViewHooks).cameraView());
}

/** Waits until the camera has arrived and the framing has had time to settle. */
async function settled(page: Page, view: string): Promise<void> {
  await expect.poll(() => cameraView(page)).toEqual({ view, flying: false });
  await page.waitForTimeout(1200); // two of the rig's re-checks
}

/** The element at a point of the page, as "tag#id". */
function elementAt(page: Page, x: number, y: number): Promise<string> {
  return page.evaluate(
    ([px, py]) => {
      const e = document.elementFromPoint(px, py);
      return e ? `${e.tagName.toLowerCase()}#${e.id}` : 'nothing';
    },
    [x, y] as const,
  );
}

/** Every station's centre and four corners are the room's canvas: no panel covers any. */
async function expectStationsUncovered(page: Page): Promise<void> {
  for (const name of STATIONS) {
    const r = await stationRect(page, name);
    expect(r.width, `${name} has a size on screen`).toBeGreaterThan(20);
    const inset = 1;
    const points = [
      [r.x + r.width / 2, r.y + r.height / 2],
      [r.x + inset, r.y + inset],
      [r.x + r.width - inset, r.y + inset],
      [r.x + inset, r.y + r.height - inset],
      [r.x + r.width - inset, r.y + r.height - inset],
    ] as const;
    for (const [x, y] of points) {
      expect(await elementAt(page, x, y), `${name} at (${x.toFixed(0)}, ${y.toFixed(0)})`).toBe(
        'canvas#room',
      );
    }
  }
}

for (const [width, height] of [
  [1280, 720],
  [1440, 900],
] as const) {
  test(`at ${width}x${height} every station is framed in the canvas, with the panels open or collapsed`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await page.goto('/?backend=wasm');
    await waitForStatus(page, (s) => s.ready && s.kernels.version > 0, 'the first snapshot');
    await settled(page, 'overview');
    await expectStationsUncovered(page);

    // Open the sharing panel: the canvas narrows and the camera frames the room again.
    const sharing = page.getByRole('button', { name: 'Sharing panel' });
    if ((await sharing.getAttribute('aria-expanded')) === 'false') await sharing.click();
    await expect(page.locator('#sharing-panel')).toBeVisible();
    await settled(page, 'overview');
    await expectStationsUncovered(page);

    // Collapse the HUD: the room takes the width.
    const before = await stationRect(page, 'conv2');
    await page.getByRole('button', { name: 'Weightroom panel' }).click();
    await expect(page.getByRole('button', { name: 'Weightroom panel' })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    await settled(page, 'overview');
    await expectStationsUncovered(page);
    expect((await stationRect(page, 'conv2')).width).toBeGreaterThan(before.width);
    await page.screenshot({ path: `test-results/screens/desktop-${width}x${height}.png` });
  });
}

test('the room is framed on a portrait tablet and on a 2560x1440 screen', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.goto('/?backend=wasm&autostart=0');
  await waitForStatus(page, (s) => s.ready, 'ready');
  await settled(page, 'overview');
  await expectStationsUncovered(page);
  await page.setViewportSize({ width: 2560, height: 1440 });
  await settled(page, 'overview');
  await expectStationsUncovered(page);
});

test('keys 1 to 5 and the buttons fly to each station, and Overview comes back', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&autostart=0');
  await waitForStatus(page, (s) => s.ready, 'ready');
  await settled(page, 'overview');
  const overview = await stationRect(page, 'conv1');

  await page.keyboard.press('2');
  // The flight takes a moment (without reduced motion): the camera is on its way.
  expect(await cameraView(page)).toEqual({ view: 'conv1', flying: true });
  await settled(page, 'conv1');
  const close = await stationRect(page, 'conv1');
  expect(close.height).toBeGreaterThan(overview.height * 1.5);
  // The station fills the view's height, centred in the canvas.
  const canvas = (await page.locator('#room').boundingBox())!;
  expect(close.y).toBeGreaterThanOrEqual(canvas.y);
  expect(close.y + close.height).toBeLessThanOrEqual(canvas.y + canvas.height);
  const cx = close.x + close.width / 2;
  expect(Math.abs(cx - (canvas.x + canvas.width / 2))).toBeLessThan(canvas.width * 0.1);

  for (const [i, name] of STATIONS.entries()) {
    await page.keyboard.press(String(i + 1));
    await settled(page, name);
    const r = await stationRect(page, name);
    expect(r.x).toBeGreaterThanOrEqual(canvas.x - 1);
    expect(r.x + r.width).toBeLessThanOrEqual(canvas.x + canvas.width + 1);
  }
  await page.getByRole('button', { name: 'conv2', exact: true }).click();
  await settled(page, 'conv2');
  await expect(page.getByRole('button', { name: 'conv2', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.getByRole('button', { name: 'Overview' }).click();
  await settled(page, 'overview');
  await expectStationsUncovered(page);
});

test('with prefers-reduced-motion a preset jumps instead of flying', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/?backend=wasm&autostart=0');
  await waitForStatus(page, (s) => s.ready, 'ready');
  await page.keyboard.press('3');
  expect(await cameraView(page)).toEqual({ view: 'conv2', flying: false });
});

test('Tab reaches the room and the arrow keys move the selection across kernels', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&autostart=0');
  await waitForStatus(page, (s) => s.ready, 'ready');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'room')) break;
  }
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('room');
  // The focus is visible: the canvas draws its focus ring.
  expect(
    await page.locator('#room').evaluate((e) => ({
      focusVisible: e.matches(':focus-visible'),
      outline: getComputedStyle(e).outlineStyle,
    })),
  ).toEqual({ focusVisible: true, outline: 'solid' });
  await expect
    .poll(async () => (await status(page)).selection)
    .toMatchObject({
      layer: 'conv1',
      filter: 0,
      source: 'keyboard',
    });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect
    .poll(async () => (await status(page)).selection)
    .toMatchObject({ layer: 'conv1', filter: 10, positions: 676 });
  // From conv1's last row down into conv2.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect
    .poll(async () => (await status(page)).selection)
    .toMatchObject({ layer: 'conv2', filter: 2, positions: 121, source: 'keyboard' });
  // The panel says it, for a screen reader too (aria-live).
  await expect(page.locator('#hud-selection')).toContainText('conv2 kernel 2');
  await expect(page.locator('#hud-selection')).toHaveAttribute('aria-live', 'polite');
});

test('the guide is shown on a first visit and stays dismissed', async ({ page }) => {
  await page.goto('/?backend=wasm&autostart=0');
  const guide = page.getByRole('region', { name: 'Guide' });
  await expect(guide).toBeVisible();
  await expect(guide).toContainText('blue is negative');
  await expect(guide).toContainText('Draw a digit');
  await page.getByRole('button', { name: 'Dismiss the guide' }).click();
  await expect(guide).toBeHidden();
  await page.reload();
  await waitForStatus(page, (s) => s.ready, 'ready');
  await expect(page.getByRole('region', { name: 'Guide' })).toBeHidden();
  await page.getByRole('button', { name: 'Show the guide' }).click();
  await expect(page.getByRole('region', { name: 'Guide' })).toBeVisible();
});

test('while the network starts, the room shows its stations and the panel says what is happening', async ({
  page,
}) => {
  // Hold the digits back for a few seconds, as a slow network would.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.context().route('**/data/mnist.bin', async (route) => {
    await held;
    await route.continue();
  });
  const opened = Date.now();
  await page.goto('/?backend=wasm');
  const start = page.locator('#hud-start');
  await expect(start).toContainText('Loading 10,000 real MNIST digits');
  await expect(start).toContainText('usually 5 to 10 seconds');
  await expect(start).toHaveAttribute('role', 'status');
  await waitForStatus(page, (s) => s.ready && s.frames.count > 3, 'frames while loading');
  await settled(page, 'overview');
  await expectStationsUncovered(page);
  release();
  await waitForStatus(page, (s) => s.training.state === 'running', 'training', 120_000);
  console.info(`page open to training, digits held back: ${(Date.now() - opened) / 1000} s`);
  await expect(start).toBeHidden();
});

test('every control in the panels has an accessible name', async ({ page }) => {
  await page.goto('/?backend=wasm&autostart=0&compare=1');
  await waitForStatus(page, (s) => s.ready, 'ready');
  const controls = page.locator(
    '#hud button, #hud input, #hud select, #sharing-dock button, #room, #hud canvas, #sharing-dock canvas',
  );
  const n = await controls.count();
  expect(n).toBeGreaterThan(10);
  for (let i = 0; i < n; i++) {
    const c = controls.nth(i);
    if (!(await c.isVisible())) continue;
    await expect(c).toHaveAccessibleName(/\S/);
  }
});
