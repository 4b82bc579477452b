/**
 * What a save of the kernel history writes and deletes (pure, so it is unit tested without
 * IndexedDB). Each kept entry is its own record under [runKey, step], so a save writes only the
 * entries not yet written and deletes the ones the history dropped (thinned, or another run's):
 * a few hundred KB a save instead of a structured clone of the whole history (up to 64 MB) that
 * held the main thread for tens of ms.
 */
import type { KeptKernels } from './kernelHistory';

/** A record's key in the store: the run's key and the entry's step. */
export type RecordKey = [runKey: string, step: number];

/** A record the store holds, with the entry written under it when this page wrote or read it. */
export interface StoredRecord {
  /** [runKey, step], or a string: a version 1 record left over (deleted by the next save). */
  key: RecordKey | string;
  /** The entry object that is stored, or null when its content is not known to this page. */
  entry: KeptKernels | null;
}

export interface SavePlan {
  /** Entries to write (new, or the step was kept again with other kernels after a reset). */
  put: KeptKernels[];
  /** Records to delete: entries the history dropped, and every other run's. */
  remove: (RecordKey | string)[];
}

/** The writes and deletions that make `stored` hold exactly run `runKey`'s `entries`. */
export function planSave(
  stored: readonly StoredRecord[],
  runKey: string,
  entries: readonly KeptKernels[],
): SavePlan {
  const kept = new Map(entries.map((e) => [e.step, e]));
  const written = new Map<number, KeptKernels | null>();
  const remove: (RecordKey | string)[] = [];
  for (const { key, entry } of stored) {
    if (typeof key !== 'string' && key[0] === runKey && kept.has(key[1]))
      written.set(key[1], entry);
    else remove.push(key);
  }
  // Identity, not step: a step kept again after the run went back holds other kernels.
  const put = entries.filter((e) => written.get(e.step) !== e);
  return { put, remove };
}

/** The records the store holds once it holds exactly run `runKey`'s `entries`. */
export function afterSave(runKey: string, entries: readonly KeptKernels[]): StoredRecord[] {
  return entries.map((e) => ({ key: [runKey, e.step], entry: e }));
}

/** Whether `key` is a record key of the current format ([runKey, step]). */
export function isRecordKey(key: unknown): key is RecordKey {
  return (
    Array.isArray(key) &&
    key.length === 2 &&
    typeof key[0] === 'string' &&
    typeof key[1] === 'number' &&
    Number.isInteger(key[1])
  );
}
