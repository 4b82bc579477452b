/**
 * What the headset loads and draws (src/xr/controllerModels.ts, src/xr/hands.ts, src/xr/emulate.ts):
 * the Quest controller models come from the app's own origin and nothing is fetched from
 * anywhere else; with controllers or hands shown and the panel open, a stereo frame stays under
 * Meta's 100 draw calls; `?xr=emulate` brings IWER's developer UI in its own chunk, which works
 * under a `default-src 'self'` policy without eval or inline scripts (its styles are inline).
 */
import { mkdirSync } from 'node:fs';
import { expect, status, test, waitForStatus } from './fixtures';
import { RAISED, enter, frames, hook, pose, tap, useInput, type Point } from './xrDevice';

/** The policy the developer UI is checked under (see the second test). */
const POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data: blob:; " +
  "worker-src 'self' blob:; style-src 'self' 'unsafe-inline'";

/** Meta's WebXR guidance: under 100 draw calls a frame. */
const DRAW_CALL_BUDGET = 100;

test('controller models are requested from the app origin, nothing from elsewhere, and stereo frames with controllers or hands and the panel stay under 100 draw calls', async ({
  xrPage: page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const origin = new URL(baseURL ?? '').origin;
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const models: string[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.glb') && r.ok()) models.push(r.url());
  });
  // Both eyes drawn, as on the headset (three r187 has no multiview: each eye is its own pass).
  await page.addInitScript(() => {
    (
      globalThis as unknown as { __iwerDevice: { stereoEnabled: boolean } }
    ).__iwerDevice.stereoEnabled = true;
  });
  await enter(page, '/?autostart=0&backend=wasm', /^Enter VR/);
  await expect.poll(() => models.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  expect(models.every((u) => u.startsWith(`${origin}/xr-profiles/meta-quest-touch-plus/`))).toBe(
    true,
  );
  expect(models.map((u) => u.split('/').pop()).sort()).toEqual(['left.glb', 'right.glb']);
  await frames(page, 10);
  mkdirSync('test-results/screens', { recursive: true });
  await page.screenshot({ path: 'test-results/screens/vr-controllers.png' });
  const withControllers = await status(page);
  expect(withControllers.xr.controllers).toBe(2);
  expect(withControllers.render.drawCalls).toBeGreaterThan(0);
  expect(withControllers.render.drawCalls).toBeLessThan(DRAW_CALL_BUDGET);

  await useInput(page, 'hand');
  await frames(page, 10);
  await page.screenshot({ path: 'test-results/screens/vr-hands.png' });
  const withHands = await status(page);
  expect(withHands.render.drawCalls).toBeGreaterThan(0);
  expect(withHands.render.drawCalls).toBeLessThan(DRAW_CALL_BUDGET);

  // With a kernel selected the room draws more (the sweep, outlines, the learning view): printed,
  // not asserted here, since what a selection draws belongs to the scene, not to the headset.
  const k = await hook<Point>(page, 'kernelWorldPoint', 'conv1', 4);
  await pose(page, 'hand', 'right', RAISED, k);
  await tap(page, 'hand', 'right');
  await waitForStatus(page, (s) => s.selection?.filter === 4, 'a kernel selected', 30_000);
  await frames(page, 10);
  const selected = await status(page);
  console.info(
    `draw calls, stereo, panel open: controllers ${withControllers.render.drawCalls}, ` +
      `hands ${withHands.render.drawCalls}, hands with a kernel selected ${selected.render.drawCalls}`,
  );

  // blob: URLs the page mints itself (the threaded WASM build's workers) are its own origin.
  const elsewhere = requests.filter(
    (u) => !u.startsWith(origin) && !u.startsWith(`blob:${origin}`) && !u.startsWith('data:'),
  );
  expect(elsewhere, 'requests to anywhere but the app origin').toEqual([]);
});

test('?xr=emulate loads the developer UI in its own chunk, without eval or inline scripts, and it shows while presenting', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // The main entry script holds neither React nor the developer UI.
  const html = await (await page.request.get('/')).text();
  const entry = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  expect(entry, 'the entry script in index.html').toBeTruthy();
  const main = await (await page.request.get(entry ?? '')).text();
  expect(main).not.toContain('react.transitional.element');
  expect(main).not.toContain('styled-components');

  // Serve the page with the app's policy: everything from self, no eval, no inline scripts;
  // images also from data: and blob:. Styles may be inline: the developer UI is styled by
  // styled-components, which writes <style> elements at run time.
  await page.route(/\?xr=emulate/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'content-security-policy': POLICY },
    });
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto('/?xr=emulate&autostart=0');
  await waitForStatus(page, (s) => s.ready && s.xr.emulated, 'the emulator', 60_000);
  const canvasesBefore = await page.locator('canvas').count();
  await page.getByRole('button', { name: 'Enter VR (emulated)' }).click();
  await waitForStatus(page, (s) => s.xr.presenting, 'presenting', 60_000);
  await frames(page, 10);
  // The developer UI adds its own canvas (the emulated room with the head, controllers, hands).
  expect(await page.locator('canvas').count()).toBeGreaterThan(canvasesBefore);
  mkdirSync('test-results/screens', { recursive: true });
  await page.screenshot({ path: 'test-results/screens/devui.png' });
});
