/**
 * One tab per run: a Web Lock (`navigator.locks`) named after the run's identity, held on the
 * render thread for as long as this tab trains the run. A second tab on the same link does not get
 * it: it neither trains nor writes the run (state `blocked`) until the user takes over there. A
 * take-over asks the holding tab, over a BroadcastChannel, to save and let go; if it does not
 * answer in time (frozen, or an older version without the channel) the lock is stolen.
 */
import { type Config, RUN_IDENTITY_KEYS } from './config/schema';

/** How long a take-over waits for the holding tab to save and let go before stealing the lock. */
const TAKE_OVER_WAIT_MS = 4000;

export interface RunLock {
  /** True when this tab holds the run (or the browser has no Web Locks), false when blocked. */
  readonly acquired: Promise<boolean>;
  /** Asks the holding tab to let go, then holds the lock; resolves once it does. */
  takeOver(): Promise<void>;
  /**
   * What to do when another tab takes over: save and stop. The lock is released when the
   * returned promise settles.
   */
  onTakenOver(fn: () => Promise<void>): void;
}

/** The lock's name: the run's identity, as the checkpoint key is made of it. */
export function runLockName(config: Config): string {
  return `weightroom-run?${RUN_IDENTITY_KEYS.map((k) => `${k}=${String(config[k])}`).join('&')}`;
}

type ChannelMessage = { readonly type: 'takeOver' };

export function lockRun(name: string): RunLock {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  let takenOver: () => Promise<void> = () => Promise.resolve();
  let release: (() => void) | null = null;
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(name);

  /** Holds the lock until release(); `granted` runs with whether it was obtained. */
  const hold = (options: LockOptions, granted: (ok: boolean) => void): void => {
    if (!locks) return;
    let held = false;
    locks
      .request(name, options, (lock) => {
        granted(lock !== null);
        if (lock === null) return undefined;
        held = true;
        return new Promise<void>((resolve) => (release = resolve));
      })
      .catch(() => {
        // Stolen by a tab that could not wait: this tab has lost the run; stop at once. (A
        // request given up before it was granted rejects too, and needs nothing.)
        if (!held) return;
        release = null;
        void takenOver();
      });
  };

  channel?.addEventListener('message', (e: MessageEvent<ChannelMessage>) => {
    if (e.data?.type !== 'takeOver' || release === null) return;
    const let_go = release;
    release = null;
    void takenOver().finally(let_go);
  });

  const acquired = new Promise<boolean>((resolve) => {
    if (!locks) resolve(true);
    else hold({ ifAvailable: true }, resolve);
  });

  return {
    acquired,
    takeOver() {
      return new Promise<void>((resolve) => {
        if (!locks) return resolve();
        let done = false;
        const got = (ok: boolean) => {
          if (!ok || done) return;
          done = true;
          clearTimeout(timer);
          resolve();
        };
        const waiting = new AbortController();
        const timer = setTimeout(() => {
          if (done) return;
          waiting.abort();
          hold({ steal: true }, got);
        }, TAKE_OVER_WAIT_MS);
        hold({ signal: waiting.signal }, got);
        channel?.postMessage({ type: 'takeOver' } satisfies ChannelMessage);
      });
    },
    onTakenOver(fn) {
      takenOver = fn;
    },
  };
}
