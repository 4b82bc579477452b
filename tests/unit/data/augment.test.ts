import { describe, expect, test } from 'vitest';
import {
  AUGMENT_LIMITS,
  augmentBatch,
  batchTransforms,
  transformDigit,
} from '../../../src/data/augment';
import { BatchSource } from '../../../src/data/batches';
import { stratifiedSplit } from '../../../src/data/split';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../../src/network';
import { loadDigits } from '../train/harness';

const identity = { dx: 0, dy: 0, angle: 0, scale: 1 };

function realBatch(step: number) {
  const data = loadDigits();
  const split = stratifiedSplit(data.labels, 42);
  return new BatchSource(data, split.train, 32, 42).batchAt(step);
}

const sum = (a: ArrayLike<number>, from = 0, n = a.length) => {
  let s = 0;
  for (let i = from; i < from + n; i++) s += a[i]!;
  return s;
};

/** Intensity-weighted centre (x, y) of one digit. */
function centreOfMass(a: Float32Array, offset: number): [number, number] {
  let m = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    const v = a[offset + i]!;
    m += v;
    x += v * (i % IMAGE_SIZE);
    y += v * Math.floor(i / IMAGE_SIZE);
  }
  return [x / m, y / m];
}

describe('augmentBatch', () => {
  test('the same seed and step give the same batch, another step or seed a different one', () => {
    const b = realBatch(3);
    const once = augmentBatch(b, 42, 3);
    const again = augmentBatch(b, 42, 3);
    expect(again.pixels).toEqual(once.pixels);
    expect(augmentBatch(b, 42, 4).pixels).not.toEqual(once.pixels);
    expect(augmentBatch(b, 7, 3).pixels).not.toEqual(once.pixels);
  });

  test('labels are kept, and every digit moves only a little: its ink stays and shifts at most ~2 px', () => {
    const b = realBatch(0);
    const out = augmentBatch(b, 42, 0);
    expect(out.labels).toEqual(b.labels);
    expect(out.size).toBe(b.size);
    let changed = 0;
    for (let d = 0; d < b.size; d++) {
      const at = d * IMAGE_PIXELS;
      // Scaling by up to 10% changes the ink by up to ~21%; MNIST digits have a 4 px margin,
      // so nothing leaves the image.
      const ratio = sum(out.pixels, at, IMAGE_PIXELS) / sum(b.pixels, at, IMAGE_PIXELS);
      expect(ratio).toBeGreaterThan(0.78);
      expect(ratio).toBeLessThan(1.24);
      const [x0, y0] = centreOfMass(b.pixels, at);
      const [x1, y1] = centreOfMass(out.pixels, at);
      // Shift up to 2 px per axis, plus what rotation and scale about the centre move the mass.
      expect(Math.hypot(x1 - x0, y1 - y0)).toBeLessThan(2 * Math.SQRT2 + 2);
      if (out.pixels.subarray(at, at + IMAGE_PIXELS).some((v, i) => v !== b.pixels[at + i])) {
        changed++;
      }
    }
    expect(changed).toBe(b.size);
    // The original batch is not touched.
    expect(realBatch(0).pixels).toEqual(b.pixels);
  });

  test('the transforms stay within the limits and use them', () => {
    const ts = batchTransforms(42, 0, 2000);
    const max = (f: (t: (typeof ts)[number]) => number) => Math.max(...ts.map(f));
    expect(max((t) => Math.abs(t.dx))).toBeLessThanOrEqual(AUGMENT_LIMITS.maxShift);
    expect(max((t) => Math.abs(t.dx))).toBeGreaterThan(0.9 * AUGMENT_LIMITS.maxShift);
    expect(max((t) => Math.abs(t.dy))).toBeLessThanOrEqual(AUGMENT_LIMITS.maxShift);
    expect(max((t) => Math.abs(t.angle))).toBeLessThanOrEqual(AUGMENT_LIMITS.maxRotation);
    expect(max((t) => Math.abs(t.scale - 1))).toBeLessThanOrEqual(AUGMENT_LIMITS.maxScale);
    expect(max((t) => Math.abs(t.scale - 1))).toBeGreaterThan(0.9 * AUGMENT_LIMITS.maxScale);
  });
});

describe('transformDigit', () => {
  test('the identity copies the digit exactly', () => {
    const b = realBatch(1);
    const out = new Float32Array(IMAGE_PIXELS);
    transformDigit(b.pixels, out, identity, 0, 0);
    expect(out).toEqual(b.pixels.subarray(0, IMAGE_PIXELS));
  });

  test('a whole-pixel shift moves every pixel by that many pixels, right and down', () => {
    const src = new Float32Array(IMAGE_PIXELS);
    src[10 * IMAGE_SIZE + 12] = 1;
    const out = new Float32Array(IMAGE_PIXELS);
    transformDigit(src, out, { ...identity, dx: 2, dy: -1 });
    expect(out[9 * IMAGE_SIZE + 14]).toBeCloseTo(1, 6);
    expect(sum(out)).toBeCloseTo(1, 6);
  });

  test('a quarter turn about the centre maps the top-left corner region to the top-right', () => {
    const src = new Float32Array(IMAGE_PIXELS);
    src[0] = 1; // x 0, y 0
    const out = new Float32Array(IMAGE_PIXELS);
    transformDigit(src, out, { ...identity, angle: Math.PI / 2 });
    // Rotating (x, y) = (-13.5, -13.5) from the centre by +90° (y down) gives (13.5, -13.5).
    expect(out[0 * IMAGE_SIZE + 27]).toBeCloseTo(1, 5);
  });
});
