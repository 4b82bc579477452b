/**
 * The kernels' history kept across a reload: one run's kept entries in IndexedDB (structured
 * clone keeps the Float32Arrays as they are), under the run's key. Only the current run's history
 * is stored, so the store never holds more than one history's bound (64 MB).
 */
import { LAYER_IDS, activationSize } from '../network';
import type { KeptKernels, KeptMaps } from './kernelHistory';

const DB_NAME = 'weightroom-history';
const STORE = 'kernels';

/** The kept entries in `value`, or null when it is not a list of them (a stale or foreign record). */
export function parseKept(value: unknown): KeptKernels[] | null {
  if (!Array.isArray(value)) return null;
  const out: KeptKernels[] = [];
  let last = -Infinity;
  for (const e of value as unknown[]) {
    if (typeof e !== 'object' || e === null) return null;
    const { step, conv1, conv2, maps } = e as Record<string, unknown>;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step <= last)
      return null;
    if (!(conv1 instanceof Float32Array) || !(conv2 instanceof Float32Array)) return null;
    if (maps === undefined) out.push({ step, conv1, conv2 });
    else {
      const parsed = parseMaps(maps);
      if (!parsed) return null;
      out.push({ step, conv1, conv2, maps: parsed });
    }
    last = step;
  }
  return out;
}

/** Kept maps: a probe label and every layer's activations at its size, or null. */
function parseMaps(value: unknown): KeptMaps | null {
  if (typeof value !== 'object' || value === null) return null;
  const { probeLabel, activations } = value as Record<string, unknown>;
  if (typeof probeLabel !== 'number' || typeof activations !== 'object' || activations === null)
    return null;
  const a = activations as Record<string, unknown>;
  for (const id of LAYER_IDS) {
    const v = a[id];
    if (!(v instanceof Float32Array) || v.length !== activationSize(id)) return null;
  }
  return { probeLabel, activations: a as KeptMaps['activations'] };
}

/**
 * The saved entries a resumed run can still use: those up to the step it resumed from and before
 * the first step it has already kept live.
 */
export function usableSaved(
  saved: readonly KeptKernels[],
  resumedFrom: number,
  firstLive: number | null,
): KeptKernels[] {
  return saved.filter((e) => e.step <= resumedFrom && (firstLive === null || e.step < firstLive));
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB would not open'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export class HistoryStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(): Promise<HistoryStore> {
    return new HistoryStore(await open());
  }

  /** The saved history of run `key`, or null (none, or not readable). */
  async load(key: string): Promise<KeptKernels[] | null> {
    const tx = this.db.transaction(STORE, 'readonly');
    const req = tx.objectStore(STORE).get(key);
    await done(tx);
    return parseKept(req.result);
  }

  /** Replaces whatever is stored with run `key`'s history. */
  async save(key: string, entries: readonly KeptKernels[]): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    store.clear();
    store.put(entries, key);
    await done(tx);
  }
}
