/**
 * Translation equivariance, measured: a layer is equivariant when moving its input moves its map
 * the same way, map(shift(x)) = shift(map(x)). Weight sharing makes a convolution exactly so
 * (one kernel everywhere); a locally connected layer has a different kernel at each position and
 * is not. The error is
 *
 *   || map(shift(x)) - shift(map(x)) || / || shift(map(x)) ||
 *
 * over the interior: positions a border away from the map's edges whose source, in the unshifted
 * map, is also interior, so neither what the shift pushes out of the frame nor the edges count.
 * Pure arithmetic over plain arrays.
 */

/** Input pixels per map pixel: a shift of d input pixels moves conv2's map by d / 2 (pool1). */
export const MAP_STRIDE = { conv1: 1, conv2: 2 } as const;

/** Map pixels at each edge left out of the measure. */
export const EQUIVARIANCE_BORDER = 1;

export interface MapShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * The equivariance error of one map. `dx`, `dy` are the shift in map pixels (right, down); a
 * half pixel (an odd input shift seen after a stride-2 pool) reads the unshifted map between
 * pixels, by linear interpolation. Returns NaN when no interior position is left to compare.
 */
export function equivarianceError(
  mapOfShifted: Float32Array,
  mapOfOriginal: Float32Array,
  shape: MapShape,
  dx: number,
  dy: number,
  border = EQUIVARIANCE_BORDER,
): number {
  const { height: h, width: w, channels: c } = shape;
  if (mapOfShifted.length !== h * w * c || mapOfOriginal.length !== h * w * c) {
    throw new RangeError(
      `equivariance: maps of ${mapOfShifted.length} and ${mapOfOriginal.length} values are not ${h}x${w}x${c}`,
    );
  }
  const lo = border;
  const hiY = h - 1 - border;
  const hiX = w - 1 - border;
  const at = (yy: number, xx: number, ch: number) => mapOfOriginal[(yy * w + xx) * c + ch]!;
  let diff = 0;
  let ref = 0;
  let compared = 0;
  for (let y = lo; y <= hiY; y++) {
    const sy = y - dy;
    const y0 = Math.floor(sy);
    const y1 = Math.ceil(sy);
    if (y0 < lo || y1 > hiY) continue;
    const fy = sy - y0;
    for (let x = lo; x <= hiX; x++) {
      const sx = x - dx;
      const x0 = Math.floor(sx);
      const x1 = Math.ceil(sx);
      if (x0 < lo || x1 > hiX) continue;
      const fx = sx - x0;
      compared++;
      for (let ch = 0; ch < c; ch++) {
        const top = at(y0, x0, ch) * (1 - fx) + at(y0, x1, ch) * fx;
        const bottom = at(y1, x0, ch) * (1 - fx) + at(y1, x1, ch) * fx;
        const expected = top * (1 - fy) + bottom * fy;
        const d = mapOfShifted[(y * w + x) * c + ch]! - expected;
        diff += d * d;
        ref += expected * expected;
      }
    }
  }
  if (compared === 0) return NaN;
  if (ref === 0) return diff === 0 ? 0 : Infinity;
  return Math.sqrt(diff / ref);
}
