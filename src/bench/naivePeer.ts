/**
 * The benchmark's naive peer: what a straightforward app would do. It trains the same seed CNN on
 * the same digits with plain `model.fit` on the MAIN thread (default `yieldEvery: 'auto'`, which
 * yields through requestAnimationFrame), while the same scene renders. The benchmark compares its
 * frames with the worker-plus-governor design (scripts/bench/, `?mode=naive`).
 *
 * It is deliberately separate from src/train (it must not share the product's trainer) and is
 * loaded only by dynamic import, so tfjs never enters the render thread's bundle in app mode.
 * The model is the seed network of src/network.ts with shared convolutions (it ignores `sharing`).
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import { loadMnist } from '../data/mnistFormat';
import { stratifiedSplit } from '../data/split';
import { CONV1, CONV2, DENSE1_UNITS, IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../network';
import type { BackendInfo } from '../protocol';
import type { StatusStore } from '../status';

/** Progress after each batch. */
export interface NaiveProgress {
  /** Batches trained since the start. */
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly batchAccuracy: number;
  /** Over the last few seconds of batches. */
  readonly stepsPerSecond: number;
  /** Wall time since the first batch began, ms. */
  readonly trainingMs: number;
}

export interface NaivePeerOptions {
  /** Stops training at the end of the current batch. */
  readonly signal?: AbortSignal;
  readonly onBatch?: (p: NaiveProgress) => void;
  /** The backend started, before the first batch. */
  readonly onBackend?: (b: BackendInfo) => void;
  /** Epochs to run at most (default: until stopped). */
  readonly maxEpochs?: number;
}

export interface NaiveResult {
  readonly steps: number;
  readonly trainingMs: number;
  readonly backend: BackendInfo;
}

/** Batch-end times kept for the rate (the last few seconds at any realistic rate). */
const RATE_WINDOW_MS = 5000;

/**
 * Trains until `options.signal` aborts or `maxEpochs` pass. `onEpoch` runs after each epoch of
 * the 9,000 training digits. Resolves with what was done; rejects if the backend cannot start.
 */
export async function runNaivePeer(
  config: Config,
  dataUrl: string,
  onEpoch?: (epoch: number, loss: number) => void,
  options: NaivePeerOptions = {},
): Promise<NaiveResult> {
  const tf = await import('@tensorflow/tfjs');
  const backend = await startBackend(tf, config.backend);
  options.onBackend?.(backend);

  const data = await loadMnist(dataUrl);
  const split = stratifiedSplit(data.labels, config.seed);
  const n = split.train.length;
  const pixels = new Float32Array(n * IMAGE_PIXELS);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const d = split.train[i]!;
    for (let p = 0; p < IMAGE_PIXELS; p++) {
      pixels[i * IMAGE_PIXELS + p] = data.pixels[d * IMAGE_PIXELS + p]! / 255;
    }
    labels[i] = data.labels[d]!;
  }
  const xs = tf.tensor4d(pixels, [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
  const labelTensor = tf.tensor1d(labels, 'int32');
  const ys = tf.oneHot(labelTensor, NUM_CLASSES);
  labelTensor.dispose();

  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1],
        filters: CONV1.filters,
        kernelSize: CONV1.kernelSize,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed }),
      }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.conv2d({
        filters: CONV2.filters,
        kernelSize: CONV2.kernelSize,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed + 1 }),
      }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: DENSE1_UNITS,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed + 2 }),
      }),
      tf.layers.dense({
        units: NUM_CLASSES,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed + 3 }),
      }),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(config.lr),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });

  let step = 0;
  let epoch = 0;
  let firstBatchAt: number | null = null;
  const batchEnds: number[] = [];
  const stop = () => {
    model.stopTraining = true;
  };
  options.signal?.addEventListener('abort', stop);
  try {
    if (!options.signal?.aborted) {
      await model.fit(xs, ys, {
        batchSize: config.batch,
        epochs: options.maxEpochs ?? 1_000_000,
        shuffle: true,
        // yieldEvery left at its default ('auto'): the naive peer is the default behaviour.
        callbacks: {
          onBatchBegin: () => {
            firstBatchAt ??= performance.now();
          },
          onBatchEnd: (_batch, logs) => {
            const now = performance.now();
            step++;
            batchEnds.push(now);
            while (batchEnds.length > 2 && now - batchEnds[0]! > RATE_WINDOW_MS) batchEnds.shift();
            const span = now - batchEnds[0]!;
            options.onBatch?.({
              step,
              epoch,
              loss: logs?.loss ?? NaN,
              batchAccuracy: logs?.acc ?? NaN,
              stepsPerSecond:
                batchEnds.length > 1 && span > 0 ? ((batchEnds.length - 1) * 1000) / span : 0,
              trainingMs: now - (firstBatchAt ?? now),
            });
          },
          onEpochEnd: (_e, logs) => {
            epoch++;
            onEpoch?.(epoch, logs?.loss ?? NaN);
          },
        },
      });
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    xs.dispose();
    ys.dispose();
    model.dispose();
  }
  return {
    steps: step,
    trainingMs: firstBatchAt === null ? 0 : performance.now() - firstBatchAt,
    backend,
  };
}

/**
 * An `onBatch` that writes the naive peer's progress where the app's trainer would
 * (status.training), so scripts read both designs the same way.
 */
export function naiveStatusWriter(status: StatusStore): (p: NaiveProgress) => void {
  return (p) => {
    const t = status.training;
    t.state = 'running';
    t.detail = 'naive peer: model.fit on the main thread';
    t.progress = null;
    t.step = p.step;
    t.loss = p.loss;
    t.batchAccuracy = p.batchAccuracy;
    t.stepsPerSecond = p.stepsPerSecond;
  };
}

type Tf = typeof TfModule;

async function startBackend(tf: Tf, asked: Config['backend']): Promise<BackendInfo> {
  // The design this peer stands for trained on WebGL: auto means WebGL here.
  const choice = asked === 'auto' ? 'webgl' : asked;
  if (choice === 'wasm' || choice === 'webgpu') {
    throw new Error('the naive peer trains on webgl or cpu; wasm needs the trainer’s kernels');
  }
  if (choice === 'webgl') {
    // The same allowance the trainer makes: software GL (headless CI) would refuse the context.
    tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  }
  if (!(await tf.setBackend(choice)) || tf.getBackend() !== choice) {
    throw new Error(`the naive peer's ${choice} backend did not start`);
  }
  await tf.ready();
  if (choice === 'cpu') {
    return {
      name: 'cpu',
      webglVersion: null,
      renderer: 'tfjs CPU backend',
      software: true,
      reason: `naive peer: ?backend=${asked}`,
    };
  }
  const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(
    (ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : null) ?? gl.getParameter(gl.RENDERER),
  );
  return {
    name: 'webgl',
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    renderer,
    software: /swiftshader|llvmpipe|softpipe|software|lavapipe/i.test(renderer),
    reason: `naive peer: ?backend=${asked}`,
  };
}
