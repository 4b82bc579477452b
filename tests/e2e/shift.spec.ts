/**
 * Maps that follow a moving digit (issue 11): the learner moves the probe digit with the "Shift
 * right" and "Shift down" range inputs and status().probe.equivariance follows. WASM backend.
 */
import { test, expect, trainFreshOnWasm, waitForStatus } from './fixtures';

test('moving the digit with the range inputs measures how each conv layer follows it', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await trainFreshOnWasm(page, 2, (s) => s.kernels.version >= 1);
  const right = page.getByLabel('Shift right');
  const down = page.getByLabel('Shift down');
  await expect(right).toHaveValue('0');

  // Arrow keys, as a keyboard user would: three pixels to the right.
  await right.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(right).toHaveValue('3');
  const s1 = await waitForStatus(
    page,
    (s) => s.probe?.equivariance.shift[0] === 3 && s.probe.equivariance.shift[1] === 0,
    'the measure of a move (3, 0)',
    60_000,
  );
  // conv1 shares one kernel everywhere: its maps move exactly with the digit.
  expect(s1.probe!.equivariance.conv1).toBeLessThan(1e-5);
  // An odd move is half a pixel after pool1: conv2's maps do not follow it exactly.
  expect(s1.probe!.equivariance.conv2).toBeGreaterThan(0);

  await down.fill('-2');
  const s2 = await waitForStatus(
    page,
    (s) => s.probe?.equivariance.shift[0] === 3 && s.probe.equivariance.shift[1] === -2,
    'the measure of a move (3, -2)',
    60_000,
  );
  expect(s2.probe!.equivariance.conv1).toBeLessThan(1e-5);
  const heat = page.getByRole('img', { name: 'Prediction under shift' });
  await expect(heat).toHaveAttribute('data-shift', '3,-2');
  await expect(page.locator('#shift-panel .shift-measure')).toContainText('moved (3, -2)');
  await page.screenshot({ path: '/tmp/kernel-shift.png' });
});
