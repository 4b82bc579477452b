import { expect, test } from 'vitest';
import { Sleeper } from '../../../src/train/sleeper';

test('a timed sleep ends by itself', async () => {
  await expect(new Sleeper().sleep(10)).resolves.toBeUndefined();
});

test('a sleep until woken ends when woken, and not before', async () => {
  const s = new Sleeper();
  let woke = false;
  const forever = s.sleep(Infinity).then(() => (woke = true));
  await new Promise((r) => setTimeout(r, 20));
  expect(woke).toBe(false);
  s.wake();
  await forever;
  expect(woke).toBe(true);
});
