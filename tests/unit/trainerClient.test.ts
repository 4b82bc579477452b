import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/schema';
import type { FromWorker, ToWorker } from '../../src/protocol';
import { initialStatus } from '../../src/status';
import { startTrainer } from '../../src/trainerClient';

/**
 * Node has no Web Worker; this stand-in records what the client posts and lets the test deliver
 * messages as the worker would. It is test scaffolding: the product always gets the real Worker.
 */
class RecordingWorker extends EventTarget {
  static last: RecordingWorker | null = null;
  readonly posted: ToWorker[] = [];
  constructor() {
    super();
    RecordingWorker.last = this;
  }
  postMessage(msg: ToWorker): void {
    this.posted.push(msg);
  }
  terminate(): void {}
  deliver(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

const running: FromWorker = { type: 'state', state: 'running', detail: '', progress: null };

describe('the trainer client', () => {
  beforeEach(() => {
    vi.stubGlobal('Worker', RecordingWorker);
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  function start() {
    const status = initialStatus();
    const client = startTrainer(DEFAULT_CONFIG, '/data/mnist.bin', status);
    const worker = RecordingWorker.last!;
    return { status, client, worker };
  }

  it('follows the state messages of a healthy worker', () => {
    const { status, worker } = start();
    expect(worker.posted[0]?.type).toBe('init');
    worker.deliver(running);
    expect(status.training.state).toBe('running');
  });

  it('keeps a protocol error in view when a later state message arrives, and stops training', () => {
    const { status, worker } = start();
    worker.deliver(running);
    worker.deliver({ type: 'snapshot', snapshot: { step: 3, sharing: 'conv' } });
    expect(status.training.state).toBe('error');
    const shown = status.training.detail;
    expect(shown).toMatch(/malformed "snapshot" message/);
    // The worker goes on talking; what went wrong stays on the panel.
    worker.deliver(running);
    worker.deliver({ type: 'state', state: 'paused', detail: 'paused', progress: null });
    expect(status.training.state).toBe('error');
    expect(status.training.detail).toBe(shown);
    expect(worker.posted.map((m) => m.type)).toEqual(['init', 'pause', 'checkpoint']);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('malformed "snapshot"'));
  });

  it('counts an evaluation that advances chunk by chunk as alive, and restarts one that does not', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    try {
      const { status, worker } = start();
      worker.deliver(running);
      // 30 s without a step, a heartbeat every 2 s: each one with more evaluation chunks done.
      for (let t = 1; t <= 15; t++) {
        vi.advanceTimersByTime(2000);
        worker.deliver({ type: 'heartbeat', step: 2, chunks: t });
      }
      expect(RecordingWorker.last).toBe(worker);
      expect(status.training.responding).toBe(true);
      expect(status.training.workerRestarts).toBe(0);
      // The same chunk count for 30 s more: stuck, restarted.
      for (let t = 1; t <= 15; t++) {
        vi.advanceTimersByTime(2000);
        worker.deliver({ type: 'heartbeat', step: 2, chunks: 15 });
      }
      expect(status.training.workerRestarts).toBe(1);
      expect(RecordingWorker.last).not.toBe(worker);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the first failure when more follow', () => {
    const { status, worker } = start();
    worker.deliver({ type: 'metrics' });
    worker.deliver({ type: 'explode' });
    expect(status.training.detail).toMatch(/malformed "metrics" message/);
  });

  describe('saving before the page goes', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    /** Settles `p` as far as the fake clock allows; returns its value or 'pending'. */
    async function peek<T>(p: Promise<T>): Promise<T | 'pending'> {
      return Promise.race([p, Promise.resolve('pending' as const)]);
    }

    it('waits for the worker to confirm the checkpoint it asked for', async () => {
      const { client, worker } = start();
      const saved = client.saveNow!();
      const ask = worker.posted.at(-1);
      expect(ask).toMatchObject({ type: 'checkpoint' });
      const id = (ask as Extract<ToWorker, { type: 'checkpoint' }>).id!;
      await vi.advanceTimersByTimeAsync(1500);
      expect(await peek(saved)).toBe('pending');
      // Another save's answer is not this one's.
      worker.deliver({ type: 'checkpointDone', id: id + 1, step: 40, saved: true });
      expect(await peek(saved)).toBe('pending');
      worker.deliver({ type: 'checkpointDone', id, step: 40, saved: true });
      expect(await saved).toBe(true);
    });

    it('goes on after about 2 s when the confirmation never comes', async () => {
      const { client } = start();
      const saved = client.saveNow!();
      await vi.advanceTimersByTimeAsync(1999);
      expect(await peek(saved)).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      expect(await saved).toBe(false);
    });

    it('counts a checkpoint already on disk as saved', async () => {
      const { client, worker } = start();
      const saved = client.saveNow!();
      const ask = worker.posted.at(-1) as Extract<ToWorker, { type: 'checkpoint' }>;
      worker.deliver({ type: 'checkpointDone', id: ask.id!, step: 12, saved: false });
      expect(await saved).toBe(true);
    });
  });
});
