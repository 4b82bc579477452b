/**
 * Mixed reality on IWER's emulated Meta Quest 3 (src/xr/session.ts, src/xr/passthrough.ts): the
 * "Enter mixed reality" button starts an `immersive-ar` session whose blend mode lets the world
 * show through (IWER's Quest 3: 'alpha-blend'), the network comes nearer, the controls work the
 * same, and leaving restores the virtual room. status().xr.mode follows the session.
 */
import { mkdirSync } from 'node:fs';
import { expect, status, test, waitForStatus } from './fixtures';
import { RAISED, enter, frames, hook, pose, tap, type Point } from './xrDevice';

const URL = '/?autostart=0&backend=wasm';

function horizontal(p: Point): number {
  return Math.hypot(p.x, p.z);
}

test('entering and leaving mixed reality: the mode, passthrough, a nearer network, the same controls, and VR afterwards', async ({
  xrPage: page,
}) => {
  test.setTimeout(240_000);
  await page.goto(URL);
  const ready = await waitForStatus(page, (s) => s.ready && s.xr.supported, 'XR support', 60_000);
  expect(ready.xr).toMatchObject({ arSupported: true, mode: null, passthrough: false });
  const vrFar = horizontal(await hook<Point>(page, 'kernelWorldPoint', 'conv1', 0));

  await enter(page, URL, 'Enter mixed reality');
  const inMr = await status(page);
  expect(inMr.xr).toMatchObject({ presenting: true, mode: 'immersive-ar', passthrough: true });
  // The network stands nearer than in the virtual room (the viewer is at the origin).
  const mrFar = horizontal(await hook<Point>(page, 'kernelWorldPoint', 'conv1', 0));
  expect(mrFar).toBeLessThan(vrFar - 0.5);

  // The same controls: the controller's trigger selects a kernel.
  const k = await hook<Point>(page, 'kernelWorldPoint', 'conv1', 4);
  await pose(page, 'controller', 'right', RAISED, k);
  await tap(page, 'controller', 'right');
  await waitForStatus(page, (s) => s.selection?.filter === 4, 'a kernel selected in MR', 30_000);
  await frames(page, 10);
  mkdirSync('test-results/screens', { recursive: true });
  await page.screenshot({ path: 'test-results/screens/mr.png' });

  // Leaving: the button says so, and the virtual room is back as it was.
  // (The emulator's canvas covers the page while presenting: the click is dispatched.)
  await page.getByRole('button', { name: 'Exit mixed reality' }).dispatchEvent('click');
  const left = await waitForStatus(page, (s) => !s.xr.presenting, 'the session ended', 60_000);
  expect(left.xr).toMatchObject({ mode: null, passthrough: false });
  expect(horizontal(await hook<Point>(page, 'kernelWorldPoint', 'conv1', 0))).toBeCloseTo(vrFar, 6);
  await expect(page.getByRole('button', { name: 'Enter mixed reality' })).toBeEnabled();

  // VR afterwards is VR: opaque, mode immersive-vr.
  await page.getByRole('button', { name: /^Enter VR/ }).click();
  const vr = await waitForStatus(page, (s) => s.xr.presenting, 'presenting VR', 60_000);
  expect(vr.xr).toMatchObject({ mode: 'immersive-vr', passthrough: false });
  await page.getByRole('button', { name: 'Exit VR' }).dispatchEvent('click');
  await waitForStatus(page, (s) => !s.xr.presenting && s.xr.mode === null, 'VR ended', 60_000);
});
