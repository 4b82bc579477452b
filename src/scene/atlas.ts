/**
 * Atlas packing: many small images (kernels, feature maps) laid out in one texture, so a whole
 * layer is one DataTexture and one draw call. Texel coordinates here have x to the right and y
 * DOWN from the top-left corner (how people read a grid); `dataRow` converts to the DataTexture's
 * row order (row 0 at the bottom, v = 0), and the UV helpers use three's convention (v up).
 *
 * Kernels follow tfjs's layout [kh, kw, in, out] flattened row-major:
 * index = ((ky * kw + kx) * in + c) * out + f.
 */
import type { ConvSpec } from '../network';
import { GUTTER_VALUE } from './colorMap';

/** A grid of equal cells separated (and bordered) by a gutter of background texels. */
export interface GridAtlas {
  readonly cellW: number;
  readonly cellH: number;
  readonly cols: number;
  readonly rows: number;
  readonly count: number;
  readonly gutter: number;
  readonly width: number;
  readonly height: number;
}

export function gridAtlas(
  cellW: number,
  cellH: number,
  count: number,
  cols: number,
  gutter: number,
): GridAtlas {
  const rows = Math.ceil(count / cols);
  return {
    cellW,
    cellH,
    cols,
    rows,
    count,
    gutter,
    width: gutter + cols * (cellW + gutter),
    height: gutter + rows * (cellH + gutter),
  };
}

/** Top-left texel of cell `i`; writes into `out` (no allocation on the hot path). */
export function cellOrigin(a: GridAtlas, i: number, out: { x: number; y: number }): void {
  out.x = a.gutter + (i % a.cols) * (a.cellW + a.gutter);
  out.y = a.gutter + Math.floor(i / a.cols) * (a.cellH + a.gutter);
}

/** The cell containing texel (x, y), or -1 in a gutter or outside. */
export function cellAtTexel(a: GridAtlas, x: number, y: number): number {
  const px = x - a.gutter;
  const py = y - a.gutter;
  if (px < 0 || py < 0) return -1;
  const pitchX = a.cellW + a.gutter;
  const pitchY = a.cellH + a.gutter;
  const col = Math.floor(px / pitchX);
  const row = Math.floor(py / pitchY);
  if (col >= a.cols || row >= a.rows) return -1;
  if (px - col * pitchX >= a.cellW || py - row * pitchY >= a.cellH) return -1;
  const i = row * a.cols + col;
  return i < a.count ? i : -1;
}

/** Texel under a UV (three's convention: v = 0 at the bottom). */
export function texelAtUv(a: GridAtlas, u: number, v: number, out: { x: number; y: number }): void {
  out.x = Math.min(a.width - 1, Math.max(0, Math.floor(u * a.width)));
  out.y = Math.min(a.height - 1, Math.max(0, Math.floor((1 - v) * a.height)));
}

/** Row of the DataTexture that holds texel row `y` (DataTextures are not flipped: row 0 = v 0). */
export function dataRow(a: GridAtlas, y: number): number {
  return a.height - 1 - y;
}

/** Offset in the atlas's float array (one value per texel) of texel (x, y). */
export function texelOffset(a: GridAtlas, x: number, y: number): number {
  return dataRow(a, y) * a.width + x;
}

/**
 * A fresh buffer for an atlas: one raw float per texel (the GPU colours it, see colorMap.ts),
 * every texel the gutter marker until values land.
 */
export function atlasBuffer(a: GridAtlas): Float32Array {
  return new Float32Array(a.width * a.height).fill(GUTTER_VALUE);
}

// ---- kernels ----------------------------------------------------------------------------------

/**
 * A conv layer's kernels: an outer grid with one cell per filter; inside a cell, one kh x kw tile
 * per input channel in a grid of `chCols` columns, tiles one texel apart.
 */
export interface KernelAtlas {
  readonly spec: ConvSpec;
  readonly chCols: number;
  readonly chRows: number;
  /** Texels between channel tiles inside one kernel. */
  readonly innerGutter: number;
  readonly grid: GridAtlas;
}

export function kernelAtlas(
  spec: ConvSpec,
  kernelCols: number,
  chCols: number,
  gutter: number,
): KernelAtlas {
  const k = spec.kernelSize;
  const cols = Math.min(chCols, spec.inChannels);
  const chRows = Math.ceil(spec.inChannels / cols);
  const innerGutter = 1;
  const cellW = cols * k + (cols - 1) * innerGutter;
  const cellH = chRows * k + (chRows - 1) * innerGutter;
  return {
    spec,
    chCols: cols,
    chRows,
    innerGutter,
    grid: gridAtlas(cellW, cellH, spec.filters, kernelCols, gutter),
  };
}

/** Index into the tfjs kernel array of weight (ky, kx, c) of filter f. */
export function kernelIndex(spec: ConvSpec, f: number, c: number, ky: number, kx: number): number {
  return ((ky * spec.kernelSize + kx) * spec.inChannels + c) * spec.filters + f;
}

/** Texel showing weight (ky, kx, c) of filter f; writes into `out`. */
export function weightTexel(
  ka: KernelAtlas,
  f: number,
  c: number,
  ky: number,
  kx: number,
  out: { x: number; y: number },
): void {
  cellOrigin(ka.grid, f, out);
  const pitch = ka.spec.kernelSize + ka.innerGutter;
  out.x += (c % ka.chCols) * pitch + kx;
  out.y += Math.floor(c / ka.chCols) * pitch + ky;
}

/** The filter whose kernel is under a UV of the atlas plane, or -1 (gutter, outside). */
export function kernelAtUv(ka: KernelAtlas, u: number, v: number): number {
  const t = { x: 0, y: 0 };
  texelAtUv(ka.grid, u, v, t);
  return cellAtTexel(ka.grid, t.x, t.y);
}

/** UV of the centre of filter f's kernel cell. */
export function kernelCenterUv(ka: KernelAtlas, f: number): { u: number; v: number } {
  const o = { x: 0, y: 0 };
  cellOrigin(ka.grid, f, o);
  return {
    u: (o.x + ka.grid.cellW / 2) / ka.grid.width,
    v: 1 - (o.y + ka.grid.cellH / 2) / ka.grid.height,
  };
}

// Scratch texel for the fill loops (these run once per snapshot, at frame start: allocate nothing).
const scratch = { x: 0, y: 0 };

/**
 * Lays every weight of `kernel` (tfjs layout) out at its texel. A copy, no colour: the colour map
 * runs in the fragment shader, so a snapshot costs the render thread a relayout and an upload.
 */
export function fillKernelAtlas(ka: KernelAtlas, kernel: Float32Array, out: Float32Array): void {
  const s = ka.spec;
  const k = s.kernelSize;
  for (let f = 0; f < s.filters; f++) {
    for (let c = 0; c < s.inChannels; c++) {
      for (let ky = 0; ky < k; ky++) {
        for (let kx = 0; kx < k; kx++) {
          weightTexel(ka, f, c, ky, kx, scratch);
          out[texelOffset(ka.grid, scratch.x, scratch.y)] =
            kernel[kernelIndex(s, f, c, ky, kx)] ?? 0;
        }
      }
    }
  }
}

// ---- feature maps -----------------------------------------------------------------------------

/** A layer's activations [h, w, channels] as one map per channel in a grid. */
export function mapAtlas(size: number, channels: number, cols: number, gutter: number): GridAtlas {
  return gridAtlas(size, size, channels, cols, gutter);
}

/** Lays activations ([size, size, channels] row-major) out one map per cell. */
export function fillMapAtlas(a: GridAtlas, values: Float32Array, out: Float32Array): void {
  const n = a.cellW;
  const channels = a.count;
  for (let ch = 0; ch < channels; ch++) {
    cellOrigin(a, ch, scratch);
    const ox = scratch.x;
    const oy = scratch.y;
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        out[texelOffset(a, ox + x, oy + y)] = values[(y * n + x) * channels + ch] ?? 0;
      }
    }
  }
}
