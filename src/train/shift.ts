/**
 * Moving a digit by whole pixels: the input side of the equivariance measure and of the
 * prediction-under-shift grid. Pure arithmetic over plain arrays.
 */

import { MAX_PROBE_SHIFT } from '../protocol';

/** The largest shift, in pixels, in either direction and either axis (the issue's -4..4). */
export const MAX_SHIFT = MAX_PROBE_SHIFT;

/**
 * `values` [height, width, channels] moved right by dx and down by dy whole pixels; what moves
 * in from outside is 0 (MNIST's background), what moves out is lost.
 */
export function shiftImage(
  values: Float32Array,
  height: number,
  width: number,
  channels: number,
  dx: number,
  dy: number,
): Float32Array {
  if (!Number.isInteger(dx) || !Number.isInteger(dy)) {
    throw new RangeError(`shift: whole pixels only, got (${dx}, ${dy})`);
  }
  if (values.length !== height * width * channels) {
    throw new RangeError(`shift: ${values.length} values are not ${height}x${width}x${channels}`);
  }
  const out = new Float32Array(values.length);
  const row = width * channels;
  for (let y = Math.max(0, dy); y < Math.min(height, height + dy); y++) {
    const x0 = Math.max(0, dx);
    const x1 = Math.min(width, width + dx);
    if (x1 <= x0) break;
    const from = (y - dy) * row + (x0 - dx) * channels;
    out.set(values.subarray(from, from + (x1 - x0) * channels), y * row + x0 * channels);
  }
  return out;
}

/** The 9x9 grid of shifts, row-major: dy from -MAX_SHIFT (top row), dx from -MAX_SHIFT (left). */
export function shiftGrid(): [dx: number, dy: number][] {
  const out: [number, number][] = [];
  for (let dy = -MAX_SHIFT; dy <= MAX_SHIFT; dy++) {
    for (let dx = -MAX_SHIFT; dx <= MAX_SHIFT; dx++) out.push([dx, dy]);
  }
  return out;
}

/** One image at every shift of `shiftGrid()`, stacked: [81, height, width, channels]. */
export function shiftedBatch(
  values: Float32Array,
  height: number,
  width: number,
  channels: number,
): Float32Array {
  const grid = shiftGrid();
  const out = new Float32Array(grid.length * values.length);
  grid.forEach(([dx, dy], i) =>
    out.set(shiftImage(values, height, width, channels, dx, dy), i * values.length),
  );
  return out;
}
