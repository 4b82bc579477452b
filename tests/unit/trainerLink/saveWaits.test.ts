import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ToWorker } from '../../../src/protocol';
import { SAVE_WAIT_MS, SaveWaits } from '../../../src/trainerLink/saveWaits';

describe('saves a navigation waits for', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks for a checkpoint under a fresh id each time and resolves true once it is confirmed', async () => {
    const saves = new SaveWaits();
    const sent: ToWorker[] = [];
    const first = saves.request((m) => sent.push(m));
    const second = saves.request((m) => sent.push(m));
    expect(sent).toEqual([
      { type: 'checkpoint', id: 1 },
      { type: 'checkpoint', id: 2 },
    ]);
    saves.confirm(2, true);
    saves.confirm(1, false);
    await expect(second).resolves.toBe(true);
    await expect(first).resolves.toBe(false);
  });

  it('gives up unconfirmed after about 2 s, and a late confirmation changes nothing', async () => {
    const saves = new SaveWaits();
    const save = saves.request(() => {});
    vi.advanceTimersByTime(SAVE_WAIT_MS - 1);
    let settled = false;
    void save.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1);
    await expect(save).resolves.toBe(false);
    saves.confirm(1, true);
    expect(SAVE_WAIT_MS).toBe(2000);
  });

  it('ends every waiting save unconfirmed when the worker goes away', async () => {
    const saves = new SaveWaits();
    const a = saves.request(() => {});
    const b = saves.request(() => {});
    saves.abandonAll();
    await expect(Promise.all([a, b])).resolves.toEqual([false, false]);
  });
});
