/**
 * Moving the probe digit in VR on IWER's emulated Meta Quest 3 (src/xr/shiftTool.ts): with the
 * right controller's ray on the input digit, each flick of the thumbstick moves the digit one
 * pixel, the trainer measures the move (status.probe.equivariance, the same as the desktop
 * ranges, which follow), the room's board beside the input station shows it, and the network
 * stays where it is. With the ray elsewhere, the stick moves the network and not the digit.
 * The app's own run waits paused (?autostart=0): a move is measured even while paused. WASM.
 */
import type { Page } from '@playwright/test';
import { expect, status, test, waitForStatus } from './fixtures';
import { RAISED, enter, frames, hook, pose, type Point } from './xrDevice';

const URL = '/?autostart=0&backend=wasm';

/** Sets the right thumbstick's deflection, as the user's thumb would. */
function stick(page: Page, x: number, y: number): Promise<void> {
  return page.evaluate(
    ({ x, y }) => {
      const dev = (
        window as unknown as {
          __iwerDevice: {
            controllers: Record<string, { updateAxes(id: string, x: number, y: number): void }>;
          };
        }
      ).__iwerDevice;
      dev.controllers.right?.updateAxes('thumbstick', x, y);
    },
    { x, y },
  );
}

/** One flick: pushed for a few frames, then back to rest. */
async function flick(page: Page, x: number, y: number): Promise<void> {
  await stick(page, x, y);
  await frames(page, 4);
  await stick(page, 0, 0);
  await frames(page, 4);
}

const kernelZ = async (page: Page) => (await hook<Point>(page, 'kernelWorldPoint', 'conv1', 0)).z;

test('with the ray on the input digit, thumbstick flicks move the digit a pixel each and the network stays; elsewhere the stick moves the network', async ({
  xrPage: page,
}) => {
  test.setTimeout(300_000);
  await enter(page, URL, /^Enter VR/);
  await waitForStatus(
    page,
    (s) => s.xr.controllers === 2 && s.training.state === 'paused' && s.probe !== null,
    'controllers and a paused run with its probe',
    240_000,
  );
  const digit = await hook<Point>(page, 'inputWorldPoint');
  await pose(page, 'controller', 'right', RAISED, digit);
  await frames(page, 3);
  const zBefore = await kernelZ(page);

  // Right, right, back (down), as the thumb flicks: each flick one pixel, however long held.
  await flick(page, 1, 0);
  await stick(page, 1, 0);
  await frames(page, 12);
  await stick(page, 0, 0);
  await frames(page, 4);
  await flick(page, 0, 1);
  const moved = await waitForStatus(
    page,
    (s) => s.probe?.equivariance.shift[0] === 2 && s.probe.equivariance.shift[1] === 1,
    'the measure of the move (2, 1)',
    120_000,
  );
  // A shared conv1 follows the move exactly; the stick did not move the network meanwhile.
  expect(moved.probe!.equivariance.conv1).toBeLessThan(1e-5);
  expect(await kernelZ(page)).toBeCloseTo(zBefore, 6);
  // The desktop ranges follow, and the room's board beside the input station shows the measure.
  await expect(page.getByLabel('Shift right')).toHaveValue('2');
  await expect(page.getByLabel('Shift down')).toHaveValue('1');
  await expect
    .poll(async () => (await hook<{ shift: number[] }>(page, 'shiftBoard')).shift)
    .toEqual([2, 1]);
  await page.screenshot({ path: '/tmp/shift/vr-shift.png' });

  // The ray off the digit (straight ahead, over the room): the stick moves the network instead.
  await pose(page, 'controller', 'right', RAISED, { x: 0.15, y: 2.6, z: -3 });
  await frames(page, 3);
  await stick(page, 0, -1);
  await frames(page, 10);
  await stick(page, 0, 0);
  await frames(page, 4);
  expect(await kernelZ(page)).toBeGreaterThan(zBefore + 0.01);
  expect((await status(page)).probe!.equivariance.shift).toEqual([2, 1]);
  await expect(page.getByLabel('Shift down')).toHaveValue('1');
});
