/**
 * Taking the network away and bringing one back, in the real app (WASM backend in the worker):
 * "Download model" yields model.json and its weights file, 225,034 float32 values for the shared
 * network; "Load model" refuses a corrupt file with a clear message while the run goes on; the
 * confusion matrix fills in at an evaluation; "Download report" holds the run and its link.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { test, expect, status, waitForStatus } from './fixtures';

const BOOT_MS = 180_000;
test.setTimeout(2 * BOOT_MS);

async function contentOf(d: Download): Promise<Buffer> {
  const path = await d.path();
  if (!path) throw new Error(`download ${d.suggestedFilename()} has no file`);
  return readFile(path);
}

async function twoDownloads(page: Page, click: () => Promise<void>): Promise<Download[]> {
  const got: Download[] = [];
  const both = new Promise<void>((resolve) => {
    page.on('download', (d) => {
      got.push(d);
      if (got.length === 2) resolve();
    });
  });
  await click();
  await both;
  return got;
}

test('"Download model" yields model.json and a weights file of 225,034 float32 values', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&batch=8&evalEvery=2&checkpointEvery=1000');
  await waitForStatus(page, (s) => s.training.step >= 2, 'two steps', BOOT_MS);
  const downloads = await twoDownloads(page, () =>
    page.getByRole('button', { name: 'Download model' }).click(),
  );
  const byName = new Map(downloads.map((d) => [d.suggestedFilename(), d]));
  expect([...byName.keys()].sort()).toEqual(['weightroom.json', 'weightroom.weights.bin']);
  const weights = await contentOf(byName.get('weightroom.weights.bin')!);
  expect(weights.byteLength).toBe(225_034 * 4);
  const json = JSON.parse((await contentOf(byName.get('weightroom.json')!)).toString('utf8')) as {
    format: string;
    weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
  };
  expect(json.format).toBe('layers-model');
  expect(json.weightsManifest[0]!.paths).toEqual(['./weightroom.weights.bin']);
  const values = json.weightsManifest[0]!.weights.reduce(
    (n, w) => n + w.shape.reduce((a, b) => a * b, 1),
    0,
  );
  expect(values).toBe(225_034);
  expect((await status(page)).model.exported).toBe(1);

  // The confusion matrix has filled in from an evaluation: 1,000 held-out digits in its cells.
  await waitForStatus(page, (s) => s.training.confusion !== null, 'an evaluation');
  const counts = (await status(page)).training.confusion!.counts;
  expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
  await expect(
    page.getByRole('button', { name: /^true 0, predicted 0: \d+ digits?$/ }),
  ).toBeVisible();
});

test('"Load model" refuses a corrupt file with a clear message and the run goes on', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&batch=8&evalEvery=1000&checkpointEvery=1000');
  await waitForStatus(page, (s) => s.training.step >= 2, 'two steps', BOOT_MS);
  await page.getByLabel('Load model').setInputFiles([
    { name: 'weightroom.json', mimeType: 'application/json', buffer: Buffer.from('{"modelTopo') },
    {
      name: 'weightroom.weights.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(1024),
    },
  ]);
  const message = page.getByRole('status').filter({ hasText: 'Not loaded' });
  await expect(message).toContainText('model.json is not JSON');
  await expect(message).toContainText('The run goes on as it was');
  const refused = await status(page);
  expect(refused.model.refused).toBe(1);
  expect(refused.training.state).toBe('running');
  await waitForStatus(
    page,
    (s) => s.training.step >= refused.training.step + 2 && s.training.state === 'running',
    'training to go on after the refusal',
  );

  // The report holds the run and the link that reproduces it.
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report' }).click(),
  ]);
  expect(report.suggestedFilename()).toBe('weightroom-report.json');
  const r = JSON.parse((await contentOf(report)).toString('utf8')) as Record<string, unknown>;
  expect(r).toMatchObject({ seed: 42, backend: { name: 'wasm' } });
  expect(r.link).toMatch(/\/\?batch=8&evalEvery=1000&checkpointEvery=1000&backend=wasm$/);
  expect(r.steps).toBeGreaterThanOrEqual(2);
});
