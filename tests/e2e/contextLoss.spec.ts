/**
 * WebGL context loss on the render canvas: the room goes blank, comes back with its kernel
 * textures re-uploaded, and training (in its own worker context) never notices: the step counter
 * never goes backwards and keeps rising.
 */
import type { Page } from '@playwright/test';
import { test, expect, status, waitForStatus } from './fixtures';

async function conv1Clip(page: Page) {
  const pt = (f: number) =>
    page.evaluate(
      (i) =>
        (
          window.weightroom as unknown as {
            kernelScreenPoint(l: string, f: number): { x: number; y: number };
          }
        ).kernelScreenPoint('conv1', i),
      f,
    );
  const a = await pt(0);
  const b = await pt(31);
  const m = 14;
  return {
    x: Math.round(a.x - m),
    y: Math.round(a.y - m),
    width: Math.round(b.x - a.x + 2 * m),
    height: Math.round(b.y - a.y + 2 * m),
  };
}

test('losing and restoring the WebGL context brings the kernels back; training never stops', async ({
  page,
}) => {
  test.setTimeout(480_000);
  await page.goto('/');
  await waitForStatus(page, (s) => s.kernels.version >= 1, 'the first kernel snapshot', 300_000);

  // Sample the step counter throughout.
  const steps: number[] = [];
  const sample = async () => steps.push((await status(page)).training.step);

  // Freeze the kernels so the picture before and after can be compared.
  await page.evaluate(() => (window.weightroom as unknown as { pause(): void }).pause());
  await waitForStatus(page, (s) => s.training.state === 'paused', 'paused', 60_000);
  await page.waitForTimeout(2000);
  await sample();
  const clip = await conv1Clip(page);
  const before = await page.screenshot({ clip });

  await page.evaluate(() => {
    const canvas = document.getElementById('room') as HTMLCanvasElement;
    const gl = canvas.getContext('webgl2');
    const ext = gl?.getExtension('WEBGL_lose_context');
    if (!ext) throw new Error('WEBGL_lose_context unavailable');
    (window as unknown as { __lose: WEBGL_lose_context }).__lose = ext;
    ext.loseContext();
  });
  await waitForStatus(page, (s) => s.renderContext.lost === 1, 'the context lost');
  await sample();
  await page.waitForTimeout(500);
  const blank = await page.screenshot({ clip });
  expect(blank.equals(before), 'the canvas still showed kernels with no context').toBe(false);

  await page.evaluate(() =>
    (window as unknown as { __lose: WEBGL_lose_context }).__lose.restoreContext(),
  );
  const restored = await waitForStatus(page, (s) => s.renderContext.restored === 1, 'restored');
  await waitForStatus(
    page,
    (s) => s.frames.count >= restored.frames.count + 3,
    'frames after restore',
  );
  await sample();
  await page.waitForTimeout(500);
  const after = await page.screenshot({ clip });
  expect(after.equals(before), 'the kernels did not come back as they were').toBe(true);
  const s = await status(page);
  expect(s.renderContext).toEqual({ lost: 1, restored: 1 });
  expect(s.render.drawCalls).toBeGreaterThan(10);

  // Training resumes and carries on from where it was.
  await page.evaluate(() => (window.weightroom as unknown as { resume(): void }).resume());
  const resumedFrom = steps[steps.length - 1] ?? 0;
  await waitForStatus(
    page,
    (st) => st.training.step > resumedFrom && st.kernels.version > s.kernels.version,
    'training and snapshots after the restore',
    180_000,
  );
  await sample();
  for (let i = 1; i < steps.length; i++) expect(steps[i]!).toBeGreaterThanOrEqual(steps[i - 1]!);
  expect(steps[steps.length - 1]!).toBeGreaterThan(steps[0]!);
});
