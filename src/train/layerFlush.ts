/**
 * `?webglFlush=layer`: an explicit flush of the WebGL command queue after each layer of the
 * training step, forward and backward, so the GPU process can interleave the render thread's
 * frames between layers instead of receiving a whole step at once. The backend sets the flush
 * (backend.ts, WebGL only); the step (model.ts) calls it through a flush point, an identity whose
 * forward and gradient both flush. Unset, the step runs as one `model.apply`.
 */
import * as tf from '@tensorflow/tfjs';

let flushFn: (() => void) | null = null;

/** Sets (or clears, with null) the flush the training step calls between layers. */
export function setLayerFlush(flush: (() => void) | null): void {
  flushFn = flush;
}

export function layerFlush(): (() => void) | null {
  return flushFn;
}

/**
 * An identity that calls `flush` when the forward pass reaches it (the layers before it are
 * issued) and again when the backward pass does (the gradients of the layers after it are).
 */
export function flushPoint(flush: () => void): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor;
    flush();
    return {
      value: tf.clone(x),
      gradFunc: (dy: tf.Tensor) => {
        flush();
        return dy;
      },
    };
  }) as (x: tf.Tensor) => tf.Tensor;
}
