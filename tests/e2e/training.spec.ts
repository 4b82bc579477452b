/**
 * The trainer on the real stack: Chromium's WebGL 2 (SwiftShader here) in the worker, the real
 * digits, IndexedDB checkpoints. These tests check mechanics, not learning (the Node test does
 * that), so they ask for a handful of steps at batch 8.
 *
 * Budgets: on this 2-core machine with other jobs running, SwiftShader took 87 s to warm up (shader
 * compiles for the step, the probe and an evaluation chunk) and 8-20 s per step, all while the
 * scene renders through the same GPU process; an idle machine is several times faster. Timeouts
 * are sized for the loaded case.
 */
import type { Page } from '@playwright/test';
import { test, expect, status, waitForStatus } from './fixtures';

// Small batches and no evaluation: each costs SwiftShader time without testing anything here.
const QUIET = 'evalEvery=1000&batch=8';
/** Page load to the first steps on a loaded software-GL machine. */
const BOOT_MS = 240_000;

function conv1Checksums(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const hook = window.weightroom?.conv1Checksums as (() => number[]) | undefined;
    if (!hook) throw new Error('window.weightroom.conv1Checksums is not published');
    return hook();
  });
}

test.beforeEach(({ page }) => {
  page.on('dialog', (d) => void d.accept());
});
test.setTimeout(2 * BOOT_MS);

test('trains on WebGL 2 in the worker: steps complete, the loss is finite, conv1 kernels change', async ({
  page,
}) => {
  // WebGL is this test's subject: backend=auto would take WASM on this software renderer.
  await page.goto(`/?${QUIET}&snapshotEvery=1&checkpointEvery=1000&backend=webgl`);
  const s = await waitForStatus(page, (s) => s.training.step >= 3, 'three training steps', BOOT_MS);
  expect(s.backend).toMatchObject({ name: 'webgl', webglVersion: 2 });
  expect(s.backend?.renderer).toBeTruthy();
  // Headless Chromium renders with SwiftShader; the app must say it is software.
  expect(s.backend?.software).toBe(true);
  expect(Number.isFinite(s.training.loss)).toBe(true);
  expect(Number.isFinite(s.training.lossSmoothed)).toBe(true);
  expect(s.training.memory?.numTensors).toBeGreaterThan(0);
  await waitForStatus(page, (s) => s.kernels.step !== null && s.kernels.step >= 2, 'snapshots');
  const [older, newer] = await conv1Checksums(page);
  expect(older).toBeDefined();
  expect(newer).toBeDefined();
  expect(newer).not.toBe(older);
  expect(s.training.warnings).toEqual([]);
});

test('a reload resumes at or after the last saved checkpoint', async ({ page }) => {
  test.setTimeout(3 * BOOT_MS);
  await page.goto(`/?${QUIET}&checkpointEvery=1`);
  const first = await waitForStatus(
    page,
    (s) => (s.training.lastCheckpointStep ?? 0) >= 1,
    'a checkpoint',
    BOOT_MS,
  );
  expect(first.training.resumedFrom).toBeNull();
  const key = first.training.runKey;
  expect(key).toBeTruthy();
  const saved = (await status(page)).training.lastCheckpointStep ?? 0;
  await page.reload();
  const resumed = await waitForStatus(
    page,
    (s) => s.training.runKey !== null && s.training.resumedFrom !== null,
    'the run to resume',
    BOOT_MS,
  );
  expect(resumed.training.runKey).toBe(key);
  expect(resumed.training.resumedFrom).toBeGreaterThanOrEqual(saved);
  expect(resumed.training.warnings).toEqual([]);
  const next = await waitForStatus(
    page,
    (s) => s.training.step > (resumed.training.resumedFrom ?? 0),
    'a step after resuming',
    BOOT_MS,
  );
  expect(next.training.step).toBeGreaterThan(saved);
});

test('pause stops the step counter and resume restarts it', async ({ page }) => {
  await page.goto(`/?${QUIET}&checkpointEvery=1000`);
  const running = await waitForStatus(
    page,
    (s) => s.training.state === 'running' && s.training.stepsPerSecond > 0,
    'training',
    BOOT_MS,
  );
  await page.evaluate(() => (window.weightroom?.pause as () => void)());
  const paused = await waitForStatus(page, (s) => s.training.state === 'paused', 'paused', 60_000);
  // Three step times at the rate it trained (pacing included, so longer than a step's work),
  // 2 s at least and 10 s at most (a SwiftShader WebGL step): a step that slipped through would
  // show. On this machine's default backend (WASM) that is seconds, not the 10 s a fixed wait took.
  const stepMs = 1000 / running.training.stepsPerSecond;
  await page.waitForTimeout(Math.min(10_000, Math.max(2_000, 3 * stepMs)));
  const still = await status(page);
  expect(still.training.state).toBe('paused');
  expect(still.training.step).toBe(paused.training.step);
  await page.evaluate(() => (window.weightroom?.resume as () => void)());
  await waitForStatus(
    page,
    (s) => s.training.state === 'running' && s.training.step > paused.training.step,
    'a step after resuming',
    BOOT_MS,
  );
});

test('?backend=wasm trains on the labelled WASM fallback, served from the app itself', async ({
  page,
}) => {
  const outside: string[] = [];
  page.on('request', (r) => {
    // blob: URLs minted by the page itself (the threaded WASM build's workers) are its own origin.
    if (!/^(blob:)?http:\/\/127\.0\.0\.1[:/]/.test(r.url())) outside.push(r.url());
  });
  await page.goto(`/?backend=wasm&${QUIET}&checkpointEvery=1000`);
  const s = await waitForStatus(page, (s) => s.training.step >= 3, 'three wasm steps', BOOT_MS);
  expect(s.backend).toMatchObject({ name: 'wasm', webglVersion: null, software: true });
  expect(Number.isFinite(s.training.loss)).toBe(true);
  expect(outside).toEqual([]);
});
