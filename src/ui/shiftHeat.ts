/**
 * The prediction under shift as pixels: p(the digit's class) at each shift of the 9x9 grid, dark
 * (p = 0) to amber (p = 1), the current shift in white. Shared by the desktop panel, the
 * comparison's twins and the room's board, so all three read alike. Pure: it fills an RGBA array.
 */
import { MAX_PROBE_SHIFT } from '../protocol';

/** Cells per side of the grid: shifts -MAX_PROBE_SHIFT..MAX_PROBE_SHIFT. */
export const SHIFT_SIDE = 2 * MAX_PROBE_SHIFT + 1;

/** The error as a person reads it: "0" for an exact follow, 3 significant digits otherwise. */
export function formatError(e: number): string {
  if (!Number.isFinite(e)) return 'n/a';
  if (e === 0) return '0';
  return e < 1e-3 ? e.toExponential(1) : e.toPrecision(3);
}

/** The grid index of a shift (row-major, dy from -4 at the top, dx from -4 at the left). */
export function shiftCell(dx: number, dy: number): number {
  return (dy + MAX_PROBE_SHIFT) * SHIFT_SIDE + dx + MAX_PROBE_SHIFT;
}

/**
 * Writes the heat map into `rgba` (SHIFT_SIDE^2 pixels, 4 bytes each) from the 81 probabilities
 * `p`; the cell of the current shift (dx, dy) is white. Missing or out-of-range values clamp.
 */
export function fillShiftHeat(
  rgba: Uint8ClampedArray,
  p: ArrayLike<number>,
  dx: number,
  dy: number,
): void {
  const current = shiftCell(dx, dy);
  for (let i = 0; i < SHIFT_SIDE * SHIFT_SIDE; i++) {
    const v = Math.min(1, Math.max(0, p[i] ?? 0)) || 0;
    const white = i === current;
    rgba[i * 4] = white ? 255 : Math.round(22 + 233 * v);
    rgba[i * 4 + 1] = white ? 255 : Math.round(24 + 144 * v);
    rgba[i * 4 + 2] = white ? 255 : Math.round(30 + 10 * v);
    rgba[i * 4 + 3] = 255;
  }
}
