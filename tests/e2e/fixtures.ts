/**
 * Shared browser-test fixtures. Every page forwards its errors: an uncaught exception or a
 * console error fails the test that caused it. `xrPage` installs IWER's Meta Quest 3 before any
 * of the page's scripts run, standing in for the headset that no CI machine has.
 */
import { createRequire } from 'node:module';
import { test as base, expect, type Page } from '@playwright/test';
import type { Status } from '../../src/status';
import type * as Iwer from 'iwer';

const require = createRequire(import.meta.url);
const IWER_BUNDLE = require.resolve('iwer/build/iwer.min.js');

interface Fixtures {
  /** Errors the page reported; checked after each test. Tests that expect some may clear it. */
  pageErrors: string[];
  /** A page whose navigator.xr is IWER's emulated Meta Quest 3. */
  xrPage: Page;
}

function watchErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
  pageErrors: async ({}, use) => {
    await use([]);
  },
  page: async ({ page, pageErrors }, use) => {
    watchErrors(page, pageErrors);
    await use(page);
    expect(pageErrors, 'the page reported errors').toEqual([]);
  },
  xrPage: async ({ page }, use) => {
    await page.addInitScript({ path: IWER_BUNDLE });
    await page.addInitScript(() => {
      const IWER = (globalThis as unknown as { IWER: typeof Iwer }).IWER;
      const device = new IWER.XRDevice(IWER.metaQuest3);
      device.installRuntime({ forceInstall: true });
      (globalThis as unknown as { __iwerDevice: unknown }).__iwerDevice = device;
    });
    await use(page);
  },
});

export { expect };

/** The app's status, as scripts see it. */
export function status(page: Page): Promise<Status> {
  return page.evaluate(() => {
    if (!window.weightroom) throw new Error('window.weightroom is not published');
    return window.weightroom.status();
  });
}

/** Polls status until `pred` holds; returns the status that satisfied it. */
export async function waitForStatus(
  page: Page,
  pred: (s: Status) => boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<Status> {
  const deadline = Date.now() + timeoutMs;
  let last: Status | undefined;
  while (Date.now() < deadline) {
    last = await page.evaluate(() => window.weightroom?.status()).catch(() => undefined);
    if (last && pred(last)) return last;
    if (last?.training.state === 'error' && !what.includes('error')) {
      throw new Error(`waiting for ${what}: training failed: ${last.training.detail}`);
    }
    await page.waitForTimeout(250);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}; last status: ${JSON.stringify(last)}`,
  );
}

/** Calls a test hook on window.weightroom and returns its result. */
export function hook<T>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([n, a]) => {
      const api = window.weightroom as unknown as Record<string, (...x: unknown[]) => unknown>;
      const fn = api[n];
      if (!fn) throw new Error(`no test hook ${n}`);
      return fn(...a) as T;
    },
    [name, args] as const,
  );
}

/**
 * Starts a fresh run on the WASM backend (for specs whose subject is not the WebGL backend):
 * batch 8, a snapshot every `snapshotEvery` steps, no evaluation. Accepts the fresh-run question
 * (and any later dialog) and waits, up to 4 minutes, until training runs and `until` holds.
 */
export async function trainFreshOnWasm(
  page: Page,
  snapshotEvery: number,
  until: (s: Status) => boolean,
  what = 'training on wasm',
): Promise<Status> {
  page.on('dialog', (d) => void d.accept());
  await page.goto(`/?backend=wasm&batch=8&snapshotEvery=${snapshotEvery}&evalEvery=100000&fresh=1`);
  return waitForStatus(
    page,
    (s) => s.ready && s.training.state === 'running' && until(s),
    what,
    240_000,
  );
}
