/** Yields to the event loop, so messages from the render thread run between training steps. */

export interface Yielder {
  /** Resolves on the next turn of the event loop (a task, not a microtask, so messages run first). */
  next(): Promise<void>;
  /** Releases the channel and resolves anything still waiting. */
  close(): void;
}

export function makeYielder(): Yielder {
  // Node (tests): setImmediate. Node drains up to 1000 MessagePort messages per turn, which
  // would starve its timers; setImmediate runs once per turn, after I/O and timers.
  const setImmediate = (globalThis as { setImmediate?: (run: () => void) => unknown }).setImmediate;
  if (typeof setImmediate === 'function') {
    return { next: () => new Promise((r) => setImmediate(r)), close: () => {} };
  }
  if (typeof MessageChannel === 'undefined') {
    return { next: () => new Promise((r) => setTimeout(r, 0)), close: () => {} };
  }
  // The worker: one channel for the whole run. A message is a task, queued behind any message
  // the render thread already sent, without setTimeout's 4 ms clamp.
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return {
    next: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      }),
    close: () => {
      channel.port1.close();
      channel.port2.close();
      for (const r of waiting.splice(0)) r();
    },
  };
}
