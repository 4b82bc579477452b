/**
 * Twenty trips into VR and back on IWER's emulated Quest 3 while the WASM trainer runs. After the
 * first trip has created whatever the session needs, later trips must leave nothing behind: the
 * renderer's geometries and textures (renderer.info.memory, published as status.render) and the
 * event listeners registered on XR objects return to the same level, and training never stops.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, status, waitForStatus } from './fixtures';

const CYCLES = 20;

declare global {
  interface Window {
    /** Live addEventListener registrations per target class (test instrumentation). */
    __liveListeners?: () => Record<string, number>;
  }
}

/**
 * Counts live listeners per target class by wrapping EventTarget's add/remove before the page's
 * scripts run. A `once` listener removes itself and is not counted; a listener with an abort
 * signal is uncounted when the signal aborts.
 */
async function countListeners(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const counts: Record<string, number> = {};
    const registry = new WeakMap<EventTarget, Set<string>>();
    const ids = new WeakMap<object, number>();
    let nextId = 0;
    const keyOf = (type: string, fn: unknown, options: unknown): string | null => {
      if (typeof fn !== 'function' && (typeof fn !== 'object' || fn === null)) return null;
      if (!ids.has(fn)) ids.set(fn, nextId++);
      const capture =
        typeof options === 'boolean'
          ? options
          : Boolean((options as { capture?: boolean })?.capture);
      return `${type}|${capture}|${ids.get(fn)}`;
    };
    // IWER's classes are minified; name XR targets by the WebXR global they are instances of.
    const g = globalThis as unknown as Record<string, unknown>;
    const nameOf = (t: EventTarget): string => {
      for (const name of Object.getOwnPropertyNames(g)) {
        const ctor = name.startsWith('XR') ? g[name] : undefined;
        if (typeof ctor === 'function' && t instanceof ctor) return name;
      }
      return t.constructor?.name || 'EventTarget';
    };
    const proto = EventTarget.prototype;
    const add = proto.addEventListener;
    const remove = proto.removeEventListener;
    const forget = (target: EventTarget, key: string) => {
      const set = registry.get(target);
      if (set?.delete(key)) counts[nameOf(target)] = (counts[nameOf(target)] ?? 1) - 1;
    };
    proto.addEventListener = function (this: EventTarget, type, fn, options) {
      add.call(this, type, fn, options);
      const o = typeof options === 'object' && options !== null ? options : {};
      const key = keyOf(type, fn, options);
      if (key === null || o.once) return;
      let set = registry.get(this);
      if (!set) registry.set(this, (set = new Set()));
      if (set.has(key)) return;
      set.add(key);
      counts[nameOf(this)] = (counts[nameOf(this)] ?? 0) + 1;
      o.signal?.addEventListener('abort', () => forget(this, key), { once: true });
    };
    proto.removeEventListener = function (this: EventTarget, type, fn, options) {
      remove.call(this, type, fn, options);
      const key = keyOf(type, fn, options);
      if (key !== null) forget(this, key);
    };
    window.__liveListeners = () => ({ ...counts });
  });
}

interface Level {
  geometries: number;
  textures: number;
  listeners: Record<string, number>;
}

async function level(page: Page): Promise<Level> {
  const s = await status(page);
  const listeners = await page.evaluate(() => window.__liveListeners!());
  return { geometries: s.render.geometries, textures: s.render.textures, listeners };
}

/** The listeners on XR objects (the session, its spaces, the XR system), by class. */
function xrListeners(l: Level): Record<string, number> {
  return Object.fromEntries(Object.entries(l.listeners).filter(([name]) => /^XR/.test(name)));
}

test(`entering and leaving VR ${CYCLES} times leaks nothing and never stops training`, async ({
  xrPage: page,
}) => {
  test.setTimeout(900_000);
  await countListeners(page);
  await page.goto('/?backend=wasm&evalEvery=1000&checkpointEvery=1000');
  await waitForStatus(page, (s) => s.ready && s.xr.supported, 'VR support', 60_000);
  await waitForStatus(page, (s) => s.training.step >= 1, 'training', 180_000);
  const enter = page.getByRole('button', { name: /Enter VR/ });

  const levels: Level[] = [];
  const inVrLevels: Level[] = [];
  const steps: number[] = [];
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const before = await status(page);
    await enter.click();
    const inVr = await waitForStatus(page, (s) => s.xr.presenting, `presenting (${cycle})`, 60_000);
    await waitForStatus(
      page,
      (s) => s.frames.count >= inVr.frames.count + 5 && s.training.step > before.training.step,
      `frames and a training step in VR (${cycle})`,
      120_000,
    );
    // The first trip fetches the two controller models (the factory caches them for the rest):
    // its levels count once they are in place.
    if (cycle === 1) {
      await waitForStatus(page, (s) => s.xr.controllerModels >= 2, 'controller models', 60_000);
    }
    inVrLevels.push(await level(page));
    // In VR the page's button sits under the immersive view; press it as the panel would.
    await page.evaluate(() => document.getElementById('enter-vr')?.click());
    const out = await waitForStatus(page, (s) => !s.xr.presenting, `left VR (${cycle})`, 60_000);
    const settled = await waitForStatus(
      page,
      (s) => s.frames.count >= out.frames.count + 5 && s.training.step > out.training.step,
      `frames and a training step after VR (${cycle})`,
      120_000,
    );
    expect(settled.training.state).toBe('running');
    steps.push(settled.training.step);
    levels.push(await level(page));
  }

  const first = levels[0]!;
  const last = levels.at(-1)!;
  // For the record (the report quotes it): the levels of the first and last trips.
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    'test-results/xr-cycles-levels.json',
    JSON.stringify({ first, last, inVrFirst: inVrLevels[0], inVrLast: inVrLevels.at(-1), steps }),
  );
  expect(first.geometries).toBeGreaterThan(0);
  expect(first.textures).toBeGreaterThan(0);
  // In VR the session and its spaces carry listeners; every trip registers the same ones.
  const inVr = xrListeners(inVrLevels[0]!);
  expect(Object.values(inVr).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  for (const [i, l] of inVrLevels.entries()) {
    expect({ cycle: i + 1, xr: xrListeners(l) }).toEqual({ cycle: i + 1, xr: inVr });
  }
  for (const [i, l] of levels.entries()) {
    expect({ cycle: i + 1, geometries: l.geometries, textures: l.textures }).toEqual({
      cycle: i + 1,
      geometries: first.geometries,
      textures: first.textures,
    });
    expect({ cycle: i + 1, xr: xrListeners(l) }).toEqual({ cycle: i + 1, xr: xrListeners(first) });
  }
  // Listeners on the page's own objects (window, document, canvas, worker) do not grow either.
  expect(last.listeners).toEqual(first.listeners);
  // Training ran through every trip: the step rose across each one.
  for (let i = 1; i < steps.length; i++) expect(steps[i]!).toBeGreaterThan(steps[i - 1]!);
});
