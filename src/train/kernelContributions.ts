/**
 * Where a kernel learns from: a convolution kernel's weight gradient is a sum over every position
 * it is applied at. For one filter f of a valid, stride-1 convolution,
 *
 *   dL/dW[ky, kx, c, f] = sum over positions p of  input[p + (ky, kx), c] * dL/dz[p, f]
 *
 * where z is the filter's pre-activation map. Each term, contribution(p) = the input patch at p
 * times dL/dz at p, is what position p teaches the shared kernel. Without sharing (a locally
 * connected layer) position p has its own kernel, and contribution(p) is that kernel's whole
 * gradient: the same terms, never summed.
 *
 * Pure arithmetic over plain arrays (no tfjs), so the worker can run it on what it reads back and
 * tests can check it against tfjs's own gradient.
 */

/** The geometry of one valid, stride-1 convolution over a single input [height, width, channels]. */
export interface ConvGeometry {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly kernelSize: number;
  /** Output channels (filters) of the layer; the gradient holds all of them. */
  readonly filters: number;
}

export interface KernelContributions {
  /** Output positions (outH * outW), position p = y * outW + x. */
  readonly positions: number;
  /** Channels per contribution: the input's channels, or 1 when summed over them. */
  readonly channels: number;
  /**
   * Every position's contribution, [positions, kh, kw, channels] row-major: for one position the
   * layout of one filter's slice of a tfjs kernel [kh, kw, in, out].
   */
  readonly contributions: Float32Array;
  /** Their sum over positions, [kh, kw, channels]: the filter's weight gradient. */
  readonly sum: Float32Array;
}

export function outputSize(g: ConvGeometry): { outH: number; outW: number } {
  return { outH: g.height - g.kernelSize + 1, outW: g.width - g.kernelSize + 1 };
}

function checkGeometry(g: ConvGeometry, input: Float32Array, gradient: Float32Array): void {
  const { outH, outW } = outputSize(g);
  for (const [name, v] of Object.entries(g)) {
    if (!Number.isInteger(v) || (v as number) < 1) {
      throw new RangeError(`kernel contributions: ${name} must be a positive integer, got ${v}`);
    }
  }
  if (outH < 1 || outW < 1) {
    throw new RangeError(
      `kernel contributions: a ${g.kernelSize}x${g.kernelSize} kernel does not fit ${g.height}x${g.width}`,
    );
  }
  if (input.length !== g.height * g.width * g.channels) {
    throw new RangeError(
      `kernel contributions: input has ${input.length} values, expected ${g.height}x${g.width}x${g.channels}`,
    );
  }
  if (gradient.length !== outH * outW * g.filters) {
    throw new RangeError(
      `kernel contributions: gradient has ${gradient.length} values, expected ${outH}x${outW}x${g.filters}`,
    );
  }
}

/**
 * The contributions of every position to filter `filter`'s weight gradient, and their sum.
 *
 * @param input the layer's input for one digit, [height, width, channels] row-major.
 * @param gradient dL/d(pre-activation) for the same digit, [outH, outW, filters] row-major.
 * @param sumChannels true: add each contribution over input channels (conv2's 32 become one
 *   3x3 picture per position); false: keep them, [kh, kw, channels] per position.
 */
export function kernelContributions(
  input: Float32Array,
  gradient: Float32Array,
  g: ConvGeometry,
  filter: number,
  sumChannels: boolean,
): KernelContributions {
  checkGeometry(g, input, gradient);
  if (!Number.isInteger(filter) || filter < 0 || filter >= g.filters) {
    throw new RangeError(`kernel contributions: filter ${filter} is not in 0..${g.filters - 1}`);
  }
  const { outH, outW } = outputSize(g);
  const k = g.kernelSize;
  const inC = g.channels;
  const channels = sumChannels ? 1 : inC;
  const per = k * k * channels;
  const positions = outH * outW;
  const contributions = new Float32Array(positions * per);
  // The sum in doubles: 676 float32 terms summed in float32 would drift by ~1e-6 relative.
  const sum = new Float64Array(per);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const p = y * outW + x;
      const dz = gradient[p * g.filters + filter]!;
      const base = p * per;
      for (let ky = 0; ky < k; ky++) {
        for (let kx = 0; kx < k; kx++) {
          const from = ((y + ky) * g.width + (x + kx)) * inC;
          const to = (ky * k + kx) * channels;
          if (sumChannels) {
            let patchSum = 0;
            for (let c = 0; c < inC; c++) patchSum += input[from + c]!;
            const v = patchSum * dz;
            contributions[base + to] = v;
            sum[to] = sum[to]! + v;
          } else {
            for (let c = 0; c < inC; c++) {
              const v = input[from + c]! * dz;
              contributions[base + to + c] = v;
              sum[to + c] = sum[to + c]! + v;
            }
          }
        }
      }
    }
  }
  return { positions, channels, contributions, sum: Float32Array.from(sum) };
}

/**
 * One filter's slice out of a kernel laid out [..., out] (tfjs's [kh, kw, in, out] flattened, or
 * a locally connected [P, K, out]): every `filters`-th value from `filter`.
 */
export function filterSlice(kernel: Float32Array, filters: number, filter: number): Float32Array {
  if (kernel.length % filters !== 0) {
    throw new RangeError(`filter slice: ${kernel.length} values do not split into ${filters}`);
  }
  const out = new Float32Array(kernel.length / filters);
  for (let i = 0; i < out.length; i++) out[i] = kernel[i * filters + filter]!;
  return out;
}

/**
 * ||actual - expected|| / ||expected|| (L2 norms), in doubles. 0 when both are all zero; Infinity
 * when only `expected` is (any difference from nothing is infinitely large relatively).
 */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) {
    throw new RangeError(`relative error: ${actual.length} values against ${expected.length}`);
  }
  let diff = 0;
  let ref = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = actual[i]! - expected[i]!;
    diff += d * d;
    ref += expected[i]! * expected[i]!;
  }
  if (ref === 0) return diff === 0 ? 0 : Infinity;
  return Math.sqrt(diff / ref);
}

/** The L2 norm of each position's contribution, [positions]: where on the digit it learns most. */
export function contributionMagnitudes(c: KernelContributions): Float32Array {
  const per = c.contributions.length / c.positions;
  const out = new Float32Array(c.positions);
  for (let p = 0; p < c.positions; p++) {
    let s = 0;
    for (let i = p * per; i < (p + 1) * per; i++) s += c.contributions[i]! * c.contributions[i]!;
    out[p] = Math.sqrt(s);
  }
  return out;
}

/** Sums [..., channels] over its last axis: a [kh, kw, in] kernel slice becomes one kh x kw picture. */
export function sumLastAxis(values: Float32Array, channels: number): Float32Array {
  if (values.length % channels !== 0) {
    throw new RangeError(
      `sum over channels: ${values.length} values do not split into ${channels}`,
    );
  }
  const out = new Float32Array(values.length / channels);
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += values[i * channels + c]!;
    out[i] = s;
  }
  return out;
}
