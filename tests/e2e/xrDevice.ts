/**
 * Driving IWER's emulated Meta Quest 3 (window.__iwerDevice, installed by the xrPage fixture) the
 * way a person in the headset would: point a controller or a hand at something, pull the
 * trigger, pinch, move, switch between controllers and hands. Shared by the xr*.spec.ts files.
 */
import type { Page } from '@playwright/test';
import { hook, status, waitForStatus } from './fixtures';

export { hook };

export type Point = { x: number; y: number; z: number };
export type Side = 'left' | 'right';
export type Kind = 'controller' | 'hand';

/** Where a hand or controller is held to point at things: raised, so its ray clears the panel. */
export const RAISED: Point = { x: 0.15, y: 1.65, z: -0.25 };

/** Waits until at least `n` more frames have been drawn. */
export async function frames(page: Page, n: number): Promise<void> {
  const f = (await status(page)).frames.count;
  await waitForStatus(page, (s) => s.frames.count >= f + n, `${n} more frames`, 60_000);
}

/**
 * Places a controller or hand at `from`, pointing at `to` (its target ray is its -z), or with
 * no rotation (pointing along -z) when `to` is omitted.
 */
export async function pose(page: Page, kind: Kind, side: Side, from: Point, to?: Point) {
  await page.evaluate(
    ({ kind, side, a, b }) => {
      let q = [0, 0, 0, 1];
      if (b) {
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let dz = b.z - a.z;
        const n = Math.hypot(dx, dy, dz);
        dx /= n;
        dy /= n;
        dz /= n;
        // The rotation taking -z onto (dx, dy, dz): axis (-z) x d, w = 1 + (-z).d.
        const m = Math.hypot(dy, dx, 1 - dz);
        q = [dy / m, -dx / m, 0, (1 - dz) / m];
      }
      const dev = (window as unknown as { __iwerDevice: IwerDevice }).__iwerDevice;
      const t = kind === 'hand' ? dev.hands[side] : dev.controllers[side];
      if (!t) throw new Error(`the emulated device has no ${side} ${kind}`);
      t.position.set(a.x, a.y, a.z);
      t.quaternion.set(q[0] ?? 0, q[1] ?? 0, q[2] ?? 0, q[3] ?? 1);
      interface Tracked {
        position: { set(x: number, y: number, z: number): void };
        quaternion: { set(x: number, y: number, z: number, w: number): void };
      }
      interface IwerDevice {
        controllers: Record<string, Tracked>;
        hands: Record<string, Tracked>;
      }
    },
    { kind, side, a: from, b: to ?? null },
  );
}

/** Sets a hand's pinch (0 open .. 1 thumb and index together), as the user's fingers would. */
export async function pinch(page: Page, side: Side, value: number): Promise<void> {
  await page.evaluate(
    ({ side, value }) => {
      const dev = (
        window as unknown as {
          __iwerDevice: { hands: Record<string, { updatePinchValue(v: number): void }> };
        }
      ).__iwerDevice;
      dev.hands[side]?.updatePinchValue(value);
    },
    { side, value },
  );
}

/** Sets a controller button's value (trigger, squeeze...). */
export async function button(page: Page, side: Side, id: string, value: number): Promise<void> {
  await page.evaluate(
    ({ side, id, value }) => {
      const dev = (
        window as unknown as {
          __iwerDevice: {
            controllers: Record<string, { updateButtonValue(id: string, v: number): void }>;
          };
        }
      ).__iwerDevice;
      dev.controllers[side]?.updateButtonValue(id, value);
    },
    { side, id, value },
  );
}

/** A press and release with frames between, as a tap (pinch) or a trigger pull. */
export async function tap(page: Page, kind: Kind, side: Side): Promise<void> {
  await frames(page, 2);
  if (kind === 'hand') await pinch(page, side, 1);
  else await button(page, side, 'trigger', 1);
  await frames(page, 4);
  if (kind === 'hand') await pinch(page, side, 0);
  else await button(page, side, 'trigger', 0);
  await frames(page, 3);
}

/** Switches the emulated headset between controllers and tracked hands, as Quest does. */
export async function useInput(page: Page, kind: Kind): Promise<void> {
  await page.evaluate((mode) => {
    const dev = (window as unknown as { __iwerDevice: { primaryInputMode: string } }).__iwerDevice;
    dev.primaryInputMode = mode;
  }, kind);
  await waitForStatus(
    page,
    (s) =>
      kind === 'hand'
        ? s.xr.hands === 2 && s.xr.controllers === 0
        : s.xr.controllers === 2 && s.xr.hands === 0,
    `${kind === 'hand' ? 'hands' : 'controllers'} connected`,
    60_000,
  );
}

/** Enters VR (or mixed reality) by its button and waits for the first frames. */
export async function enter(page: Page, url: string, name: RegExp | string): Promise<void> {
  await page.goto(url);
  await waitForStatus(page, (s) => s.ready && s.xr.supported, 'XR support', 60_000);
  await page.getByRole('button', { name }).click();
  await waitForStatus(page, (s) => s.xr.presenting, 'presenting', 60_000);
  await frames(page, 5);
}
