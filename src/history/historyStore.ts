/**
 * The kernels' history kept across a reload: in IndexedDB, one record per kept entry under
 * [runKey, step] (structured clone keeps the Float32Arrays as they are), so a save writes only
 * what is new (src/history/savePlan.ts). Only the current run's history is stored, so the store
 * never holds more than one history's bound (64 MB).
 */
import { LAYER_IDS, activationSize } from '../network';
import type { KeptKernels, KeptMaps } from './kernelHistory';
import { afterSave, isRecordKey, planSave, type RecordKey, type StoredRecord } from './savePlan';

const DB_NAME = 'weightroom-history';
const STORE = 'kernels';
/** 1: one array of entries per run key; 2: one record per entry under [runKey, step]. */
const DB_VERSION = 2;

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

/**
 * A version 1 record (run key => its list of entries) as version 2 records, or null when it is
 * not a readable history (it is dropped, with a warning: nothing in it could be shown).
 */
export function migrateV1(key: unknown, value: unknown): StoredRecord[] | null {
  if (typeof key !== 'string') return null;
  const entries = parseKept(value);
  return entries && afterSave(key, entries);
}

/** Every key of run `runKey`'s records, in step order. */
function runRange(runKey: string): IDBKeyRange {
  return IDBKeyRange.bound([runKey, -Infinity], [runKey, Infinity]);
}

/** Rewrites the version 1 records (a run key each) as one record per entry, in the upgrade. */
function migrate(store: IDBObjectStore): void {
  const keys = store.getAllKeys();
  const values = store.getAll();
  values.onsuccess = () => {
    keys.result.forEach((key, i) => {
      if (isRecordKey(key)) return;
      const records = migrateV1(key, values.result[i]);
      if (!records)
        console.warn(
          `Weightroom: a saved kernel history (${String(key)}) was unreadable and is dropped`,
        );
      for (const r of records ?? []) store.put(r.entry, r.key);
      store.delete(key);
    });
  };
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = (e) => {
      if (e.oldVersion < 1) req.result.createObjectStore(STORE);
      else migrate(req.transaction!.objectStore(STORE));
    };
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

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export class HistoryStore {
  /** What the store holds, as this page last wrote or read it; null until first read. */
  private stored: StoredRecord[] | null = null;
  /** Saves run one after another, each planned against what the one before left. */
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly db: IDBDatabase) {}

  static async open(): Promise<HistoryStore> {
    return new HistoryStore(await open());
  }

  /** The saved history of run `key` in step order, or null (none, or not readable: warned). */
  load(key: string): Promise<KeptKernels[] | null> {
    const loaded = this.saving.catch(() => undefined).then(() => this.read(key));
    this.saving = loaded.then(() => undefined);
    return loaded;
  }

  private async read(key: string): Promise<KeptKernels[] | null> {
    const tx = this.db.transaction(STORE, 'readonly');
    const store = tx.objectStore(STORE);
    const values = store.getAll(runRange(key));
    const keys = store.getAllKeys();
    await done(tx);
    const entries = parseKept(values.result);
    if (!entries) {
      console.warn(`Weightroom: the saved kernel history of run ${key} is unreadable; not shown`);
      return null;
    }
    // The loaded objects are what is stored: the next save does not write them again.
    const byStep = new Map(entries.map((e) => [e.step, e]));
    this.stored = keys.result.map((k) =>
      storedRecord(k, isRecordKey(k) && k[0] === key ? byStep.get(k[1]) : undefined),
    );
    return entries.length > 0 ? entries : null;
  }

  /** Makes the store hold run `key`'s `entries`: writes the new ones, deletes the rest. */
  save(key: string, entries: readonly KeptKernels[]): Promise<void> {
    this.saving = this.saving.catch(() => undefined).then(() => this.write(key, entries));
    return this.saving;
  }

  private async write(key: string, entries: readonly KeptKernels[]): Promise<void> {
    this.stored ??= await this.readKeys();
    const plan = planSave(this.stored, key, entries);
    if (plan.put.length === 0 && plan.remove.length === 0) return;
    const tx = this.db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    for (const k of plan.remove) store.delete(k);
    for (const e of plan.put) store.put(e, [key, e.step] satisfies RecordKey);
    this.stored = null; // unknown until the transaction is done
    await done(tx);
    this.stored = afterSave(key, entries);
  }

  /** Every record's key (no values: cheap), their content unknown to this page. */
  private async readKeys(): Promise<StoredRecord[]> {
    const tx = this.db.transaction(STORE, 'readonly');
    const keys = await request(tx.objectStore(STORE).getAllKeys());
    return keys.map((key) => storedRecord(key, undefined));
  }
}

function storedRecord(key: IDBValidKey, entry: KeptKernels | undefined): StoredRecord {
  return { key: isRecordKey(key) ? key : String(key), entry: entry ?? null };
}
