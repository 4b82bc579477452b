/**
 * A drawing to what the network reads: strokes rasterized anti-aliased at several times the
 * final resolution, then MNIST's normalisation (20x20 box, centre of mass at the frame's centre).
 */
import { mnistFrame } from './mnistFrame';
import { rasterizeStrokes } from './raster';
import type { Stroke } from './strokes';

/** Raster size of the drawing before it is averaged down to its 20 px box (5x supersampling). */
export const RASTER_SIZE = 100;

/** 784 values in [0, 1], or null when nothing is drawn. */
export function preprocessStrokes(strokes: readonly Stroke[]): Float32Array | null {
  const img = rasterizeStrokes(strokes, RASTER_SIZE);
  return img ? mnistFrame(img) : null;
}
