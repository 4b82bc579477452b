/**
 * The snapshot the scene draws: the shared kernels, the dense weights and the probe digit's
 * activations, read back from the model in one `data()` call. The read-back is packed by a named
 * layout (each part's name and size), so unpacking never depends on an array's position.
 */
import * as tf from '@tensorflow/tfjs';
import type { SharingMode } from '../config/schema';
import { CONV1, CONV2, type ConvSpec, LAYER_IDS, type LayerId } from '../network';
import type { Snapshot } from '../protocol';
import { layerWeights, probeActivations } from './model';

/** One part of a packed read-back: its name and how many floats it holds. */
export interface PartLayout<K extends string> {
  readonly name: K;
  readonly size: number;
}

/**
 * Flattens named tensors into one tensor, in the order given, with the layout that unpacks it.
 * Allocates tensors: call inside `tf.tidy`.
 */
export function packParts<K extends string>(
  parts: readonly (readonly [K, tf.Tensor])[],
): { flat: tf.Tensor1D; layout: PartLayout<K>[] } {
  return {
    flat: tf.concat(parts.map(([, t]) => tf.reshape(t, [-1]))) as tf.Tensor1D,
    layout: parts.map(([name, t]) => ({ name, size: t.size })),
  };
}

/**
 * Cuts a packed read-back into its named parts. Each part is a copy: the array `data()` returns is
 * tfjs's cache, and snapshot buffers are transferred to the render thread.
 */
export function unpackParts<K extends string>(
  values: Float32Array,
  layout: readonly PartLayout<K>[],
): Map<K, Float32Array> {
  const total = layout.reduce((sum, p) => sum + p.size, 0);
  if (total !== values.length) {
    throw new Error(`snapshot: the layout holds ${total} floats, the read-back ${values.length}`);
  }
  const out = new Map<K, Float32Array>();
  let at = 0;
  for (const { name, size } of layout) {
    out.set(name, values.slice(at, (at += size)));
  }
  return out;
}

type WeightPart =
  | 'conv1Kernel'
  | 'conv1Bias'
  | 'conv2Kernel'
  | 'conv2Bias'
  | 'dense1Norms'
  | 'dense2Kernel'
  | 'dense2Bias';
type PartName = WeightPart | `activations.${LayerId}` | 'conv1Positions';

/** What a snapshot reads besides the model. */
export interface SnapshotInput {
  readonly step: number;
  readonly sharing: SharingMode;
  /** The probe digit [1, 28, 28, 1] and its label. */
  readonly probe: tf.Tensor4D;
  readonly probeLabel: number;
}

/**
 * Builds named tensors (inside `tf.tidy`), reads them all back with one `data()` call, and cuts the
 * result by name: one read-back instead of one per tensor.
 */
export async function readParts<K extends string>(
  build: () => readonly (readonly [K, tf.Tensor])[],
): Promise<Map<K, Float32Array>> {
  let layout: PartLayout<K>[] = [];
  const flat = tf.tidy(() => {
    const packed = packParts(build());
    layout = packed.layout;
    return packed.flat;
  });
  let values: Float32Array;
  try {
    values = (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
  return unpackParts(values, layout);
}

/** One part of what readParts read back; throws if it was not read. */
export function partOf<K extends string>(parts: Map<K, Float32Array>, name: K): Float32Array {
  const a = parts.get(name);
  if (!a) throw new Error(`snapshot: no part "${name}" was read back`);
  return a;
}

/** Reads the model's snapshot back with one `data()` call; frees every tensor it made. */
export async function readSnapshot(model: tf.Sequential, input: SnapshotInput): Promise<Snapshot> {
  const arrays = await readParts<PartName>(() => {
    const c1 = layerWeights(model, 'conv1');
    const c2 = layerWeights(model, 'conv2');
    const d1 = layerWeights(model, 'dense1');
    const d2 = layerWeights(model, 'output');
    const acts = probeActivations(model, input.probe);
    const k1 = centreKernel(c1, CONV1);
    const k2 = centreKernel(c2, CONV2);
    const parts: (readonly [PartName, tf.Tensor])[] = [
      ['conv1Kernel', k1.kernel],
      ['conv1Bias', k1.bias],
      ['conv2Kernel', k2.kernel],
      ['conv2Bias', k2.bias],
      ['dense1Norms', tf.norm(d1.kernel, 'euclidean', 0)],
      ['dense2Kernel', d2.kernel],
      ['dense2Bias', d2.bias],
      ...LAYER_IDS.map((id) => [`activations.${id}`, acts[id]] as const),
    ];
    // Without sharing, conv1's own kernel at every position: the mosaic of what sharing removed.
    if (input.sharing === 'none') parts.push(['conv1Positions', c1.kernel]);
    return parts;
  });
  const part = (name: PartName): Float32Array => partOf(arrays, name);
  const activations = Object.fromEntries(
    LAYER_IDS.map((id) => [id, part(`activations.${id}`)]),
  ) as Snapshot['activations'];
  return {
    step: input.step,
    sharing: input.sharing,
    conv1Kernel: part('conv1Kernel'),
    conv1Bias: part('conv1Bias'),
    conv2Kernel: part('conv2Kernel'),
    conv2Bias: part('conv2Bias'),
    dense1Norms: part('dense1Norms'),
    dense2Kernel: part('dense2Kernel'),
    dense2Bias: part('dense2Bias'),
    probeLabel: input.probeLabel,
    activations,
    conv1Positions: input.sharing === 'none' ? part('conv1Positions') : null,
  };
}

/**
 * A conv layer's kernels in the shared layout [kh, kw, in, out]. Without sharing (a locally
 * connected layer: kernel [positions, kh*kw*in, out], bias [outH, outW, out]) that is the kernel
 * at the centre position: conv2's full set is 2.2 million weights, too much to read back and send
 * every snapshot.
 */
export function centreKernel(
  w: { kernel: tf.Tensor; bias: tf.Tensor },
  spec: ConvSpec,
): { kernel: tf.Tensor; bias: tf.Tensor } {
  if (w.kernel.rank !== 3) return w;
  const k = spec.kernelSize;
  const c = Math.floor(spec.outSize / 2);
  const p = c * spec.outSize + c;
  const kSize = k * k * spec.inChannels;
  return {
    kernel: tf.slice(w.kernel, [p, 0, 0], [1, kSize, spec.filters]),
    bias: tf.slice(w.bias, [c, c, 0], [1, 1, spec.filters]),
  };
}
