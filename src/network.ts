/**
 * The seed network as plain data: layer names, shapes and parameter counts, for both sharing
 * modes. The trainer builds its tfjs model from this; the scene lays out its room from it. Neither
 * side needs the other to know what the network looks like.
 */
import type { SharingMode } from './config/schema';

export const IMAGE_SIZE = 28;
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const NUM_CLASSES = 10;

export type LayerId = 'input' | 'conv1' | 'pool1' | 'conv2' | 'pool2' | 'dense1' | 'output';
export const LAYER_IDS: readonly LayerId[] = [
  'input',
  'conv1',
  'pool1',
  'conv2',
  'pool2',
  'dense1',
  'output',
];

/**
 * The layers the room gives a station of their own, as a learner names them (each pooling layer
 * stands with its convolution). Camera presets 1 to 5 and `stationScreenRect` use these, in order.
 */
export type StationName = Extract<LayerId, 'input' | 'conv1' | 'conv2' | 'dense1' | 'output'>;
export const STATION_NAMES: readonly StationName[] = [
  'input',
  'conv1',
  'conv2',
  'dense1',
  'output',
];

/** Shape of one convolution (or its locally connected twin). */
export interface ConvSpec {
  readonly kernelSize: 3;
  readonly inChannels: number;
  readonly filters: number;
  /** Input height = width. */
  readonly inSize: number;
  /** Output height = width (valid padding, stride 1). */
  readonly outSize: number;
}

export const CONV1: ConvSpec = {
  kernelSize: 3,
  inChannels: 1,
  filters: 32,
  inSize: 28,
  outSize: 26,
};
export const CONV2: ConvSpec = {
  kernelSize: 3,
  inChannels: 32,
  filters: 64,
  inSize: 13,
  outSize: 11,
};
/** The convolutions by name: the one table of conv specs the room, panels and arithmetic read. */
export type ConvLayerId = 'conv1' | 'conv2';
export const CONV_SPECS: Readonly<Record<ConvLayerId, ConvSpec>> = { conv1: CONV1, conv2: CONV2 };

export const DENSE1_UNITS = 128;
/** pool2 output 5x5x64, flattened. */
export const FLAT_SIZE = 5 * 5 * 64;

/** Activation shapes [height, width, channels] (dense layers as [1, 1, units]). */
export const ACTIVATION_SHAPES: Readonly<Record<LayerId, readonly [number, number, number]>> = {
  input: [28, 28, 1],
  conv1: [26, 26, 32],
  pool1: [13, 13, 32],
  conv2: [11, 11, 64],
  pool2: [5, 5, 64],
  dense1: [1, 1, DENSE1_UNITS],
  output: [1, 1, NUM_CLASSES],
};

export function activationSize(id: LayerId): number {
  const [h, w, c] = ACTIVATION_SHAPES[id];
  return h * w * c;
}

/** Weights in one kernel of a conv layer (kh * kw * in), without its bias. */
export function kernelWeights(spec: ConvSpec): number {
  return spec.kernelSize * spec.kernelSize * spec.inChannels;
}

/** How many output positions reuse each shared kernel: the layer's sharing figure. */
export function positions(spec: ConvSpec): number {
  return spec.outSize * spec.outSize;
}

/** Parameters of a conv layer in a mode: shared, or one kernel per position. */
export function convParams(spec: ConvSpec, sharing: SharingMode): number {
  const shared = (kernelWeights(spec) + 1) * spec.filters;
  return sharing === 'conv' ? shared : shared * positions(spec);
}

export interface LayerParams {
  readonly id: 'conv1' | 'conv2' | 'dense1' | 'output';
  readonly params: number;
}

/** Parameter counts per trainable layer, in order, for a sharing mode. */
export function parameterCounts(sharing: SharingMode): readonly LayerParams[] {
  return [
    { id: 'conv1', params: convParams(CONV1, sharing) },
    { id: 'conv2', params: convParams(CONV2, sharing) },
    { id: 'dense1', params: FLAT_SIZE * DENSE1_UNITS + DENSE1_UNITS },
    { id: 'output', params: DENSE1_UNITS * NUM_CLASSES + NUM_CLASSES },
  ];
}

export function totalParameters(sharing: SharingMode): number {
  return parameterCounts(sharing).reduce((sum, l) => sum + l.params, 0);
}

/**
 * Bytes a mode needs on the device to train with Adam: weights, gradients and two moments,
 * float32. Activations are small beside this at the batch sizes the config allows.
 */
export function trainingBytesEstimate(sharing: SharingMode): number {
  return totalParameters(sharing) * 4 * 4;
}
