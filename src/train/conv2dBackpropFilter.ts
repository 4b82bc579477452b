/**
 * A Conv2DBackpropFilter kernel composed from a backend's own Transpose, PadV2, Conv2D and Slice
 * kernels. tfjs-backend-wasm 4.22 has no such kernel, so without it no convolution trains on wasm.
 *
 * The filter gradient is itself a convolution, with the batch and channel axes swapped:
 *
 *   dW[ky, kx, c, f] = sum over b, y, x of  xPadded[b, y*sh + ky, x*sw + kx, c] * dy[b, y, x, f]
 *
 * Read xPadded transposed to [c, H, W, b] as a batch of c single images with b channels, and dy
 * transposed to [outH, outW, b, f] as a filter: a stride-1 conv2d with dilation (sh, sw) gives
 * [c, >= kh, >= kw, f]; cut to [c, kh, kw, f] and transpose to [kh, kw, c, f].
 */
import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];

function kernelOf(name: string, backendName: string): tf.KernelFunc {
  const k = tf.getKernel(name, backendName);
  if (!k)
    throw new Error(`backend ${backendName} has no ${name} kernel to build a filter gradient`);
  return k.kernelFunc;
}

function makeConv2DBackpropFilter(backendName: string): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as tf.KernelBackend;
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (attrs.dataFormat !== 'NHWC') {
      throw new Error(`Conv2DBackpropFilter on ${backendName}: only NHWC, got ${attrs.dataFormat}`);
    }
    const run = (name: string, inputs: Record<string, tf.TensorInfo>, a: object) =>
      kernelOf(
        name,
        backendName,
      )({
        inputs,
        backend,
        attrs: a as KernelArgs['attrs'],
      }) as tf.TensorInfo;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const [kh, kw, inC, outC] = attrs.filterShape;
    const temps: tf.TensorInfo[] = [];
    const temp = (t: tf.TensorInfo) => (temps.push(t), t);
    try {
      let xs = temp(run('Transpose', { x }, { perm: [3, 1, 2, 0] }));
      const { top, bottom, left, right } = info.padInfo;
      if (top || bottom || left || right) {
        xs = temp(
          run(
            'PadV2',
            { x: xs },
            {
              paddings: [
                [0, 0],
                [top, bottom],
                [left, right],
                [0, 0],
              ],
              constantValue: 0,
            },
          ),
        );
      }
      const dys = temp(run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }));
      let grad = temp(
        run(
          'Conv2D',
          { x: xs, filter: dys },
          {
            strides: [1, 1],
            pad: 'valid',
            dataFormat: 'NHWC',
            dilations: [info.strideHeight, info.strideWidth],
            dimRoundingMode: undefined,
          },
        ),
      );
      if (grad.shape[1] !== kh || grad.shape[2] !== kw) {
        grad = temp(run('Slice', { x: grad }, { begin: [0, 0, 0, 0], size: [inC, kh, kw, outC] }));
      }
      return run('Transpose', { x: grad }, { perm: [1, 2, 0, 3] });
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}

/** Registers the composed kernel for a backend unless that backend already has one. */
export function registerConv2DBackpropFilter(backendName: string): void {
  if (tf.getKernel(tf.Conv2DBackpropFilter, backendName)) return;
  tf.registerKernel({
    kernelName: tf.Conv2DBackpropFilter,
    backendName,
    kernelFunc: makeConv2DBackpropFilter(backendName),
  });
}
