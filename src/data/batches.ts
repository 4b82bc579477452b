/**
 * Training batches in a seeded order, as plain arrays (no tfjs here, so it is testable anywhere).
 * The order is an endless sequence of epochs, each a fresh seeded shuffle of the training digits;
 * batch `s` is positions s*B .. s*B+B-1 of that sequence. A step number alone therefore names its
 * batch, and a run resumed at step s sees exactly the digits the uninterrupted run would have.
 */
import { IMAGE_PIXELS } from '../network';
import type { MnistData } from './mnistFormat';
import { mulberry32, shuffle } from './random';

export interface Batch {
  /** size * 784 grey values in 0..1, [size, 28, 28, 1] row-major. */
  readonly pixels: Float32Array;
  /** size labels 0..9. */
  readonly labels: Int32Array;
  readonly size: number;
}

/** Grey value 0..255 to 0..1, as a table so filling a batch is one lookup per pixel. */
const TO_UNIT = Float32Array.from({ length: 256 }, (_, i) => i / 255);

/** Copies the digits at `indices` into new arrays (tfjs keeps a reference to what it is given). */
export function gatherDigits(data: MnistData, indices: ArrayLike<number>): Batch {
  const size = indices.length;
  const pixels = new Float32Array(size * IMAGE_PIXELS);
  const labels = new Int32Array(size);
  for (let b = 0; b < size; b++) {
    const d = indices[b]!;
    if (d < 0 || d >= data.count)
      throw new RangeError(`digit ${d} is outside 0..${data.count - 1}`);
    const src = d * IMAGE_PIXELS;
    const dst = b * IMAGE_PIXELS;
    for (let i = 0; i < IMAGE_PIXELS; i++) pixels[dst + i] = TO_UNIT[data.pixels[src + i]!]!;
    labels[b] = data.labels[d]!;
  }
  return { pixels, labels, size };
}

export class BatchSource {
  /** The permutation of the epoch in `epochCached` (one epoch is cached: batches walk forward). */
  private perm = new Uint32Array(0);
  private epochCached = -1;

  /**
   * @param data all digits
   * @param train indices of the training digits (the split's train part)
   * @param batchSize digits per batch
   * @param seed the run's seed
   */
  constructor(
    private readonly data: MnistData,
    private readonly train: Uint32Array,
    readonly batchSize: number,
    private readonly seed: number,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batch size ${batchSize} must be a positive integer`);
    }
    if (train.length === 0) throw new RangeError('no training digits');
  }

  /** The shuffled training indices of one epoch; the same (seed, epoch) gives the same order. */
  epochOrder(epoch: number): Uint32Array {
    if (epoch !== this.epochCached) {
      // Distinct, well-mixed stream per epoch; the constant keeps it apart from the split's stream.
      const rng = mulberry32((this.seed ^ Math.imul(epoch + 1, 0x9e3779b1) ^ 0xba7c4e5) >>> 0);
      this.perm = shuffle(Uint32Array.from(this.train), rng);
      this.epochCached = epoch;
    }
    return this.perm;
  }

  /** The digit indices of batch `step` (0-based). */
  indicesAt(step: number): Uint32Array {
    const n = this.train.length;
    const out = new Uint32Array(this.batchSize);
    for (let b = 0; b < this.batchSize; b++) {
      const p = step * this.batchSize + b;
      const epoch = Math.floor(p / n);
      out[b] = this.epochOrder(epoch)[p - epoch * n]!;
    }
    return out;
  }

  /** Batch `step`, pixels scaled to 0..1. */
  batchAt(step: number): Batch {
    return gatherDigits(this.data, this.indicesAt(step));
  }
}
