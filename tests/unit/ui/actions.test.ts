import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/schema';
import { initialStatus } from '../../../src/status';
import type { TrainerClient } from '../../../src/trainerClient';
import { createActions } from '../../../src/ui/actions';

/** Records what the actions ask of the trainer; the test answers the save. */
function recordingTrainer() {
  const calls: string[] = [];
  let answer: (saved: boolean) => void = () => {};
  const trainer: TrainerClient = {
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
    reset: () => calls.push('reset'),
    setPace: () => {},
    setLearningRate: (lr) => calls.push(`lr ${lr}`),
    checkpoint: () => calls.push('checkpoint'),
    saveNow: () => {
      calls.push('saveNow');
      return new Promise<boolean>((resolve) => (answer = resolve));
    },
    on: () => () => {},
    dispose: () => {},
  };
  return { trainer, calls, confirmSave: (saved: boolean) => answer(saved) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('actions that leave or replace the run wait for its save', () => {
  const assign = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('window', { confirm: () => true });
    vi.stubGlobal('location', { pathname: '/', search: '?seed=3&fresh=1', hash: '', assign });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    assign.mockReset();
  });

  it('a new batch size reloads only after the worker confirms the checkpoint', async () => {
    const { trainer, calls, confirmSave } = recordingTrainer();
    const actions = createActions(trainer, initialStatus(), DEFAULT_CONFIG, () => {});
    expect(actions.requestBatch(64)).toBeNull();
    expect(calls).toEqual(['saveNow']);
    await flush();
    expect(assign).not.toHaveBeenCalled();
    confirmSave(true);
    await flush();
    expect(assign).toHaveBeenCalledWith('/?seed=3&batch=64');
  });

  it('a new batch size reloads after the bound too, when no confirmation came', async () => {
    const { trainer, confirmSave } = recordingTrainer();
    const actions = createActions(trainer, initialStatus(), DEFAULT_CONFIG, () => {});
    actions.requestBatch(16);
    // The client gives up after about 2 s and answers false (tested in trainerClient.test.ts).
    confirmSave(false);
    await flush();
    expect(assign).toHaveBeenCalledWith('/?seed=3&batch=16');
  });

  it('reset resets, then waits for the new run to be saved', async () => {
    const { trainer, calls, confirmSave } = recordingTrainer();
    const onReset = vi.fn();
    const actions = createActions(trainer, initialStatus(), DEFAULT_CONFIG, onReset);
    const done = actions.reset();
    expect(calls).toEqual(['reset', 'saveNow']);
    expect(onReset).toHaveBeenCalledTimes(1);
    confirmSave(true);
    expect(await done).toBe(true);
  });

  it('a reset the user cancels does nothing', async () => {
    vi.stubGlobal('window', { confirm: () => false });
    const { trainer, calls } = recordingTrainer();
    const actions = createActions(trainer, initialStatus(), DEFAULT_CONFIG, () => {});
    expect(await actions.reset()).toBe(false);
    expect(calls).toEqual([]);
  });
});
