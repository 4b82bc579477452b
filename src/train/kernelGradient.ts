/**
 * What the contributions of src/train/kernelContributions.ts are made of, computed by tfjs for
 * one digit: a conv layer's input and the gradient of the loss with respect to the layer's
 * pre-activation, plus the weight gradient tfjs itself computes for the layer's kernel, to check
 * the sum of the contributions against.
 *
 * The pre-activation is never materialised: both layer kinds end in relu, whose derivative is
 * step(z) = (z > 0), and z > 0 exactly where relu(z) > 0. So dL/dz = dL/d(output) * (output > 0),
 * the same product tfjs's own relu (and fused conv2d + relu) gradient forms. This works for a
 * Conv2D and a LocallyConnected2D alike, without reimplementing either layer.
 */
import * as tf from '@tensorflow/tfjs';
import { sparseCrossEntropy } from './model';

export type ConvLayerName = 'conv1' | 'conv2';

export interface KernelGradientParts {
  /** The layer's input for the digit, [1, H, W, C]. */
  readonly input: tf.Tensor4D;
  /** dL/d(pre-activation), [1, outH, outW, filters]. */
  readonly preActivationGradient: tf.Tensor4D;
  /**
   * dL/d(kernel) as tfjs computes it (tf.variableGrads): [kh, kw, in, filters] for a Conv2D,
   * [positions, kh*kw*in, filters] for a LocallyConnected2D.
   */
  readonly kernelGradient: tf.Tensor;
  /** The loss of the digit. */
  readonly loss: tf.Scalar;
}

/** The kernel variable of a conv (or locally connected) layer: its first trainable weight. */
export function kernelVariable(model: tf.LayersModel, layer: ConvLayerName): tf.Variable {
  const weight = model.getLayer(layer).trainableWeights[0];
  if (!weight) throw new Error(`layer ${layer} has no kernel`);
  return weight.read() as tf.Variable;
}

/**
 * The parts of `layer`'s kernel gradient for one digit xs [1, 28, 28, 1] with label [1]. The
 * caller owns (and disposes) the returned tensors. Nothing is updated: no optimizer runs.
 */
export function kernelGradientParts(
  model: tf.LayersModel,
  layer: ConvLayerName,
  xs: tf.Tensor4D,
  label: tf.Tensor1D,
): KernelGradientParts {
  const index = model.layers.findIndex((l) => l.name === layer);
  if (index < 0) throw new Error(`the model has no layer "${layer}"`);
  const target = model.layers[index]!;
  const after = model.layers.slice(index + 1);
  return tf.tidy(() => {
    let input: tf.Tensor = xs;
    for (const l of model.layers.slice(0, index)) input = l.apply(input) as tf.Tensor;
    const output = target.apply(input) as tf.Tensor;
    const lossFromOutput = (out: tf.Tensor): tf.Scalar => {
      let h = out;
      for (const l of after) h = l.apply(h) as tf.Tensor;
      return sparseCrossEntropy(h as tf.Tensor2D, label);
    };
    const { value: loss, grad: outputGradient } = tf.valueAndGrad(lossFromOutput)(output);
    const preActivationGradient = tf.mul(
      outputGradient,
      tf.cast(tf.greater(output, 0), 'float32'),
    ) as tf.Tensor4D;
    const kernel = kernelVariable(model, layer);
    const { grads } = tf.variableGrads(
      () => sparseCrossEntropy(model.apply(xs) as tf.Tensor2D, label),
      [kernel],
    );
    const kernelGradient = grads[kernel.name];
    if (!kernelGradient) throw new Error(`tfjs gave no gradient for ${layer}'s kernel`);
    return {
      input: input as tf.Tensor4D,
      preActivationGradient,
      kernelGradient,
      loss,
    };
  });
}
