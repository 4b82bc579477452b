/**
 * The kernel history's store in IndexedDB, in the real browser: one record per kept entry under
 * [runKey, step], a save writes only what is new, and a version 1 history (one list per run
 * key) written before the app opens the database survives the upgrade. WASM backend.
 */
import type { Page } from '@playwright/test';
import { test, expect, waitForStatus } from './fixtures';

const PARAMS = 'backend=wasm&batch=8&snapshotEvery=1&evalEvery=100000&checkpointEvery=3';
/** A page of the app's origin that does not run the app: the database is the test's alone. */
const BLANK = '/history-store-blank.html';

test.beforeEach(async ({ page }) => {
  page.on('dialog', (d) => void d.accept());
  await page.route(`**${BLANK}`, (r) =>
    r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }),
  );
});

/** The history database's version and its record keys, in key order (read on the blank page). */
async function storedKeys(page: Page): Promise<{ version: number; keys: unknown[] }> {
  await page.goto(BLANK);
  return readKeys(page);
}

/** The same, read beside whatever the page runs (its own connection, read only). */
function readKeys(page: Page): Promise<{ version: number; keys: unknown[] }> {
  return page.evaluate(
    () =>
      new Promise<{ version: number; keys: unknown[] }>((resolve, reject) => {
        const open = indexedDB.open('weightroom-history');
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('kernels').objectStore('kernels').getAllKeys();
          req.onsuccess = () => {
            db.close();
            resolve({ version: db.version, keys: req.result });
          };
        };
      }),
  );
}

test('a save writes each kept entry once, as its own record under [runKey, step], in step order', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // Every key the app puts into the history store, counted before the app runs.
  await page.addInitScript(() => {
    const puts: string[] = [];
    (globalThis as unknown as { __historyPuts: string[] }).__historyPuts = puts;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      value: unknown,
      key?: IDBValidKey,
    ) {
      if (this.transaction.db.name === 'weightroom-history') puts.push(JSON.stringify(key));
      return put.call(this, value, key);
    };
  });
  await page.goto(`/?${PARAMS}&fresh=1`);
  const running = await waitForStatus(
    page,
    (s) => s.training.state === 'running' && (s.kernels.step ?? 0) >= 3,
    'a few snapshots on wasm',
    240_000,
  );
  // Saves come at least 5 s apart: wait for the entries of two of them.
  const putCount = () =>
    page.evaluate(
      () => (globalThis as unknown as { __historyPuts: string[] }).__historyPuts.length,
    );
  await expect.poll(putCount, { timeout: 60_000 }).toBeGreaterThan(0);
  const firstPuts = await putCount();
  await expect.poll(putCount, { timeout: 60_000 }).toBeGreaterThan(firstPuts);
  const puts = await page.evaluate(
    () => (globalThis as unknown as { __historyPuts: string[] }).__historyPuts,
  );
  expect(new Set(puts).size, `each entry written once: ${puts.join(' ')}`).toBe(puts.length);

  const runKey = running.training.runKey;
  const { version, keys } = await storedKeys(page);
  expect(version).toBe(2);
  expect(keys.length).toBeGreaterThanOrEqual(2);
  const steps = keys.map((k) => {
    expect(Array.isArray(k) && k[0] === runKey).toBe(true);
    return (k as [string, number])[1];
  });
  expect(steps).toEqual([...steps].sort((a, b) => a - b));
  expect(steps[0]).toBe(0);
});

test('a version 1 history written before the app opens the database is migrated, loaded and kept; other runs go', async ({
  page,
}) => {
  test.setTimeout(360_000);
  await page.goto(`/?${PARAMS}&fresh=1`);
  await waitForStatus(
    page,
    (s) => s.training.state === 'running' && (s.training.lastCheckpointStep ?? 0) >= 3,
    'a checkpoint at step 3',
    240_000,
  );
  // The history is saved every 5 s.
  await page.waitForTimeout(6000);

  // Rewrite what the app saved as the version 1 format: one list of entries per run key, plus
  // another run's history and an unreadable one.
  await page.goto(BLANK);
  const written = await page.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('request failed'));
      });
    const db2 = await req(indexedDB.open('weightroom-history'));
    const store2 = db2.transaction('kernels').objectStore('kernels');
    const [keys, values] = await Promise.all([req(store2.getAllKeys()), req(store2.getAll())]);
    db2.close();
    await req(indexedDB.deleteDatabase('weightroom-history'));
    const open1 = indexedDB.open('weightroom-history', 1);
    open1.onupgradeneeded = () => open1.result.createObjectStore('kernels');
    const db1 = await req(open1);
    const runKey = (keys[0] as [string, number])[0];
    const tx = db1.transaction('kernels', 'readwrite');
    tx.objectStore('kernels').put(values, runKey);
    tx.objectStore('kernels').put([values[0]], 'another run');
    tx.objectStore('kernels').put('not a history', 'broken run');
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db1.close();
    return { runKey, steps: keys.map((k) => (k as [string, number])[1]) };
  });
  expect(written.steps[0]).toBe(0);

  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto(`/?${PARAMS}`);
  const resumed = await waitForStatus(
    page,
    (s) => s.training.resumedFrom !== null && (s.kernels.step ?? 0) > (s.training.resumedFrom ?? 0),
    'the resumed run',
    240_000,
  );
  expect(resumed.training.runKey).toBe(written.runKey);
  expect(warnings.join('\n')).toContain('a saved kernel history (broken run) was unreadable');
  // Step 0 is only in the migrated history: this page began at the resumed step.
  await page.getByLabel('Training history').focus();
  await page.keyboard.press('Home');
  await waitForStatus(page, (s) => s.kernels.shownStep === 0, 'step 0 from the migrated history');
  // The app's next save (at least 5 s after the page opened) deletes the other run's records.
  await expect
    .poll(async () => JSON.stringify(await readKeys(page)), { timeout: 120_000 })
    .not.toContain('another run');

  const { version, keys } = await storedKeys(page);
  expect(version).toBe(2);
  expect(
    keys.every((k) => Array.isArray(k) && k[0] === written.runKey),
    `only the run's records: ${JSON.stringify(keys)}`,
  ).toBe(true);
  expect((keys[0] as [string, number])[1]).toBe(0);
});
