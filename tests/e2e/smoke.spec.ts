import { test, expect, status, waitForStatus } from './fixtures';

test('the page loads with no error and becomes ready', async ({ page }) => {
  await page.goto('/?autostart=0');
  const s = await waitForStatus(page, (s) => s.ready, 'ready', 30_000);
  expect(s.error).toBeNull();
  expect(s.config?.seed).toBe(42);
  await expect(page.locator('#error-panel')).toBeHidden();
});

test('a bad learning rate shows the error panel naming lr, and nothing starts', async ({
  page,
}) => {
  await page.goto('/?lr=banana');
  const panel = page.locator('#error-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('lr');
  await expect(panel).toContainText('banana');
  await expect(panel.locator('li[data-param="lr"]')).toHaveCount(1);
  const s = await status(page);
  expect(s.ready).toBe(false);
  expect(s.error?.message).toContain('"lr"');
  expect(s.training.state).toBe('idle');
});

test('an unknown parameter and a negative batch are both named', async ({ page }) => {
  await page.goto('/?batch=-3&colour=red');
  const panel = page.locator('#error-panel');
  await expect(panel.locator('li[data-param="batch"]')).toContainText('-3');
  await expect(panel.locator('li[data-param="colour"]')).toContainText('unknown parameter');
});
