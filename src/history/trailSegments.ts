/**
 * Every conv1 kernel's trail in the room as one set of line segments (one draw call for all 32):
 * each kernel's distance from its first kept value over the kept steps, resampled to a fixed
 * number of points so the vertex buffer is allocated once. Pure arithmetic, no three.js.
 */
import type { KeptKernels } from './kernelHistory';

/** Points each trail is drawn with (the kept steps, resampled evenly by their index). */
export const ROOM_TRAIL_POINTS = 16;

/** Where a trail is drawn: its bottom-left corner and size, in the kernel plane's metres. */
export interface TrailBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Floats of the segment buffer for `count` trails: (points - 1) segments of 2 xyz vertices. */
export function trailSegmentFloats(count: number, points = ROOM_TRAIL_POINTS): number {
  return count * (points - 1) * 6;
}

/**
 * ||k_f(entry) - k_f(first)|| (L2) of every filter of conv1 at every entry, entry-major:
 * out[e * filters + f]. `filters` is the layer's output channels (tfjs layout, filter fastest).
 */
export function allTrails(entries: readonly KeptKernels[], filters: number): Float32Array {
  const out = new Float32Array(entries.length * filters);
  const first = entries[0]?.conv1;
  if (!first) return out;
  const weights = first.length / filters;
  entries.forEach((e, i) => {
    for (let f = 0; f < filters; f++) {
      let s = 0;
      for (let w = 0; w < weights; w++) {
        const d = e.conv1[w * filters + f]! - first[w * filters + f]!;
        s += d * d;
      }
      out[i * filters + f] = Math.sqrt(s);
    }
  });
  return out;
}

/**
 * Lays the trails (`allTrails` of `entries` kept steps) out as line segments into `out`
 * (trailSegmentFloats(boxes.length) floats, z = 0): filter f's trail runs left to right across
 * boxes[f], its height the distance over the largest distance of any filter (one scale for all,
 * so the kernels that moved most stand out). Fewer than two entries: every segment is a point at
 * its box's bottom-left (nothing shows). Returns that largest distance.
 */
export function fillTrailSegments(
  trails: Float32Array,
  entries: number,
  boxes: readonly TrailBox[],
  out: Float32Array,
  points = ROOM_TRAIL_POINTS,
): number {
  const filters = boxes.length;
  let max = 0;
  for (let i = 0; i < entries * filters; i++) max = Math.max(max, trails[i] ?? 0);
  const value = (f: number, p: number): number => {
    if (entries < 2 || max === 0) return 0;
    const t = (p / (points - 1)) * (entries - 1);
    const i0 = Math.floor(t);
    const i1 = Math.min(entries - 1, i0 + 1);
    const a = trails[i0 * filters + f] ?? 0;
    const b = trails[i1 * filters + f] ?? 0;
    return (a + (b - a) * (t - i0)) / max;
  };
  let o = 0;
  for (let f = 0; f < filters; f++) {
    const box = boxes[f]!;
    const x = (p: number) => (entries < 2 ? box.x : box.x + (p / (points - 1)) * box.w);
    for (let p = 0; p < points - 1; p++) {
      out[o++] = x(p);
      out[o++] = box.y + value(f, p) * box.h;
      out[o++] = 0;
      out[o++] = x(p + 1);
      out[o++] = box.y + value(f, p + 1) * box.h;
      out[o++] = 0;
    }
  }
  return max;
}
