/**
 * Where checkpoints live: a thin IndexedDB map from record key to a serialized checkpoint
 * (checkpoint.ts makes and reads the bytes), with each record's size kept beside it so storage
 * can be bounded without reading the records.
 */
const DB_NAME = 'weightroom';
/** 2: a `sizes` store beside the checkpoints, so storage can be bounded without reading them. */
const DB_VERSION = 2;
const STORE = 'checkpoints';
const SIZES = 'sizes';
/** Opening gives up after this long rather than sit at "opening saved runs". */
const OPEN_TIMEOUT_MS = 10_000;

/** One stored record's size and when it was written (ms since the epoch). */
export interface RecordUsage {
  readonly key: string;
  readonly bytes: number;
  readonly savedAt: number;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * A map from record key to serialized checkpoint, in IndexedDB. Opening never hangs: a `blocked`
 * open (an older tab holds the database) or one that takes too long fails with a message. When
 * another tab upgrades the database this connection closes, warns, and refuses further writes.
 */
export class CheckpointStore {
  private closed: string | null = null;

  private constructor(private readonly db: IDBDatabase) {}

  static async open(warn: (message: string) => void = () => {}): Promise<CheckpointStore> {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here');
    const open = indexedDB.open(DB_NAME, DB_VERSION);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
      if (!db.objectStoreNames.contains(SIZES)) db.createObjectStore(SIZES);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onblocked = () =>
        reject(
          new Error(
            'saved runs are held open by another Weightroom tab of an older version; close it ' +
              'and reload',
          ),
        );
      timer = setTimeout(
        () => reject(new Error(`opening saved runs took over ${OPEN_TIMEOUT_MS / 1000} s`)),
        OPEN_TIMEOUT_MS,
      );
      request(open).then(resolve, reject);
    }).finally(() => clearTimeout(timer));
    const store = new CheckpointStore(db);
    db.onversionchange = () => {
      db.close();
      store.closed = 'another tab upgraded the saved runs; reload this tab to save again';
      warn(`checkpoints stopped: ${store.closed}`);
    };
    return store;
  }

  private async run<T>(
    mode: IDBTransactionMode,
    fn: (tx: IDBTransaction) => IDBRequest<T>,
  ): Promise<T> {
    if (this.closed) throw new Error(this.closed);
    const tx = this.db.transaction([STORE, SIZES], mode);
    // Resolve when the transaction has committed (a write is durable), not when it is queued.
    // A failed transaction (QuotaExceededError...) is rolled back whole: the old record stays.
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    const [result] = await Promise.all([request(fn(tx)), done]);
    return result;
  }

  async keys(): Promise<string[]> {
    const keys = await this.run('readonly', (tx) => tx.objectStore(STORE).getAllKeys());
    return keys.filter((k): k is string => typeof k === 'string');
  }

  async get(key: string): Promise<unknown> {
    return this.run('readonly', (tx) => tx.objectStore(STORE).get(key) as IDBRequest<unknown>);
  }

  async put(key: string, buffer: ArrayBuffer): Promise<void> {
    const usage = { bytes: buffer.byteLength, savedAt: Date.now() };
    await this.run('readwrite', (tx) => {
      tx.objectStore(SIZES).put(usage, key);
      return tx.objectStore(STORE).put(buffer, key);
    });
  }

  async delete(key: string): Promise<void> {
    await this.run('readwrite', (tx) => {
      tx.objectStore(SIZES).delete(key);
      return tx.objectStore(STORE).delete(key);
    });
  }

  /** Every record's size and time, without reading the records. */
  async usage(): Promise<RecordUsage[]> {
    const [keys, values] = await Promise.all([
      this.run('readonly', (tx) => tx.objectStore(SIZES).getAllKeys()),
      this.run('readonly', (tx) => tx.objectStore(SIZES).getAll() as IDBRequest<unknown[]>),
    ]);
    const out: RecordUsage[] = [];
    keys.forEach((key, i) => {
      const v = values[i] as { bytes?: unknown; savedAt?: unknown } | undefined;
      if (typeof key === 'string' && typeof v?.bytes === 'number') {
        out.push({ key, bytes: v.bytes, savedAt: typeof v.savedAt === 'number' ? v.savedAt : 0 });
      }
    });
    return out;
  }
}
