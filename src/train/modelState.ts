/**
 * Between a live model + Adam and a plain `Checkpoint`: capture reads every weight and moment
 * back with `await data()` (copied), restore writes them into the model and optimizer.
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import type { Checkpoint, SavedTensor } from './checkpoint';

/** Canonical names and shapes of the model's weights, in model order ("conv1/kernel"...). */
export function weightSpecs(model: tf.LayersModel): { name: string; shape: number[] }[] {
  return model.weights.map((w) => ({ name: w.originalName, shape: [...w.shape] as number[] }));
}

async function readAll(tensors: readonly tf.Tensor[]): Promise<Float32Array[]> {
  // One read-back for all of them: concatenated on the device, then copied out in slices.
  if (tensors.length === 0) return [];
  const flat = tf.tidy(() =>
    tf.concat(tensors.map((t) => tf.reshape(tf.cast(t, 'float32'), [-1]))),
  );
  const values = await flat.data<'float32'>();
  flat.dispose();
  const out: Float32Array[] = [];
  let at = 0;
  for (const t of tensors) {
    out.push(values.slice(at, at + t.size));
    at += t.size;
  }
  return out;
}

export async function captureCheckpoint(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  meta: { key: string; step: number; trainingMs: number; config: Config },
): Promise<Checkpoint> {
  const specs = weightSpecs(model);
  const weightTensors = model.weights.map((w) => w.read());
  const named = await optimizer.getWeights();
  const [iter, ...moments] = named;
  if (!iter || iter.name !== 'iter') throw new Error('optimizer weights do not start with iter');
  const n = specs.length;
  if (moments.length !== 0 && moments.length !== 2 * n) {
    throw new Error(`optimizer has ${moments.length} moments for ${n} weights`);
  }
  try {
    const [iterValue] = await readAll([iter.tensor]);
    const values = await readAll([...weightTensors, ...moments.map((m) => m.tensor)]);
    const weights: SavedTensor[] = specs.map((s, i) => ({ ...s, values: values[i]! }));
    const optimizerMoments: SavedTensor[] = moments.map((m, i) => ({
      name: `${specs[i % n]!.name}/${i < n ? 'm' : 'v'}`,
      shape: [...m.tensor.shape],
      values: values[n + i]!,
    }));
    return { ...meta, weights, optimizerIterations: iterValue![0]!, optimizerMoments };
  } finally {
    // getWeights() makes a fresh scalar for the step count; the moments are Adam's own.
    iter.tensor.dispose();
  }
}

/** Writes a checkpoint (already checked with checkCompatible) into the model and optimizer. */
export async function restoreCheckpoint(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  c: Checkpoint,
): Promise<void> {
  const weights = c.weights.map((w) => tf.tensor(w.values, [...w.shape]));
  model.setWeights(weights);
  tf.dispose(weights);
  const iter = tf.scalar(c.optimizerIterations, 'int32');
  const moments = c.optimizerMoments.map((m) => tf.tensor(m.values, [...m.shape]));
  // setWeights makes variables of these (sharing their data), so ours can be freed after.
  await optimizer.setWeights([
    { name: 'iter', tensor: iter },
    ...moments.map((tensor, i) => ({ name: c.optimizerMoments[i]!.name, tensor })),
  ]);
  iter.dispose();
  tf.dispose(moments);
}
