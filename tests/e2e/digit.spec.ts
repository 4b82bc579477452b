/**
 * The learner's digit on the real stack (WASM training in the worker: the subject here is input
 * and inference, not the WebGL backend): draw on "Draw a digit" with the mouse and watch the
 * answer follow the pen while training goes on; draw on the room's pad; "Show a mistake".
 */
import { mkdirSync } from 'node:fs';
import { test, expect, hook, status, waitForStatus } from './fixtures';

/** Page load to the first steps (wasm) on a loaded 2-core machine. */
const BOOT_MS = 120_000;
const SCREENS = process.env.WEIGHTROOM_SCREENS ?? 'test-results/screens';

type Shown = { answerId: number | null; step: number | null; conv1Checksum: number };

test.beforeEach(({ page }) => {
  page.on('dialog', (d) => void d.accept());
  mkdirSync(SCREENS, { recursive: true });
});
test.setTimeout(4 * BOOT_MS);

test('drawing on "Draw a digit" with the mouse: the network answers as the digit forms, while training goes on', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&evalEvery=100000&checkpointEvery=100000');
  const running = await waitForStatus(
    page,
    (s) => s.training.state === 'running' && s.training.step >= 2,
    'training',
    BOOT_MS,
  );
  const pad = page.getByRole('application', { name: 'Draw a digit' });
  // The pad is a section of the docked panel: scroll it into view, as a learner would.
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = (x: number, y: number) => [box.x + x * box.width, box.y + y * box.height] as const;

  // A seven: the bar, then the stem, with the pen held down throughout.
  await page.mouse.move(...at(0.2, 0.2));
  await page.mouse.down();
  const answersAt = async () => (await hook<number[]>(page, 'inferenceLatencies')).length;
  const path: [number, number][] = [
    [0.4, 0.2],
    [0.6, 0.2],
    [0.8, 0.2],
    [0.7, 0.4],
    [0.6, 0.6],
    [0.5, 0.8],
  ];
  const seen: number[] = [];
  for (const [x, y] of path) {
    await page.mouse.move(...at(x, y), { steps: 4 });
    await page.waitForTimeout(400);
    seen.push(await answersAt());
  }
  // Answers arrive while the pen is still down (throttled: fewer than one per mouse move).
  const whileDown = await status(page);
  expect(whileDown.probe?.source).toBe('drawn');
  expect(seen[seen.length - 1]).toBeGreaterThan(seen[0]!);
  await page.mouse.up();

  const drawn = await waitForStatus(
    page,
    (s) => s.probe?.source === 'drawn' && s.probe.step > running.training.step,
    'an answer for the drawing',
    60_000,
  );
  expect(drawn.probe).toMatchObject({ source: 'drawn', index: null, label: null });
  expect(drawn.probe!.probabilities).toHaveLength(10);
  const sum = drawn.probe!.probabilities.reduce((a, b) => a + b, 0);
  expect(sum).toBeCloseTo(1, 4);
  expect(drawn.probe!.prediction).toBe(
    drawn.probe!.probabilities.indexOf(Math.max(...drawn.probe!.probabilities)),
  );

  // The room lays out the drawing's activations.
  await expect
    .poll(async () => (await hook<Shown>(page, 'shownDigit')).answerId, { timeout: 10_000 })
    .not.toBeNull();
  const shown1 = await hook<Shown>(page, 'shownDigit');

  // Training goes on, and the answer follows the weights as they change.
  const later = await waitForStatus(
    page,
    (s) => s.training.step > drawn.training.step + 3 && (s.probe?.step ?? 0) > drawn.probe!.step,
    'training to go on and the answer to follow it',
    60_000,
  );
  expect(later.probe?.source).toBe('drawn');
  expect(later.probe!.probabilities).not.toEqual(drawn.probe!.probabilities);
  await expect
    .poll(async () => (await hook<Shown>(page, 'shownDigit')).conv1Checksum, { timeout: 10_000 })
    .not.toBe(shown1.conv1Checksum);
  await page.screenshot({ path: `${SCREENS}/digit-pad.png` });
  // Request-to-answer times in this run, for the report (timings are never asserted here).
  const ms = (await hook<number[]>(page, 'inferenceLatencies')).sort((x, y) => x - y);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!.toFixed(0);
  console.info(
    `inference latency in the browser: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms (n=${ms.length})`,
  );

  // Clear: back to a held-out digit, with its label.
  await page.getByRole('button', { name: 'Clear' }).click();
  const cleared = await waitForStatus(page, (s) => s.probe?.source === 'heldout', 'cleared');
  expect(cleared.probe!.label).not.toBeNull();
});

test("the room's input station is a pad: the mouse draws on it", async ({ page }) => {
  await page.goto('/?backend=wasm&evalEvery=100000&checkpointEvery=100000');
  await waitForStatus(page, (s) => s.training.step >= 1, 'training', BOOT_MS);
  const pt = (x: number, y: number) => hook<{ x: number; y: number }>(page, 'padScreenPoint', x, y);
  const a = await pt(0.3, 0.2);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (const [x, y] of [
    [0.7, 0.2],
    [0.5, 0.5],
    [0.5, 0.85],
  ] as const) {
    const p = await pt(x, y);
    await page.mouse.move(p.x, p.y, { steps: 6 });
  }
  await page.mouse.up();
  const s = await waitForStatus(page, (s) => s.probe?.source === 'drawn', 'a drawn answer', 60_000);
  expect(s.probe!.label).toBeNull();
  // The mouse drew instead of orbiting: the pad is still where it was on screen.
  const again = await pt(0.3, 0.2);
  expect(Math.hypot(again.x - a.x, again.y - a.y)).toBeLessThan(1);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${SCREENS}/digit-room.png` });
});

test('"Show a mistake" walks through exactly the held-out digits the network gets wrong', async ({
  page,
}) => {
  // A tiny learning rate keeps the weights, so the evaluation's mistakes stay mistakes.
  await page.goto('/?backend=wasm&evalEvery=2&lr=0.000001&checkpointEvery=100000');
  await waitForStatus(page, (s) => s.training.testAccuracy !== null, 'an evaluation', BOOT_MS);
  // Paused, the weights stand still: each answer below is for the request just made (a shown
  // digit is asked again only when the weights move).
  await hook(page, 'pause');
  await waitForStatus(page, (s) => s.training.state === 'paused', 'paused');
  let answers = (await hook<number[]>(page, 'inferenceLatencies')).length;
  /** Waits for the answer to the request just made; returns what the panel shows then. */
  const answered = async () => {
    answers++;
    await expect
      .poll(async () => (await hook<number[]>(page, 'inferenceLatencies')).length, {
        timeout: 60_000,
      })
      .toBe(answers);
    return (await status(page)).probe!;
  };
  let from = -1;
  for (let pick = 0; pick < 3; pick++) {
    await page.getByRole('button', { name: 'Show a mistake' }).click();
    const shown = await answered();
    expect(shown.source).toBe('heldout');
    expect(shown.label).not.toBeNull();
    expect(shown.prediction, `held-out #${shown.index}`).not.toBe(shown.label);
    await expect(page.getByText(/a mistake/).first()).toBeVisible();
    const at = shown.index!;
    expect(at).toBeGreaterThan(from);
    // Every digit it skipped over is one the network gets right.
    for (let k = from + 1; k < at; k++) {
      await hook(page, 'showDigit', 'heldout', k);
      const p = await answered();
      expect(p.prediction, `held-out #${k}, skipped`).toBe(p.label);
    }
    // Show a mistake walks on from the digit shown.
    await hook(page, 'showDigit', 'heldout', at);
    await answered();
    from = at;
  }

  // A digit of a chosen class.
  await page.getByRole('button', { name: 'Show a held-out 4' }).click();
  const four = await answered();
  expect(four).toMatchObject({ source: 'heldout', label: 4 });
});

test('during a comparison both twins answer for the same drawn digit', async ({ page }) => {
  await page.goto('/?backend=wasm&compare=1&evalEvery=100000&checkpointEvery=100000');
  await waitForStatus(page, (s) => s.ready && s.probeTwins !== null, 'the comparison', BOOT_MS);
  const pad = page.getByRole('application', { name: 'Draw a digit' });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 0.5 * box.width, box.y + 0.15 * box.width);
  await page.mouse.down();
  await page.mouse.move(box.x + 0.5 * box.width, box.y + 0.85 * box.width, { steps: 8 });
  await page.mouse.up();
  const s = await waitForStatus(
    page,
    (s) => s.probeTwins?.conv?.source === 'drawn' && s.probeTwins.none?.source === 'drawn',
    'both twins to answer',
    2 * BOOT_MS,
  );
  expect(s.probeTwins!.conv!.probabilities).toHaveLength(10);
  expect(s.probeTwins!.none!.probabilities).toHaveLength(10);
  await expect(page.getByText(/shared twin predicts/)).toBeVisible();
});
