/**
 * Seeded augmentation of a training batch: each digit is shifted by up to 2 pixels, turned by a
 * few degrees and scaled by a few percent, as a handwritten digit varies, so its label still
 * holds. Plain arrays, no tfjs: the worker runs it on every batch (about 25,000 pixels at batch
 * 32, a fraction of a millisecond), and the same (seed, step) always gives the same batch, so a
 * resumed run sees exactly what the uninterrupted one would have.
 */
import { IMAGE_SIZE } from '../network';
import type { Batch } from './batches';
import { mulberry32 } from './random';

export interface AugmentLimits {
  /** Largest shift along each axis, in pixels. */
  readonly maxShift: number;
  /** Largest rotation either way, in radians. */
  readonly maxRotation: number;
  /** Largest relative change of size either way (0.1: 90% to 110%). */
  readonly maxScale: number;
}

export const AUGMENT_LIMITS: AugmentLimits = {
  maxShift: 2,
  maxRotation: (10 * Math.PI) / 180,
  maxScale: 0.1,
};

/** One digit's transform: output pixel p shows input at centre + R(-angle)(p - centre - shift)/scale. */
export interface DigitTransform {
  readonly dx: number;
  readonly dy: number;
  readonly angle: number;
  readonly scale: number;
}

/** The random stream of batch `step` of run `seed`, apart from the batch-order stream. */
function streamOf(seed: number, step: number) {
  return mulberry32((seed ^ Math.imul(step + 1, 0x85ebca6b) ^ 0x3c6ef372) >>> 0);
}

/** The transforms of batch `step`: one per digit, uniform within the limits. */
export function batchTransforms(
  seed: number,
  step: number,
  size: number,
  limits: AugmentLimits = AUGMENT_LIMITS,
): DigitTransform[] {
  const rng = streamOf(seed, step);
  const within = (max: number) => (rng() * 2 - 1) * max;
  return Array.from({ length: size }, () => ({
    dx: within(limits.maxShift),
    dy: within(limits.maxShift),
    angle: within(limits.maxRotation),
    scale: 1 + within(limits.maxScale),
  }));
}

const CENTRE = (IMAGE_SIZE - 1) / 2;

/**
 * Writes digit `src` (IMAGE_SIZE^2 grey values) moved by `t` into `dst`, sampling bilinearly;
 * what comes from outside the image is 0 (the background).
 */
export function transformDigit(
  src: Float32Array,
  dst: Float32Array,
  t: DigitTransform,
  srcOffset = 0,
  dstOffset = 0,
): void {
  const n = IMAGE_SIZE;
  const cos = Math.cos(t.angle) / t.scale;
  const sin = Math.sin(t.angle) / t.scale;
  for (let y = 0; y < n; y++) {
    const ry = y - CENTRE - t.dy;
    for (let x = 0; x < n; x++) {
      const rx = x - CENTRE - t.dx;
      // Inverse rotation and scale: where in the input this output pixel comes from.
      const sx = CENTRE + cos * rx + sin * ry;
      const sy = CENTRE - sin * rx + cos * ry;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const at = (xi: number, yi: number) =>
        xi < 0 || yi < 0 || xi >= n || yi >= n ? 0 : src[srcOffset + yi * n + xi]!;
      dst[dstOffset + y * n + x] =
        (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
        fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
    }
  }
}

/** Batch `step` of run `seed`, each digit moved by its own seeded transform; labels unchanged. */
export function augmentBatch(
  batch: Batch,
  seed: number,
  step: number,
  limits: AugmentLimits = AUGMENT_LIMITS,
): Batch {
  const pixelsPerDigit = IMAGE_SIZE * IMAGE_SIZE;
  const pixels = new Float32Array(batch.pixels.length);
  const transforms = batchTransforms(seed, step, batch.size, limits);
  for (let b = 0; b < batch.size; b++) {
    const offset = b * pixelsPerDigit;
    transformDigit(batch.pixels, pixels, transforms[b]!, offset, offset);
  }
  return { pixels, labels: batch.labels.slice(), size: batch.size };
}
