/**
 * LocallyConnected2D: a convolution without weight sharing. Every output position has its own
 * kernel, so the layer is the "sharing: none" twin of a Conv2D (valid padding, stride 1, square
 * kernel). tfjs 4.22 has no such layer; this one is built only from differentiable ops with WebGL,
 * WASM and CPU kernels, so it trains on the GPU like any other layer:
 *
 *   input [B, H, W, C]
 *   -> patches, ordered [P, B, K]          (P = outH * outW, K = kh * kw * C; see extractPatches)
 *   -> batched matMul with the kernel [P, K, F]  ->  [P, B, F]
 *   -> transpose [B, P, F] -> reshape [B, outH, outW, F]
 *   -> + bias [outH, outW, F] -> activation
 *
 * Weight layout (the scene reads it from snapshots, see `Snapshot` in src/protocol.ts):
 *   kernel [P, K, F], position p = y * outW + x, K index = (ky * kw + kx) * C + c, which is a
 *   tfjs conv2d kernel [kh, kw, C, F] flattened to [K, F] per position;
 *   bias [outH, outW, F].
 */
import * as tf from '@tensorflow/tfjs';

export type LocallyConnectedActivation = 'relu' | 'linear';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Kwargs = Parameters<tf.layers.Layer['call']>[1];
type Shape = (number | null)[];

export interface LocallyConnected2DArgs extends LayerArgs {
  /** Output channels per position. */
  filters: number;
  /** Height = width of each kernel. */
  kernelSize: number;
  activation: LocallyConnectedActivation;
  /** Seed of the kernel initialiser: the same seed builds the same weights. */
  seed: number;
}

function isPositiveInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

/**
 * How patches are cut out of the input. Both give bit-identical patches and gradients (they only
 * copy values); they differ in cost. Measured for conv2 (batch 32, [13,13,32] -> [11,11,64]),
 * forward + backward of the whole layer, headless Chromium on SwiftShader, 2 busy cores:
 *  - 'depthwise': depthwiseConv2d with a one-hot [k, k, C, k*k] filter, then one transpose that
 *    also reorders channels. Two programs forward and back, ~10 MFLOP of copying: WebGL ~2-3 s,
 *    versus 3-6 s for a dense one-hot conv2d [k, k, C, K] (~640 MMAC forward + backward).
 *    tfjs-backend-wasm 4.22 has no DepthwiseConv2dNativeBackpropInput kernel, so not there.
 *  - 'slices': k*k slices concatenated. ~30 small programs forward + backward; on WASM
 *    ~0.6 s versus ~1.2 s for the dense one-hot conv2d.
 */
export type PatchMethod = 'depthwise' | 'slices';

/** The method for the active backend: depthwise wherever its input gradient has a kernel. */
export function patchMethodForBackend(backend: string): PatchMethod {
  return tf.getKernel(tf.DepthwiseConv2dNativeBackpropInput, backend) !== undefined
    ? 'depthwise'
    : 'slices';
}

/**
 * The one-hot depthwise filter [k, k, C, k*k]: output channel c * k*k + (ky * k + kx) copies
 * input channel c at offset (ky, kx).
 */
export function depthwisePatchFilter(kernelSize: number, channels: number): tf.Tensor4D {
  const k = kernelSize;
  const kk = k * k;
  const values = new Float32Array(kk * channels * kk);
  for (let ky = 0; ky < k; ky++) {
    for (let kx = 0; kx < k; kx++) {
      for (let c = 0; c < channels; c++)
        values[((ky * k + kx) * channels + c) * kk + ky * k + kx] = 1;
    }
  }
  return tf.tensor4d(values, [k, k, channels, kk]);
}

/**
 * The valid-padding, stride-1 patches of x [B, H, W, C] as [P, B, K], P = outH * outW row-major,
 * K index = (ky * k + kx) * C + c. `filter` is `depthwisePatchFilter(k, C)`, needed by 'depthwise'.
 */
export function extractPatches(
  x: tf.Tensor4D,
  kernelSize: number,
  method: PatchMethod,
  filter?: tf.Tensor4D,
): tf.Tensor3D {
  return tf.tidy((): tf.Tensor3D => {
    const [batch, h, w, channels] = x.shape;
    const k = kernelSize;
    const [outH, outW] = [h - k + 1, w - k + 1];
    const positions = outH * outW;
    const depth = k * k * channels;
    if (method === 'depthwise') {
      if (filter === undefined) throw new Error('extractPatches: depthwise needs its filter');
      // Channel order out of depthwiseConv2d is c * k*k + offset; the transpose that moves
      // positions first also swaps it to offset * C + c.
      const copied = tf.depthwiseConv2d(x, filter, 1, 'valid');
      const split = tf.reshape(copied, [batch, positions, channels, k * k]);
      return tf.reshape(tf.transpose(split, [1, 0, 3, 2]), [
        positions,
        batch,
        depth,
      ]) as tf.Tensor3D;
    }
    const parts: tf.Tensor4D[] = [];
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++)
        parts.push(tf.slice(x, [0, ky, kx, 0], [batch, outH, outW, channels]));
    }
    const patches = tf.reshape(tf.concat(parts, 3), [batch, positions, depth]);
    return tf.transpose(patches, [1, 0, 2]) as tf.Tensor3D;
  });
}

export class LocallyConnected2D extends tf.layers.Layer {
  static className = 'LocallyConnected2D';

  readonly filters: number;
  readonly kernelSize: number;
  readonly activation: LocallyConnectedActivation;
  readonly seed: number;

  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  /** The fixed one-hot depthwise patch filter; not a weight, owned (and disposed) by this layer. */
  private patchFilter: tf.Tensor4D | null = null;
  private outH = 0;
  private outW = 0;

  constructor(args: LocallyConnected2DArgs) {
    super(args);
    if (!isPositiveInt(args.filters))
      throw new Error(`LocallyConnected2D: bad filters ${args.filters}`);
    if (!isPositiveInt(args.kernelSize)) {
      throw new Error(`LocallyConnected2D: bad kernelSize ${args.kernelSize}`);
    }
    if (args.activation !== 'relu' && args.activation !== 'linear') {
      throw new Error(`LocallyConnected2D: bad activation ${String(args.activation)}`);
    }
    if (typeof args.seed !== 'number' || !Number.isFinite(args.seed)) {
      throw new Error(`LocallyConnected2D: bad seed ${String(args.seed)}`);
    }
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.activation = args.activation;
    this.seed = args.seed;
  }

  /** [outH, outW, inChannels] for an input shape [batch, H, W, C]; throws on a shape it cannot take. */
  private geometry(inputShape: Shape | Shape[]): [number, number, number] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    if (Array.isArray(inputShape[0]) && inputShape.length !== 1) {
      throw new Error(`LocallyConnected2D expects one input, got ${inputShape.length}`);
    }
    if (shape.length !== 4) {
      throw new Error(`LocallyConnected2D expects [batch, h, w, c], got [${shape.join(', ')}]`);
    }
    const [, h, w, c] = shape;
    if (!isPositiveInt(h) || !isPositiveInt(w) || !isPositiveInt(c)) {
      throw new Error(`LocallyConnected2D needs known h, w, c, got [${shape.join(', ')}]`);
    }
    const outH = h - this.kernelSize + 1;
    const outW = w - this.kernelSize + 1;
    if (outH < 1 || outW < 1) {
      throw new Error(`LocallyConnected2D: kernel ${this.kernelSize} does not fit ${h}x${w}`);
    }
    return [outH, outW, c];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const [outH, outW] = this.geometry(inputShape);
    return [shape[0] ?? null, outH, outW, this.filters];
  }

  override build(inputShape: Shape | Shape[]): void {
    const [outH, outW, c] = this.geometry(inputShape);
    this.outH = outH;
    this.outW = outW;
    const k = this.kernelSize;
    const depth = k * k * c;
    // glorotUniform as the Conv2D twin computes it for its [k, k, c, filters] kernel
    // (fanIn = k*k*c, fanOut = k*k*filters), applied to every position's kernel. tfjs's own
    // glorotUniform on the 3-D [P, K, F] shape would count P into both fans (as Keras's
    // LocallyConnected2D does) and start the unshared layer sqrt(P) times smaller than the
    // shared one, which would make the sharing comparison unfair from step 0.
    const limit = Math.sqrt(6 / (depth + k * k * this.filters));
    this.kernel = this.addWeight(
      'kernel',
      [outH * outW, depth, this.filters],
      'float32',
      tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed: this.seed }),
    );
    this.bias = this.addWeight(
      'bias',
      [outH, outW, this.filters],
      'float32',
      tf.initializers.zeros(),
    );
    this.patchFilter?.dispose();
    // keep(): build() may run inside a tidy (a lazy first call), and this tensor lives with the layer.
    this.patchFilter = tf.keep(depthwisePatchFilter(k, c));
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      if (this.kernel === null || this.bias === null || this.patchFilter === null) {
        throw new Error(`LocallyConnected2D ${this.name} called before build`);
      }
      const method = patchMethodForBackend(tf.getBackend());
      const patches = extractPatches(x, this.kernelSize, method, this.patchFilter);
      const perPosition = tf.matMul(patches, this.kernel.read() as tf.Tensor3D);
      const out = tf.reshape(tf.transpose(perPosition, [1, 0, 2]), [
        x.shape[0],
        this.outH,
        this.outW,
        this.filters,
      ]);
      const biased = tf.add(out, this.bias.read());
      return this.activation === 'relu' ? tf.relu(biased) : biased;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      activation: this.activation,
      seed: this.seed,
    };
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0) {
      this.patchFilter?.dispose();
      this.patchFilter = null;
    }
    return result;
  }
}

tf.serialization.registerClass(LocallyConnected2D);

/** The unshared twin of `tf.layers.conv2d({filters, kernelSize, activation})`, valid padding, stride 1. */
export function locallyConnected2d(args: {
  filters: number;
  kernelSize: number;
  activation: LocallyConnectedActivation;
  seed: number;
  name: string;
  inputShape?: [number, number, number];
}): tf.layers.Layer {
  const { inputShape, ...rest } = args;
  return new LocallyConnected2D(inputShape === undefined ? rest : { ...rest, inputShape });
}
