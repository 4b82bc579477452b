/**
 * The headset path on IWER's emulated Meta Quest 3: enter VR, keep drawing and training while
 * presenting, inspect a kernel with the right controller's trigger, press the in-VR panel, and
 * come back to the desktop view with training still running.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, status, waitForStatus } from './fixtures';

type Point = { x: number; y: number; z: number };

/** Points the right controller from `from` at `to`, then pulls and releases its trigger. */
async function pointAndPull(page: Page, from: Point, to: Point): Promise<void> {
  await page.evaluate(
    ([a, b]) => {
      const dev = (window as unknown as { __iwerDevice: IwerLike }).__iwerDevice;
      const c = dev.controllers.right;
      let dx = b.x - a.x;
      let dy = b.y - a.y;
      let dz = b.z - a.z;
      const n = Math.hypot(dx, dy, dz);
      dx /= n;
      dy /= n;
      dz /= n;
      // The rotation taking -z onto (dx, dy, dz): axis (-z) x d, w = 1 + (-z).d.
      let qx = dy;
      let qy = -dx;
      const qz = 0;
      let qw = 1 - dz;
      const m = Math.hypot(qx, qy, qz, qw);
      qx /= m;
      qy /= m;
      qw /= m;
      c.position.set(a.x, a.y, a.z);
      c.quaternion.set(qx, qy, qz, qw);
      interface IwerLike {
        controllers: {
          right: {
            position: { set(x: number, y: number, z: number): void };
            quaternion: { set(x: number, y: number, z: number, w: number): void };
            updateButtonValue(id: string, v: number): void;
          };
        };
      }
    },
    [from, to] as const,
  );
  const trigger = (v: number) =>
    page.evaluate((value) => {
      const dev = (
        window as unknown as {
          __iwerDevice: {
            controllers: { right: { updateButtonValue(id: string, v: number): void } };
          };
        }
      ).__iwerDevice;
      dev.controllers.right.updateButtonValue('trigger', value);
    }, v);
  const f = (await status(page)).frames.count;
  await waitForStatus(page, (s) => s.frames.count >= f + 2, 'the controller pose to land');
  await trigger(1);
  await waitForStatus(page, (s) => s.frames.count >= f + 5, 'the trigger press to land');
  await trigger(0);
}

// Raised to eye height: from there its ray passes over the in-VR panel (a lectern below the eyes).
const HAND: Point = { x: 0.15, y: 1.65, z: -0.25 };

test('VR on an emulated Quest 3: present, train, inspect a kernel, press the panel, exit', async ({
  xrPage: page,
}) => {
  test.setTimeout(480_000);
  await page.goto('/');
  await waitForStatus(page, (s) => s.ready && s.xr.supported, 'VR support', 60_000);
  await page.locator('#enter-vr').click();
  const entered = await waitForStatus(page, (s) => s.xr.presenting, 'presenting', 60_000);
  expect(entered.xr.frameRate === null || entered.xr.frameRate > 0).toBe(true);

  // Frames keep coming and training keeps stepping while presenting.
  const runningAt = await waitForStatus(
    page,
    (s) => s.training.state === 'running' && s.training.step >= 1,
    'training running while presenting',
    300_000,
  );
  const s1 = await waitForStatus(
    page,
    (s) =>
      s.training.step > runningAt.training.step && s.frames.count > runningAt.frames.count + 10,
    'steps and frames advancing while presenting',
    120_000,
  );
  expect(s1.xr.presenting).toBe(true);

  // Aim the right controller at conv1's kernel 5 and pull the trigger.
  const kernel = await page.evaluate(() =>
    (
      window.weightroom as unknown as { kernelWorldPoint(l: string, f: number): Point }
    ).kernelWorldPoint('conv1', 5),
  );
  await pointAndPull(page, HAND, kernel);
  const picked = await waitForStatus(
    page,
    (s) => s.selection?.source === 'controller',
    'a kernel selected by the controller',
    60_000,
  );
  expect(picked.selection).toMatchObject({ layer: 'conv1', filter: 5, positions: 676 });

  // The emulated headset's view, for people to look at.
  await page.waitForTimeout(1500);
  mkdirSync('test-results/screens', { recursive: true });
  await page.screenshot({ path: 'test-results/screens/vr.png' });

  // The in-VR panel's pause button pauses; pressing it again resumes.
  const button = await page.evaluate(() =>
    (
      window.weightroom as unknown as { panelButtonWorldPoint(id: string): Point }
    ).panelButtonWorldPoint('toggle'),
  );
  await pointAndPull(page, HAND, button);
  await waitForStatus(page, (s) => s.training.state === 'paused', 'paused from the panel', 60_000);
  await pointAndPull(page, HAND, button);
  await waitForStatus(
    page,
    (s) => s.training.state === 'running',
    'resumed from the panel',
    60_000,
  );

  // Leave VR: the desktop view returns and training carries on.
  await page.evaluate(() => document.getElementById('enter-vr')?.click());
  const left = await waitForStatus(page, (s) => !s.xr.presenting, 'the session ended', 60_000);
  await waitForStatus(
    page,
    (s) => s.training.step > left.training.step && s.frames.count > left.frames.count + 3,
    'training and frames continuing after the session',
    120_000,
  );
  const p = await page.evaluate(() =>
    (
      window.weightroom as unknown as {
        kernelScreenPoint(l: string, f: number): { x: number; y: number };
      }
    ).kernelScreenPoint('conv1', 5),
  );
  expect(p.x).toBeGreaterThan(0);
  expect(p.x).toBeLessThan(1280);
  expect(p.y).toBeGreaterThan(0);
  expect(p.y).toBeLessThan(800);
});

test('?xr=emulate installs the Quest 3 emulator itself and can enter VR', async ({ page }) => {
  await page.goto('/?xr=emulate&autostart=0');
  const s = await waitForStatus(page, (st) => st.ready, 'ready', 60_000);
  expect(s.xr).toMatchObject({ supported: true, emulated: true, presenting: false });
  const button = page.locator('#enter-vr');
  await expect(button).toContainText('Enter VR');
  await button.click();
  const f = (await waitForStatus(page, (st) => st.xr.presenting, 'presenting', 60_000)).frames
    .count;
  await waitForStatus(page, (st) => st.frames.count > f + 3, 'frames while presenting', 60_000);
  await page.evaluate(() => document.getElementById('enter-vr')?.click());
  await waitForStatus(page, (st) => !st.xr.presenting, 'the session ended', 60_000);
});
