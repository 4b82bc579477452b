/**
 * Without sharing only: one conv1 filter's own 3x3 kernel at each of its 26x26 positions, the
 * kernels that sharing collapses into one. It stands in the input station under the digit.
 */
import { CONV1 } from '../network';
import { cellOrigin, gridAtlas, texelOffset } from './atlas';
import { AtlasPlane } from './frames';
import { Label } from './label';
import type { StationStack } from './layout';

/** Metres per texel of the mosaic: 105 texels, about as wide as the input digit. */
const MOSAIC_TEXEL = 0.0042;

export function mosaicTitle(f: number): string {
  return `no sharing: filter ${f}'s own kernel at 26×26 positions`;
}

export class Mosaic {
  readonly plane: AtlasPlane;
  readonly label: Label;
  /** The filter shown. */
  filter = 0;
  /** The range of the last fill; 0 before any per-position kernels arrived. */
  range = 0;

  constructor(stack: StationStack) {
    const positions = CONV1.outSize * CONV1.outSize;
    this.plane = new AtlasPlane(gridAtlas(3, 3, positions, CONV1.outSize, 1), MOSAIC_TEXEL);
    this.label = new Label(mosaicTitle(0));
    stack.placeTitled('input', this.label, this.plane, mosaicTitle(0));
  }

  /** Shows filter f from the next fill; returns false when it already does. */
  setFilter(f: number): boolean {
    if (f === this.filter) return false;
    this.filter = f;
    this.label.setText(mosaicTitle(f));
    return true;
  }

  /** Frame start, a snapshot landed: lay the per-position kernels out ([positions, 9, filters]). */
  fill(perPosition: Float32Array): void {
    this.range = fillMosaic(this.plane, perPosition, this.filter);
    this.plane.setRange(this.range);
  }

  /** What the mosaic shows (a test hook and the HUD). */
  state(): { filter: number; positions: number; range: number } {
    return { filter: this.filter, positions: this.plane.grid.count, range: this.range };
  }

  dispose(): void {
    this.plane.dispose();
    this.label.dispose();
  }
}

// Scratch cell origin for fillMosaic (runs at frame start when a snapshot lands: no allocation).
const cell = { x: 0, y: 0 };

/**
 * Lays filter f's kernel at every position ([positions, 9, filters], position = y * 26 + x) into
 * the mosaic, cell p at row y, column x; returns the symmetric range of what it wrote.
 */
function fillMosaic(plane: AtlasPlane, perPosition: Float32Array, f: number): number {
  const a = plane.grid;
  const k = CONV1.kernelSize;
  const weights = k * k * CONV1.inChannels;
  const filters = CONV1.filters;
  let range = 0;
  for (let p = 0; p < a.count; p++) {
    cellOrigin(a, p, cell);
    for (let i = 0; i < weights; i++) {
      const v = perPosition[(p * weights + i) * filters + f] ?? 0;
      const m = Math.abs(v);
      if (m > range) range = m;
      plane.data[texelOffset(a, cell.x + (i % k), cell.y + Math.floor(i / k))] = v;
    }
  }
  return range;
}
