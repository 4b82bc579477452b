/**
 * MNIST's normalisation, as LeCun, Cortes and Burges describe it: the digit's bounding box is
 * scaled to fit a 20x20 box keeping its aspect ratio (area-averaged, which anti-aliases), then the
 * digit is placed in the 28x28 frame so that its centre of mass is at the frame's centre (14, 14).
 * The same steps serve a drawing and a real MNIST digit, so a test can check that they leave a
 * real digit almost as it was.
 */
import { IMAGE_PIXELS, IMAGE_SIZE } from '../network';
import type { GreyImage } from './raster';

/** The side of the box a digit's longer side is scaled to. */
export const DIGIT_BOX = 20;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The smallest box holding every pixel above zero, or null for an empty image. */
export function inkBox(img: GreyImage): Box | null {
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.pixels[y * img.width + x]! > 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Centre of mass in pixel-index coordinates (pixel i's centre is at i), MNIST's convention: its
 * digits' mean centre of mass is (14, 14) that way. Null with no ink.
 */
export function centreOfMass(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
): { x: number; y: number } | null {
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = pixels[y * width + x]!;
      sum += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return sum > 0 ? { x: sx / sum, y: sy / sum } : null;
}

/**
 * Resamples a box of an image to dw x dh by area averaging: each output pixel is the mean of the
 * source area it covers, with partly covered source pixels weighted by the part covered.
 */
export function resampleArea(img: GreyImage, box: Box, dw: number, dh: number): Float32Array {
  // Rows first (box.height x dw), then columns (dh x dw).
  const rows = new Float32Array(box.height * dw);
  const fx = box.width / dw;
  for (let y = 0; y < box.height; y++) {
    const src = (box.y + y) * img.width + box.x;
    for (let x = 0; x < dw; x++)
      rows[y * dw + x] = areaMean(img.pixels, src, 1, box.width, x * fx, fx);
  }
  const out = new Float32Array(dh * dw);
  const fy = box.height / dh;
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) out[y * dw + x] = areaMean(rows, x, dw, box.height, y * fy, fy);
  }
  return out;
}

/**
 * Mean of a 1-D run of `count` values of `v` (start, stride) over the continuous span
 * [a, a + len). The end is clamped: a + len may pass `count` by a rounding error.
 */
function areaMean(
  v: ArrayLike<number>,
  start: number,
  stride: number,
  count: number,
  a: number,
  len: number,
): number {
  const b = a + len;
  const end = Math.min(Math.ceil(b), count);
  let sum = 0;
  for (let i = Math.floor(a); i < end; i++) {
    const cover = Math.min(b, i + 1) - Math.max(a, i);
    if (cover > 0) sum += v[start + i * stride]! * cover;
  }
  return sum / len;
}

/**
 * A grey image (values in [0, 1], any size) to the network's 28x28 input, MNIST-style. Null when
 * the image has no ink.
 */
export function mnistFrame(img: GreyImage): Float32Array | null {
  const box = inkBox(img);
  if (!box) return null;
  const scale = DIGIT_BOX / Math.max(box.width, box.height);
  const dw = Math.max(1, Math.min(DIGIT_BOX, Math.round(box.width * scale)));
  const dh = Math.max(1, Math.min(DIGIT_BOX, Math.round(box.height * scale)));
  const digit = resampleArea(img, box, dw, dh);
  const com = centreOfMass(digit, dw, dh);
  if (!com) return null;
  // Whole-pixel shift (no resampling blur): the centre of mass lands within half a pixel of
  // (14, 14), unless the digit would leave the frame.
  const centre = IMAGE_SIZE / 2;
  const left = clampInt(Math.round(centre - com.x), 0, IMAGE_SIZE - dw);
  const top = clampInt(Math.round(centre - com.y), 0, IMAGE_SIZE - dh);
  const out = new Float32Array(IMAGE_PIXELS);
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      out[(top + y) * IMAGE_SIZE + left + x] = Math.min(1, digit[y * dw + x]!);
    }
  }
  return out;
}

function clampInt(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
