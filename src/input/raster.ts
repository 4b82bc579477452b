/**
 * Strokes to a grey image, anti-aliased: each pixel is covered by how far its centre lies inside
 * the pen (a one-pixel linear ramp at the edge), like a scanned pen stroke. The pen's width is a
 * fixed share of the drawing's size, because MNIST's normalisation scales a digit's strokes with
 * the digit: a small drawing and a large one give the same 28x28 image.
 */
import type { Stroke } from './strokes';

export interface GreyImage {
  readonly width: number;
  readonly height: number;
  /** width * height values in [0, 1], row-major, y down. */
  readonly pixels: Float32Array;
}

export const PEN = {
  /**
   * Pen diameter as a share of the drawing's longer side. 0.2 gives strokes about 3-4 px wide in
   * the 20 px box, close to MNIST's measured mean (tests/unit/input/preprocess.test.ts).
   */
  widthOfDrawing: 0.2,
  /** Smallest drawing side (pad units) the pen width is taken from: a dot stays a dot. */
  minDrawing: 0.02,
} as const;

/**
 * Rasterizes strokes so that the drawing plus its pen fits `size` pixels along its longer side.
 * Returns null when there is nothing drawn.
 */
export function rasterizeStrokes(strokes: readonly Stroke[], size: number): GreyImage | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const s of strokes) {
    for (let i = 0; i + 1 < s.length; i += 2) {
      x0 = Math.min(x0, s[i]!);
      x1 = Math.max(x1, s[i]!);
      y0 = Math.min(y0, s[i + 1]!);
      y1 = Math.max(y1, s[i + 1]!);
    }
  }
  if (!Number.isFinite(x0)) return null;
  const longer = Math.max(x1 - x0, y1 - y0, PEN.minDrawing);
  const pen = longer * PEN.widthOfDrawing;
  const scale = size / (longer + pen);
  const r = (pen / 2) * scale;
  const width = Math.max(1, Math.ceil((x1 - x0 + pen) * scale));
  const height = Math.max(1, Math.ceil((y1 - y0 + pen) * scale));
  const pixels = new Float32Array(width * height);
  const ox = x0 - pen / 2;
  const oy = y0 - pen / 2;
  for (const s of strokes) {
    const n = s.length / 2;
    for (let i = 0; i < n; i++) {
      const j = Math.min(i + 1, n - 1); // a one-point stroke is a dot
      if (n > 1 && i === n - 1) break;
      segment(
        pixels,
        width,
        height,
        (s[2 * i]! - ox) * scale,
        (s[2 * i + 1]! - oy) * scale,
        (s[2 * j]! - ox) * scale,
        (s[2 * j + 1]! - oy) * scale,
        r,
      );
    }
  }
  return { width, height, pixels };
}

/** Paints a round-capped segment (pixel units) into the image, keeping the darker of old and new. */
function segment(
  out: Float32Array,
  w: number,
  h: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  r: number,
): void {
  const reach = r + 1;
  const xs = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
  const xe = Math.min(w - 1, Math.ceil(Math.max(ax, bx) + reach));
  const ys = Math.max(0, Math.floor(Math.min(ay, by) - reach));
  const ye = Math.min(h - 1, Math.ceil(Math.max(ay, by) + reach));
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  for (let y = ys; y <= ye; y++) {
    const py = y + 0.5;
    for (let x = xs; x <= xe; x++) {
      const px = x + 0.5;
      const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2));
      const ex = px - (ax + t * dx);
      const ey = py - (ay + t * dy);
      const v = Math.min(1, Math.max(0, r + 0.5 - Math.sqrt(ex * ex + ey * ey)));
      const k = y * w + x;
      if (v > out[k]!) out[k] = v;
    }
  }
}
