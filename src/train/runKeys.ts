/**
 * The keys a run's checkpoints are stored under: its identity parameters (a different seed, batch
 * or sharing is another run), and "#2", "#3"... when a checkpoint could not be used.
 */
import type { Config } from '../config/schema';
import { RUN_IDENTITY_KEYS } from '../config/schema';

/** The key of a run: its identity parameters, so a different seed/batch/sharing is another run. */
export function runKey(config: Config): string {
  return `run?${RUN_IDENTITY_KEYS.map((k) => `${k}=${String(config[k])}`).join('&')}`;
}

/**
 * A run whose checkpoint could not be loaded continues under a new key ("…#2", "…#3"), so the
 * unreadable one is kept for inspection. Returns the generation of `key` under `base` (1 for the
 * base itself), or 0 if it is not one of base's keys.
 */
export function keyGeneration(base: string, key: string): number {
  if (key === base) return 1;
  if (!key.startsWith(`${base}#`)) return 0;
  const n = Number(key.slice(base.length + 1));
  return Number.isSafeInteger(n) && n >= 2 ? n : 0;
}

export function keyOfGeneration(base: string, generation: number): string {
  return generation <= 1 ? base : `${base}#${generation}`;
}

/** Base's keys that exist, newest generation last. */
export function generationsOf(base: string, keys: readonly string[]): string[] {
  return keys
    .filter((k) => keyGeneration(base, k) > 0)
    .sort((a, b) => keyGeneration(base, a) - keyGeneration(base, b));
}
