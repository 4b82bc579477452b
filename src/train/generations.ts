/**
 * Checkpoint generations: every save of a run is its own record, `<run key>@<step>`, so a write
 * never replaces the record before it (a failed or diverged save leaves the last good one intact).
 * A run keeps its newest few generations plus the last good one before a divergence; older ones
 * are deleted after each successful save. The bare run key (one record per run, the format before
 * generations) still reads as the run's oldest generation.
 */

/** Generations kept per run besides the last good one: at least three. */
export const KEPT_GENERATIONS = 3;

export interface Generation {
  /** The record's storage key. */
  readonly key: string;
  /** The step it holds; -1 for a bare run-key record (its step is inside it). */
  readonly step: number;
}

export function generationKey(run: string, step: number): string {
  return `${run}@${step}`;
}

/** The run a record belongs to: its key without the `@step` (or other `@slot`) suffix. */
export function runOfRecord(key: string): string {
  const at = key.lastIndexOf('@');
  return at < 0 ? key : key.slice(0, at);
}

/** The generations of `run` among `keys`, oldest first. Other slots (`@best`...) are not ones. */
export function generationsOfRun(run: string, keys: readonly string[]): Generation[] {
  const out: Generation[] = [];
  for (const key of keys) {
    if (key === run) {
      out.push({ key, step: -1 });
      continue;
    }
    if (!key.startsWith(`${run}@`)) continue;
    const tail = key.slice(run.length + 1);
    const step = Number(tail);
    if (/^\d+$/.test(tail) && Number.isSafeInteger(step)) out.push({ key, step });
  }
  return out.sort((a, b) => a.step - b.step);
}

/**
 * Which generations to delete: all but the newest `keep`, and the newest at or before `goodStep`
 * (the last good one before a divergence, which may be older than the newest few).
 */
export function generationsToDrop(
  gens: readonly Generation[],
  goodStep: number,
  keep = KEPT_GENERATIONS,
): Generation[] {
  const kept = new Set(gens.slice(-keep));
  const good = gens.filter((g) => g.step <= goodStep).at(-1);
  if (good) kept.add(good);
  return gens.filter((g) => !kept.has(g));
}
