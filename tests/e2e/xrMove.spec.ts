/**
 * Moving the network in VR on IWER's emulated Meta Quest 3 (src/xr/controllers.ts): the right
 * thumbstick pushed forward brings the network nearer and pulled back sends it farther, at most
 * locomotion.ts's defaultSpeed m/s, stopping when released; squeezing and dragging the right
 * controller carries the network along the floor with the hand, and releasing leaves it there.
 * Squeezing with the ray on the in-VR panel carries the panel instead, and leaves the network.
 *
 * No training runs (?autostart=0): the room still renders, and nothing competes for the GPU.
 * The network is observed through conv1 kernel 0's world position (kernelWorldPoint): the whole
 * network is one group, so the kernel moves exactly as the network does. The viewer stands at
 * the origin facing -z, so "nearer" is +z and a shorter distance to the headset.
 */
import type { Page } from '@playwright/test';
import { MAX_DT } from '../../src/loop';
import { defaultSpeed as STICK_SPEED } from '../../src/xr/locomotion';
import { test, expect, status, waitForStatus } from './fixtures';

type Point = { x: number; y: number; z: number };

/** What the tests use of IWER's device (window.__iwerDevice, installed by the xrPage fixture). */
interface IwerController {
  position: { set(x: number, y: number, z: number): void };
  quaternion: { set(x: number, y: number, z: number, w: number): void };
  updateAxes(id: string, x: number, y: number): void;
  getAxes(id: string): { x: number; y: number };
  updateButtonValue(id: string, value: number): void;
  getButtonValue(id: string): number;
}
interface IwerDevice {
  position: Point;
  controllers: { right: IwerController };
}

/** Where the right hand is held for the squeeze test, in front of the viewer, below the eyes. */
// Raised to eye height: from there its ray passes over the in-VR panel (a lectern below the eyes).
const HAND: Point = { x: 0.15, y: 1.65, z: -0.25 };

/** The network, the headset and the page clock at one instant (between two frames). */
interface Sample {
  kernel: Point;
  head: Point;
  /** performance.now() in the page (ms). */
  t: number;
}

/** Takes a sample after optionally applying an input, in the same task as the input (no frame between). */
function sample(
  page: Page,
  input: { stickY?: number; squeeze?: number; hand?: Point } = {},
): Promise<Sample & { stick: { x: number; y: number }; squeeze: number }> {
  return page.evaluate((inp) => {
    const dev = (window as unknown as { __iwerDevice: IwerDevice }).__iwerDevice;
    const c = dev.controllers.right;
    if (inp.stickY !== undefined) c.updateAxes('thumbstick', 0, inp.stickY);
    if (inp.squeeze !== undefined) c.updateButtonValue('squeeze', inp.squeeze);
    if (inp.hand) {
      c.position.set(inp.hand.x, inp.hand.y, inp.hand.z);
      c.quaternion.set(0, 0, 0, 1); // pointing along -z
    }
    const api = window.weightroom as unknown as {
      kernelWorldPoint(layer: string, f: number): Point;
    };
    return {
      kernel: api.kernelWorldPoint('conv1', 0),
      head: { x: dev.position.x, y: dev.position.y, z: dev.position.z },
      t: performance.now(),
      stick: c.getAxes('thumbstick'),
      squeeze: c.getButtonValue('squeeze'),
    };
  }, input);
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
}

/** Waits until at least `n` more frames have been drawn (and `ms` have passed, if given). */
async function frames(page: Page, n: number, ms = 0): Promise<void> {
  const f = (await status(page)).frames.count;
  const until = Date.now() + ms;
  await waitForStatus(
    page,
    (s) => s.frames.count >= f + n && Date.now() >= until,
    `${n} more frames`,
    60_000,
  );
}

async function enterVr(page: Page): Promise<void> {
  await page.goto('/?autostart=0');
  await waitForStatus(page, (s) => s.ready && s.xr.supported, 'VR support', 60_000);
  await page.locator('#enter-vr').click();
  const entered = await waitForStatus(page, (s) => s.xr.presenting, 'presenting', 60_000);
  expect(entered.training.state).not.toBe('running');
  // Controllers connect on the session's first frames.
  await frames(page, 5);
}

/** Holds the right thumbstick at `y` until `n` frames and `ms` have passed; returns before/after. */
async function holdStick(
  page: Page,
  y: number,
  n = 10,
  ms = 600,
): Promise<{ before: Sample; after: Sample }> {
  const before = await sample(page, { stickY: y });
  expect(before.stick, 'IWER took the thumbstick deflection').toEqual({ x: 0, y });
  await frames(page, n, ms);
  const after = await sample(page, { stickY: 0 });
  expect(after.stick).toEqual({ x: 0, y: 0 });
  return { before, after };
}

/** The most the stick can have moved the network between two samples (m). */
function stickBound(before: Sample, after: Sample): number {
  // Frames between the samples cover at most their wall time plus one (clamped) frame before.
  return STICK_SPEED * ((after.t - before.t) / 1000 + MAX_DT) + 1e-6;
}

test('the right thumbstick pushed forward brings the network nearer, pulled back sends it farther, and releasing it stops the network', async ({
  xrPage: page,
}) => {
  test.setTimeout(240_000);
  await enterVr(page);

  // Untouched, the network stays where it is.
  const rest = await sample(page);
  await frames(page, 5);
  const still = await sample(page);
  expect(still.kernel).toEqual(rest.kernel);
  const d0 = distance(rest.kernel, rest.head);
  expect(d0).toBeGreaterThan(1.5); // on the arc, ~2.2 m around the viewer

  // A touch inside the dead zone does nothing.
  const light = await holdStick(page, -0.1, 5, 200);
  expect(light.after.kernel).toEqual(light.before.kernel);

  // Forward (xr-standard: axes[3] < 0) brings it nearer, along z only, no faster than the speed.
  const fwd = await holdStick(page, -1);
  const dz = fwd.after.kernel.z - fwd.before.kernel.z;
  expect(dz, 'moved towards the viewer (+z)').toBeGreaterThan(0.05);
  expect(dz).toBeLessThanOrEqual(stickBound(fwd.before, fwd.after));
  expect(fwd.after.kernel.x).toBeCloseTo(fwd.before.kernel.x, 6);
  expect(fwd.after.kernel.y).toBeCloseTo(fwd.before.kernel.y, 6);
  const d1 = distance(fwd.after.kernel, fwd.after.head);
  expect(d1, 'nearer the headset').toBeLessThan(d0 - 0.03);

  // Released: it stops where it was at the release.
  await frames(page, 8, 400);
  const stopped = await sample(page);
  expect(stopped.kernel.z).toBeCloseTo(fwd.after.kernel.z, 6);
  expect(stopped.kernel).toEqual(fwd.after.kernel);

  // Back (axes[3] > 0) sends it farther.
  const back = await holdStick(page, 1);
  const dzBack = back.after.kernel.z - back.before.kernel.z;
  expect(dzBack, 'moved away from the viewer (-z)').toBeLessThan(-0.05);
  expect(-dzBack).toBeLessThanOrEqual(stickBound(back.before, back.after));
  expect(distance(back.after.kernel, back.after.head)).toBeGreaterThan(d1 + 0.03);
  await frames(page, 8, 400);
  expect((await sample(page)).kernel).toEqual(back.after.kernel);
});

test('squeezing the right controller and dragging it carries the network with the hand, and releasing the squeeze leaves it there', async ({
  xrPage: page,
}) => {
  test.setTimeout(240_000);
  await enterVr(page);

  await sample(page, { hand: HAND });
  await frames(page, 3);
  const rest = await sample(page);

  // Moving the hand without squeezing moves nothing.
  await sample(page, { hand: { x: HAND.x, y: HAND.y, z: HAND.z + 0.2 } });
  await frames(page, 3);
  expect((await sample(page)).kernel).toEqual(rest.kernel);
  await sample(page, { hand: HAND });
  await frames(page, 3);

  // The grab itself does not make the network jump.
  const grabbed = await sample(page, { squeeze: 1 });
  expect(grabbed.squeeze, 'IWER took the squeeze').toBe(1);
  await frames(page, 3);
  const held = await sample(page);
  expect(held.kernel.x).toBeCloseTo(rest.kernel.x, 4);
  expect(held.kernel.z).toBeCloseTo(rest.kernel.z, 4);

  // Drag 0.3 m towards the viewer, 0.2 m right and 0.1 m up: the network follows along the floor
  // (x and z), keeping its height.
  const drag = { x: 0.2, y: 0.1, z: 0.3 };
  await sample(page, { hand: { x: HAND.x + drag.x, y: HAND.y + drag.y, z: HAND.z + drag.z } });
  await frames(page, 3);
  const moved = await sample(page);
  expect(moved.kernel.x - rest.kernel.x).toBeCloseTo(drag.x, 3);
  expect(moved.kernel.z - rest.kernel.z).toBeCloseTo(drag.z, 3);
  expect(moved.kernel.y).toBeCloseTo(rest.kernel.y, 6);
  expect(distance(moved.kernel, moved.head), 'nearer the headset').toBeLessThan(
    distance(rest.kernel, rest.head) - 0.1,
  );

  // Released: the hand goes back, the network stays put.
  const released = await sample(page, { squeeze: 0 });
  expect(released.squeeze).toBe(0);
  await frames(page, 3);
  await sample(page, { hand: HAND });
  await frames(page, 5);
  const after = await sample(page);
  expect(after.kernel.x).toBeCloseTo(moved.kernel.x, 6);
  expect(after.kernel.z).toBeCloseTo(moved.kernel.z, 6);

  // A second grab continues from where the network is now: drag it 0.4 m away from the viewer.
  await sample(page, { squeeze: 1 });
  await frames(page, 3);
  await sample(page, { hand: { x: HAND.x, y: HAND.y, z: HAND.z - 0.4 } });
  await frames(page, 3);
  const pushed = await sample(page, { squeeze: 0 });
  expect(pushed.kernel.x).toBeCloseTo(moved.kernel.x, 3);
  expect(pushed.kernel.z - moved.kernel.z).toBeCloseTo(-0.4, 3);
});

test('squeezing with the ray on the in-VR panel carries the panel with the hand, not the network', async ({
  xrPage: page,
}) => {
  test.setTimeout(240_000);
  await enterVr(page);
  const panelAt = () =>
    page.evaluate(() =>
      (
        window.weightroom as unknown as { panelButtonWorldPoint(id: string): Point }
      ).panelButtonWorldPoint('toggle'),
    );
  // Point the right controller at the panel (its Resume button), from below the eyes.
  const from: Point = { x: 0.1, y: 1.2, z: -0.1 };
  const aimAt = async (hand: Point, target: Point) => {
    await page.evaluate(
      ([a, b]) => {
        const dev = (window as unknown as { __iwerDevice: IwerDevice }).__iwerDevice;
        const n = Math.hypot(b.x - a.x, b.y - a.y, b.z - a.z);
        const [dx, dy, dz] = [(b.x - a.x) / n, (b.y - a.y) / n, (b.z - a.z) / n];
        const m = Math.hypot(dy, dx, 1 - dz);
        dev.controllers.right.position.set(a.x, a.y, a.z);
        dev.controllers.right.quaternion.set(dy / m, -dx / m, 0, (1 - dz) / m);
      },
      [hand, target] as const,
    );
  };
  const button = await panelAt();
  await aimAt(from, button);
  await frames(page, 4);
  const rest = await sample(page);
  await sample(page, { squeeze: 1 });
  await frames(page, 4);
  // Move the hand 0.15 m right and 0.1 m nearer, keeping the ray's direction.
  const shift = { x: 0.15, y: 0, z: 0.1 };
  const to = { x: from.x + shift.x, y: from.y, z: from.z + shift.z };
  await aimAt(to, { x: button.x + shift.x, y: button.y, z: button.z + shift.z });
  await frames(page, 4);
  await sample(page, { squeeze: 0 });
  await frames(page, 3);
  const moved = await panelAt();
  expect(moved.x - button.x).toBeCloseTo(shift.x, 2);
  expect(moved.z - button.z).toBeCloseTo(shift.z, 2);
  expect(moved.y).toBeCloseTo(button.y, 2);
  // The network stayed where it was.
  expect((await sample(page)).kernel).toEqual(rest.kernel);
});
