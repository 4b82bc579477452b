/**
 * The learner's digit on IWER's emulated Meta Quest 3: the right controller's ray, with the
 * trigger held, paints a digit on the room's pad, and the in-VR panel's digit wing picks a
 * held-out digit of a class.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, hook, waitForStatus } from './fixtures';
import { frames } from './xrDevice';

type Point = { x: number; y: number; z: number };
const SCREENS = process.env.WEIGHTROOM_SCREENS ?? 'test-results/screens';
/** Where the right hand holds the controller (m): standing, arm forward. */
const HAND: Point = { x: 0.15, y: 1.3, z: -0.25 };

/** Points the right controller from `from` at `to`. */
async function aim(page: Page, from: Point, to: Point): Promise<void> {
  await page.evaluate(
    ([a, b]) => {
      const dev = (window as unknown as { __iwerDevice: IwerLike }).__iwerDevice;
      const c = dev.controllers.right;
      const n = Math.hypot(b.x - a.x, b.y - a.y, b.z - a.z);
      const [dx, dy, dz] = [(b.x - a.x) / n, (b.y - a.y) / n, (b.z - a.z) / n];
      // The rotation taking -z onto (dx, dy, dz): axis (-z) x d, w = 1 + (-z).d.
      const m = Math.hypot(dy, dx, 1 - dz);
      c.position.set(a.x, a.y, a.z);
      c.quaternion.set(dy / m, -dx / m, 0, (1 - dz) / m);
      interface IwerLike {
        controllers: {
          right: {
            position: { set(x: number, y: number, z: number): void };
            quaternion: { set(x: number, y: number, z: number, w: number): void };
          };
        };
      }
    },
    [from, to] as const,
  );
  await frames(page, 2);
}

async function trigger(page: Page, value: number): Promise<void> {
  await page.evaluate((v) => {
    const dev = (
      window as unknown as {
        __iwerDevice: {
          controllers: { right: { updateButtonValue(id: string, v: number): void } };
        };
      }
    ).__iwerDevice;
    dev.controllers.right.updateButtonValue('trigger', v);
  }, value);
  await frames(page, 3);
}

test('on an emulated Quest 3 the right controller paints a digit on the pad; the panel picks a class', async ({
  xrPage: page,
}) => {
  test.setTimeout(480_000);
  await page.goto('/?backend=wasm&evalEvery=100000&checkpointEvery=100000');
  await waitForStatus(page, (s) => s.ready && s.xr.supported, 'VR support', 60_000);
  await page.locator('#enter-vr').click();
  await waitForStatus(page, (s) => s.xr.presenting, 'presenting', 60_000);
  await waitForStatus(page, (s) => s.training.step >= 1, 'training while presenting', 240_000);

  // A seven: trigger down on the pad, sweep the ray, trigger up.
  const pad = (x: number, y: number) => hook<Point>(page, 'padWorldPoint', x, y);
  await aim(page, HAND, await pad(0.25, 0.2));
  await trigger(page, 1);
  for (const [x, y] of [
    [0.5, 0.2],
    [0.75, 0.2],
    [0.65, 0.45],
    [0.55, 0.65],
    [0.45, 0.85],
  ] as const) {
    await aim(page, HAND, await pad(x, y));
  }
  await trigger(page, 0);
  const drawn = await waitForStatus(
    page,
    (s) => s.probe?.source === 'drawn',
    'a digit painted by the controller',
    60_000,
  );
  expect(drawn.probe!.label).toBeNull();
  // One stroke that followed the ray across the pad, not a dot where the trigger went down.
  const strokes = await hook<number[][]>(page, 'strokes');
  expect(strokes).toHaveLength(1);
  const xs = strokes[0]!.filter((_, i) => i % 2 === 0);
  const ys = strokes[0]!.filter((_, i) => i % 2 === 1);
  expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(0.4);
  expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(0.5);
  // The room answers for it, and nothing else took the trigger (no kernel selected).
  expect(drawn.selection).toBeNull();
  await page.waitForTimeout(1500);
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/digit-vr.png` });

  // The in-VR panel's digit wing: a held-out 3.
  await aim(page, HAND, await hook<Point>(page, 'digitButtonWorldPoint', 'class-3'));
  await trigger(page, 1);
  await trigger(page, 0);
  const three = await waitForStatus(page, (s) => s.probe?.label === 3, 'a held-out 3', 60_000);
  expect(three.probe!.source).toBe('heldout');

  // The pad's Clear button.
  await aim(page, HAND, await pad(0.25, 0.2));
  await trigger(page, 1);
  await trigger(page, 0);
  await aim(page, HAND, await hook<Point>(page, 'padWorldPoint', 'clear'));
  await trigger(page, 1);
  await trigger(page, 0);
  const cleared = await waitForStatus(
    page,
    (s) => s.probe?.source === 'heldout' && s.probe.label === 3,
    'cleared back to the held-out digit',
    60_000,
  );
  expect(cleared.probe!.index).toBe(three.probe!.index);
});
