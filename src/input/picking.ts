/**
 * Which held-out digit to show next: by step, a mistake of the latest evaluation, or a digit of a
 * chosen class. Pure functions over indices into the held-out set.
 */

/** The index `by` places from `current`, wrapping around a set of `count` digits. */
export function stepIndex(current: number, by: number, count: number): number {
  if (count <= 0) return 0;
  return (((current + by) % count) + count) % count;
}

/**
 * The next mistake after `current` (wrapping), so pressing again walks through all of them; null
 * when the evaluation found none (or none has run yet).
 */
export function nextMistake(mistakes: readonly number[], current: number | null): number | null {
  if (mistakes.length === 0) return null;
  const sorted = [...mistakes].sort((a, b) => a - b);
  if (current === null) return sorted[0]!;
  return sorted.find((i) => i > current) ?? sorted[0]!;
}

/** The next held-out digit of class `digit` after `current` (wrapping); null if there is none. */
export function nextOfClass(
  labels: ArrayLike<number>,
  digit: number,
  current: number | null,
): number | null {
  const n = labels.length;
  const from = current === null ? 0 : current + 1;
  for (let k = 0; k < n; k++) {
    const i = (from + k) % n;
    if (labels[i] === digit) return i;
  }
  return null;
}
