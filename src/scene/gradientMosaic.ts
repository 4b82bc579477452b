/**
 * Where a selected kernel learns, laid out for textures: each position's contribution to the
 * kernel's gradient (a kh x kw picture) in a grid of cells with one gutter texel between them,
 * cell (x, y) over the part of the input digit that position sees. Pure layout; the view
 * (gradientView.ts) uploads what these write.
 */
import { cellOrigin, type GridAtlas, gridAtlas, texelOffset } from './atlas';

/** Input pixels between neighbouring positions of each layer's map (pool1 halves conv2's). */
export const POSITION_PITCH = { conv1: 1, conv2: 2 } as const;

/** Positions per side of each layer's map (26x26 for conv1, 11x11 for conv2). */
export const POSITION_SIDE = { conv1: 26, conv2: 11 } as const;

/** The mosaic's grid: one kh x kw cell per position, `side` per row, one gutter texel. */
export function mosaicGrid(side: number, kernelSize: number): GridAtlas {
  return gridAtlas(kernelSize, kernelSize, side * side, side, 1);
}

/**
 * The input pixels the mosaic spans along each side: the positions' pitch times their count. Both
 * layers' receptive fields are centred on the 28-pixel digit (conv1: 26 cells from pixel 1 to
 * 27; conv2: 11 cells of 2 pixels from pixel 3 to 25), so the mosaic is centred on it too.
 */
export function mosaicSpan(layer: keyof typeof POSITION_PITCH): number {
  return POSITION_SIDE[layer] * POSITION_PITCH[layer];
}

// Scratch cell origin (runs when a gradient lands at frame start: no allocation).
const cell = { x: 0, y: 0 };

/**
 * Writes each position's contribution ([positions, kh, kw], position = y * side + x) into its
 * cell; returns the largest |value| written (the mosaic's symmetric range).
 */
export function fillContributionMosaic(
  grid: GridAtlas,
  contributions: Float32Array,
  out: Float32Array,
): number {
  const k = grid.cellW;
  const per = k * grid.cellH;
  let range = 0;
  for (let p = 0; p < grid.count; p++) {
    cellOrigin(grid, p, cell);
    for (let i = 0; i < per; i++) {
      const v = contributions[p * per + i] ?? 0;
      const m = Math.abs(v);
      if (m > range) range = m;
      out[texelOffset(grid, cell.x + (i % k), cell.y + Math.floor(i / k))] = v;
    }
  }
  return range;
}

/** The largest value of an array (0 for an empty or all-negative one): a heat map's range. */
export function maxValue(values: Float32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > m) m = values[i]!;
  return m;
}
