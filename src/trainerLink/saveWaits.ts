/**
 * Saves a navigation waits for: each asks the worker for a checkpoint under its own id and
 * resolves once the worker confirms it (true), or after SAVE_WAIT_MS, or when the worker goes
 * away (false). A page must not hang on a worker that never answers.
 */
import type { ToWorker } from '../protocol';

/** How long a save may keep a navigation waiting. */
export const SAVE_WAIT_MS = 2000;

export class SaveWaits {
  private nextId = 1;
  private readonly waiting = new Map<number, (saved: boolean) => void>();

  /** Sends a checkpoint request through `send` and waits (bounded) for its confirmation. */
  request(send: (msg: ToWorker) => void): Promise<boolean> {
    const id = this.nextId++;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(false);
      }, SAVE_WAIT_MS);
      this.waiting.set(id, (saved) => {
        clearTimeout(timer);
        resolve(saved);
      });
      send({ type: 'checkpoint', id });
    });
  }

  /** The worker's answer for save `id`. */
  confirm(id: number, saved: boolean): void {
    this.waiting.get(id)?.(saved);
    this.waiting.delete(id);
  }

  /** The worker is gone: every save still waiting ends unconfirmed. */
  abandonAll(): void {
    for (const done of this.waiting.values()) done(false);
    this.waiting.clear();
  }
}
