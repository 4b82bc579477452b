/**
 * The seed CNN in tfjs, built from the plain description in src/network.ts, and the few tensor
 * functions the trainer runs on it: one Adam step, the probe's activations, a chunk of
 * evaluation. Nothing here knows which backend runs it, so it trains in Node tests (wasm) as in
 * the worker (WebGL).
 */
import * as tf from '@tensorflow/tfjs';
import type { SharingMode } from '../config/schema';
import {
  CONV1,
  CONV2,
  DENSE1_UNITS,
  IMAGE_SIZE,
  LAYER_IDS,
  NUM_CLASSES,
  type LayerId,
} from '../network';
import { mulberry32 } from '../data/random';
import { flushPoint, layerFlush } from './layerFlush';
import { locallyConnected2d } from './locallyConnected';

/** Layer names in order; activations are reported for those that are also LayerIds. */
export const MODEL_LAYER_NAMES = [
  'conv1',
  'pool1',
  'conv2',
  'pool2',
  'flatten',
  'dense1',
  'output',
] as const;

/** Keras's clip for log(p): keeps the loss finite when a probability underflows to 0. */
const LOG_EPSILON = 1e-7;

/**
 * Seeds for the initialisers of each trainable layer, derived from the run's seed: one seed
 * reproduces every layer, and layers do not share a random stream.
 */
export function layerSeeds(seed: number): {
  conv1: number;
  conv2: number;
  dense1: number;
  output: number;
} {
  const rng = mulberry32((seed ^ 0x1a7e5eed) >>> 0);
  const next = () => Math.floor(rng() * 2 ** 31);
  return { conv1: next(), conv2: next(), dense1: next(), output: next() };
}

/** The seed network: conv (or locally connected) -> pool -> conv -> pool -> dense -> softmax. */
export function buildModel(sharing: SharingMode, seed: number): tf.Sequential {
  const s = layerSeeds(seed);
  const inputShape: [number, number, number] = [IMAGE_SIZE, IMAGE_SIZE, 1];
  const conv = (name: 'conv1' | 'conv2', filters: number, layerSeed: number, first: boolean) =>
    sharing === 'conv'
      ? tf.layers.conv2d({
          name,
          filters,
          kernelSize: CONV1.kernelSize,
          activation: 'relu',
          padding: 'valid',
          kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed }),
          biasInitializer: 'zeros',
          ...(first ? { inputShape } : {}),
        })
      : locallyConnected2d({
          name,
          filters,
          kernelSize: CONV1.kernelSize,
          activation: 'relu',
          seed: layerSeed,
          ...(first ? { inputShape } : {}),
        });
  const model = tf.sequential({
    layers: [
      conv('conv1', CONV1.filters, s.conv1, true),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2, strides: 2 }),
      conv('conv2', CONV2.filters, s.conv2, false),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2, strides: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({
        name: 'dense1',
        units: DENSE1_UNITS,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: s.dense1 }),
        biasInitializer: 'zeros',
      }),
      tf.layers.dense({
        name: 'output',
        units: NUM_CLASSES,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: s.output }),
        biasInitializer: 'zeros',
      }),
    ],
  });
  return model;
}

/** The trainable tf.Variables, in layer order (kernel, bias per layer): the optimizer's list. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** A trainable layer's kernel and bias variables. */
export function layerWeights(
  model: tf.LayersModel,
  name: 'conv1' | 'conv2' | 'dense1' | 'output',
): { kernel: tf.Tensor; bias: tf.Tensor } {
  const [kernel, bias] = model.getLayer(name).getWeights();
  if (!kernel || !bias) throw new Error(`layer ${name} has no kernel and bias`);
  return { kernel, bias };
}

export function createOptimizer(lr: number): tf.AdamOptimizer {
  return tf.train.adam(lr);
}

/** Changes Adam's learning rate in place; its moments and step count carry on. */
export function setLearningRate(optimizer: tf.AdamOptimizer, lr: number): void {
  // tfjs declares the field protected but reads it afresh in every applyGradients.
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}

/** Sparse categorical cross-entropy: mean of -log p[label] over the batch. */
export function sparseCrossEntropy(probs: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const picked = tf.sum(tf.mul(probs, tf.oneHot(labels, NUM_CLASSES)), -1);
    return tf.neg(
      tf.mean(tf.log(tf.clipByValue(picked, LOG_EPSILON, 1 - LOG_EPSILON))),
    ) as tf.Scalar;
  });
}

function correct(probs: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.cast(tf.equal(tf.argMax(probs, -1), labels), 'float32') as tf.Tensor1D;
}

/**
 * One Adam step on a batch. Returns [loss, batchAccuracy] as one tensor, so the caller reads both
 * back with a single `await data()`. Everything else the step creates is freed here.
 */
export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  xs: tf.Tensor4D,
  labels: tf.Tensor1D,
): tf.Tensor1D {
  const flush = layerFlush();
  const between = flush && flushPoint(flush);
  return tf.tidy(() => {
    let accuracy: tf.Scalar | null = null;
    const loss = optimizer.minimize(
      () => {
        // ?webglFlush=layer: layer by layer, a flush point after each (layerFlush.ts).
        const probs = (
          between
            ? model.layers.reduce<tf.Tensor>(
                (h, layer) => between(layer.apply(h, { training: true }) as tf.Tensor),
                xs,
              )
            : model.apply(xs, { training: true })
        ) as tf.Tensor2D;
        // keep(): the gradient scope would free it; it is disposed right after the stack below.
        accuracy = tf.keep(tf.mean(correct(probs, labels)) as tf.Scalar);
        return sparseCrossEntropy(probs, labels);
      },
      true,
      variables,
    );
    if (!loss || !accuracy) throw new Error('the training step produced no loss');
    const kept: tf.Scalar = accuracy;
    const stats = tf.stack([loss, kept]) as tf.Tensor1D;
    kept.dispose();
    return stats;
  });
}

/**
 * Forward and backward pass without updating anything: compiles the step's shaders (WebGL) or
 * warms caches. Returns the loss so the caller can wait for the queue to drain with data().
 */
export function warmUpPass(
  model: tf.LayersModel,
  variables: tf.Variable[],
  xs: tf.Tensor4D,
  labels: tf.Tensor1D,
): tf.Scalar {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => sparseCrossEntropy(model.apply(xs, { training: true }) as tf.Tensor2D, labels),
      variables,
    );
    // Touch every gradient so the backward programs run; sum to one number to read back.
    const total = tf.addN([value, ...Object.values(grads).map((g) => tf.mul(tf.sum(g), 0))]);
    return total as tf.Scalar;
  });
}

/**
 * The activations of one digit (xs: [1, 28, 28, 1]) at every layer of network.ts, each flattened
 * in [h, w, c] order.
 */
export function probeActivations(
  model: tf.LayersModel,
  xs: tf.Tensor4D,
): Record<LayerId, tf.Tensor1D> {
  return tf.tidy(() => {
    const out: Partial<Record<LayerId, tf.Tensor1D>> = { input: tf.reshape(xs, [-1]) };
    let h: tf.Tensor = xs;
    for (const layer of model.layers) {
      h = layer.apply(h) as tf.Tensor;
      if ((LAYER_IDS as readonly string[]).includes(layer.name)) {
        out[layer.name as LayerId] = tf.reshape(h, [-1]);
      }
    }
    for (const id of LAYER_IDS) {
      if (!out[id]) throw new Error(`the model has no layer "${id}" to probe`);
    }
    return out as Record<LayerId, tf.Tensor1D>;
  });
}
