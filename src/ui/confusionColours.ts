/**
 * How a confusion-matrix cell is coloured, shared by the desktop grid and the room's station so
 * the two read the same: right answers (the diagonal) green by their share of the row, mistakes
 * red and visible from a single digit, empty cells not at all.
 */

/** [r, g, b, alpha 0..1] of cell (trueLabel, predicted) holding n of rowTotal digits. */
export function cellColour(
  trueLabel: number,
  predicted: number,
  n: number,
  rowTotal: number,
): readonly [number, number, number, number] {
  if (n <= 0 || rowTotal <= 0) return [0, 0, 0, 0];
  const share = n / rowTotal;
  return trueLabel === predicted
    ? [61, 255, 181, 0.15 + 0.5 * share]
    : [255, 107, 107, Math.min(0.85, 0.3 + 4 * share)];
}

export function cellCss(c: readonly [number, number, number, number]): string {
  return c[3] === 0 ? 'transparent' : `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${c[3].toFixed(3)})`;
}
