/**
 * A faster Conv2DBackpropInput for tfjs-backend-wasm 4.22, whose own kernel is a plain loop (about
 * 7x slower than its XNNPACK Conv2D on conv2's shape here, a fifth of a training step). For
 * stride 1 the input gradient is a convolution of the padded output gradient with the kernel
 * turned half-way round and its channels swapped:
 *
 *   dx[b, i, j, c] = sum over ky, kx, f of dy[b, i + top - ky, j + left - kx, f] * W[ky, kx, c, f]
 *                  = conv2d(pad(dy, kh-1-top, kh-1-bottom, kw-1-left, kw-1-right), W')[b, i, j, c]
 *   with W'[ky, kx, f, c] = W[kh-1-ky, kw-1-kx, c, f].
 *
 * Other strides and layouts keep the backend's own kernel.
 */
import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** Replaces the backend's Conv2DBackpropInput with the composed one (once). */
export function registerFastConv2DBackpropInput(backendName: string): void {
  const original = tf.getKernel(tf.Conv2DBackpropInput, backendName);
  if (!original || (original.kernelFunc as { composed?: true }).composed) return;
  const fallback = original.kernelFunc;
  const kernelOf = (name: string): tf.KernelFunc => {
    const k = tf.getKernel(name, backendName);
    if (!k) throw new Error(`backend ${backendName} has no ${name} kernel`);
    return k.kernelFunc;
  };
  const composed = (args: KernelArgs) => {
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const { top, bottom, left, right } = info.padInfo;
    const kh = info.filterHeight;
    const kw = info.filterWidth;
    const pads = [kh - 1 - top, kh - 1 - bottom, kw - 1 - left, kw - 1 - right];
    if (
      attrs.dataFormat !== 'NHWC' ||
      info.strideHeight !== 1 ||
      info.strideWidth !== 1 ||
      pads.some((p) => p < 0)
    ) {
      return fallback(args);
    }
    const backend = args.backend as tf.KernelBackend;
    const run = (name: string, inputs: Record<string, tf.TensorInfo>, a: object) =>
      kernelOf(name)({ inputs, backend, attrs: a as KernelArgs['attrs'] }) as tf.TensorInfo;
    const temps: tf.TensorInfo[] = [];
    const temp = (t: tf.TensorInfo) => (temps.push(t), t);
    try {
      let padded = dy;
      if (pads.some((p) => p > 0)) {
        padded = temp(
          run(
            'PadV2',
            { x: dy },
            {
              paddings: [
                [0, 0],
                [pads[0], pads[1]],
                [pads[2], pads[3]],
                [0, 0],
              ],
              constantValue: 0,
            },
          ),
        );
      }
      const flipped = temp(run('Reverse', { x: filter }, { dims: [0, 1] }));
      const swapped = temp(run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] }));
      return run(
        'Conv2D',
        { x: padded, filter: swapped },
        {
          strides: [1, 1],
          pad: 'valid',
          dataFormat: 'NHWC',
          dilations: [1, 1],
          dimRoundingMode: undefined,
        },
      );
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
  (composed as { composed?: true }).composed = true;
  tf.unregisterKernel(tf.Conv2DBackpropInput, backendName);
  tf.registerKernel({
    kernelName: tf.Conv2DBackpropInput,
    backendName,
    kernelFunc: composed as tf.KernelFunc,
    ...(original.setupFunc ? { setupFunc: original.setupFunc } : {}),
  });
}
