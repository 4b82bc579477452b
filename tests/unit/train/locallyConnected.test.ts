import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONV1, CONV2, convParams } from '../../../src/network';
import {
  depthwisePatchFilter,
  extractPatches,
  LocallyConnected2D,
  locallyConnected2d,
  patchMethodForBackend,
} from '../../../src/train/locallyConnected';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

afterEach(() => {
  tf.disposeVariables();
});

/** A layer built on [batch, h, w, c] inputs, ready to call. */
function built(
  h: number,
  w: number,
  c: number,
  opts: { filters: number; kernelSize: number; activation: 'relu' | 'linear'; seed?: number },
): LocallyConnected2D {
  const layer = new LocallyConnected2D({ seed: 7, name: 'lc', ...opts });
  layer.build([null, h, w, c]);
  return layer;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Conv kernel [k, k, c, f] copied to every position: [P, k*k*c, f]. */
function tiledKernel(kernel: tf.Tensor4D, positions: number): tf.Tensor3D {
  const [k, , c, f] = kernel.shape;
  return tf.tidy(() => tf.tile(tf.reshape(kernel, [1, k * k * c, f]), [positions, 1, 1]));
}

describe('extractPatches', () => {
  it('both methods cut the same patches, [P, B, K] with K = (ky * k + kx) * C + c', async () => {
    const [b, h, w, c, k] = [2, 5, 6, 3, 3];
    const [outH, outW] = [h - k + 1, w - k + 1];
    const depth = k * k * c;
    const x = tf.randomNormal([b, h, w, c], 0, 1, 'float32', 40) as tf.Tensor4D;
    const xs = await x.data<'float32'>();
    const want = new Float32Array(outH * outW * b * depth);
    for (let y = 0; y < outH; y++) {
      for (let xx = 0; xx < outW; xx++) {
        for (let n = 0; n < b; n++) {
          for (let ky = 0; ky < k; ky++) {
            for (let kx = 0; kx < k; kx++) {
              for (let ch = 0; ch < c; ch++) {
                const at = (((y * outW + xx) * b + n) * k * k + ky * k + kx) * c + ch;
                want[at] = xs[((n * h + y + ky) * w + xx + kx) * c + ch]!;
              }
            }
          }
        }
      }
    }
    const filter = depthwisePatchFilter(k, c);
    for (const method of ['depthwise', 'slices'] as const) {
      const patches = extractPatches(x, k, method, filter);
      expect(patches.shape).toEqual([outH * outW, b, depth]);
      expect(maxAbsDiff(await patches.data<'float32'>(), want)).toBe(0);
    }
  });

  it('both methods give the same gradient with respect to the input', async () => {
    const [b, h, w, c, k] = [2, 6, 5, 4, 3];
    const x = tf.randomNormal([b, h, w, c], 0, 1, 'float32', 41) as tf.Tensor4D;
    const r = tf.randomNormal([(h - k + 1) * (w - k + 1), b, k * k * c], 0, 1, 'float32', 42);
    const filter = depthwisePatchFilter(k, c);
    const grad = (method: 'depthwise' | 'slices') =>
      tf.grad((input: tf.Tensor) =>
        tf.sum(tf.mul(extractPatches(input as tf.Tensor4D, k, method, filter), r)),
      )(x);
    const [dDepthwise, dSlices] = [await grad('depthwise').data(), await grad('slices').data()];
    // Not vacuous: each pixel sums r over every patch it falls in.
    expect(maxAbsDiff(dDepthwise as Float32Array, dSlices as Float32Array)).toBeLessThan(1e-5);
    expect(dDepthwise.some((v) => Math.abs(v) > 1)).toBe(true);
  });

  it('picks depthwise on backends that have its input gradient, slices elsewhere', () => {
    expect(patchMethodForBackend('cpu')).toBe('depthwise');
    expect(patchMethodForBackend('no-such-backend')).toBe('slices');
  });
});

describe('LocallyConnected2D', () => {
  it('its output equals tf.conv2d (+bias, relu) when every position has the same kernel', async () => {
    const [h, w, c, f, k] = [7, 6, 3, 4, 3];
    const [outH, outW] = [h - k + 1, w - k + 1];
    const layer = built(h, w, c, { filters: f, kernelSize: k, activation: 'relu' });
    const x = tf.randomNormal([2, h, w, c], 0, 1, 'float32', 1) as tf.Tensor4D;
    const kernel = tf.randomNormal([k, k, c, f], 0, 0.5, 'float32', 2) as tf.Tensor4D;
    const bias = tf.randomNormal([f], 0, 0.5, 'float32', 3) as tf.Tensor1D;
    layer.setWeights([
      tiledKernel(kernel, outH * outW),
      tf.tile(tf.reshape(bias, [1, 1, f]), [outH, outW, 1]),
    ]);

    const got = layer.apply(x) as tf.Tensor;
    const want = tf.relu(tf.add(tf.conv2d(x, kernel, 1, 'valid'), bias));
    expect(got.shape).toEqual([2, outH, outW, f]);
    const [g, wnt] = [await got.data<'float32'>(), await want.data<'float32'>()];
    // Some outputs are positive and some clipped, so both branches of relu are exercised.
    expect(wnt.some((v) => v > 0.5)).toBe(true);
    expect(wnt.some((v) => v === 0)).toBe(true);
    expect(maxAbsDiff(g, wnt)).toBeLessThan(1e-5);
  });

  it('each output position uses its own kernel, numbered row-major (y * outW + x)', async () => {
    const [h, w, c, f, k] = [5, 6, 2, 3, 2];
    const [outH, outW] = [h - k + 1, w - k + 1];
    const positions = outH * outW;
    const layer = built(h, w, c, { filters: f, kernelSize: k, activation: 'linear' });
    const x = tf.randomNormal([1, h, w, c], 0, 1, 'float32', 4) as tf.Tensor4D;
    const kernel = tf.randomNormal([k, k, c, f], 0, 1, 'float32', 5) as tf.Tensor4D;
    // Position p gets the shared kernel scaled by (p + 1).
    const scale = tf.reshape(tf.range(1, positions + 1), [positions, 1, 1]);
    layer.setWeights([tf.mul(tiledKernel(kernel, positions), scale), tf.zeros([outH, outW, f])]);

    const got = await (layer.apply(x) as tf.Tensor).data<'float32'>();
    const conv = await tf.conv2d(x, kernel, 1, 'valid').data<'float32'>();
    for (let y = 0; y < outH; y++) {
      for (let xx = 0; xx < outW; xx++) {
        for (let j = 0; j < f; j++) {
          const i = (y * outW + xx) * f + j;
          expect(got[i]).toBeCloseTo(conv[i]! * (y * outW + xx + 1), 4);
        }
      }
    }
  });

  it('its gradients with respect to input, kernel and bias match central finite differences', async () => {
    const [h, w, c, f, k] = [4, 5, 2, 3, 2];
    const layer = built(h, w, c, { filters: f, kernelSize: k, activation: 'linear' });
    const [kernelVar, biasVar] = layer.trainableWeights.map((v) => v.read() as tf.Variable) as [
      tf.Variable,
      tf.Variable,
    ];
    biasVar.assign(tf.randomNormal(biasVar.shape, 0, 0.5, 'float32', 6));
    const xVar = tf.variable(tf.randomNormal([2, h, w, c], 0, 1, 'float32', 7), true, 'x');
    const r = tf.randomNormal([2, h - k + 1, w - k + 1, f], 0, 1, 'float32', 8);
    // Quadratic in every argument, so central differences are exact up to float32 rounding.
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const y = layer.apply(xVar) as tf.Tensor;
        return tf.add(tf.sum(tf.mul(y, r)), tf.mul(0.5, tf.sum(tf.square(y)))) as tf.Scalar;
      });
    const { grads } = tf.variableGrads(loss, [xVar, kernelVar, biasVar]);

    const eps = 1e-2;
    for (const v of [xVar, kernelVar, biasVar]) {
      const analytic = await grads[v.name]!.data<'float32'>();
      const base = (await v.data<'float32'>()).slice();
      const sample = [
        0,
        1,
        Math.floor(base.length / 3),
        Math.floor(base.length / 2),
        base.length - 1,
      ];
      for (const i of sample) {
        const at = async (delta: number): Promise<number> => {
          const moved = base.slice();
          moved[i]! += delta;
          v.assign(tf.tensor(moved, v.shape));
          const l = loss();
          const value = (await l.data())[0]!;
          l.dispose();
          return value;
        };
        const numeric = ((await at(eps)) - (await at(-eps))) / (2 * eps);
        v.assign(tf.tensor(base, v.shape));
        expect(Math.abs(analytic[i]!)).toBeGreaterThan(1e-3);
        expect(Math.abs(numeric - analytic[i]!)).toBeLessThan(
          2e-2 * Math.max(1, Math.abs(analytic[i]!)),
        );
      }
    }
  });

  it('it serialises and loads back with the same outputs, and getConfig round-trips', async () => {
    const model = tf.sequential({
      layers: [
        locallyConnected2d({
          filters: 3,
          kernelSize: 3,
          activation: 'relu',
          seed: 11,
          name: 'lc1',
          inputShape: [6, 5, 2],
        }),
        tf.layers.flatten(),
        tf.layers.dense({
          units: 2,
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
      ],
    });
    // Weights unlike a fresh build's, so a loader that re-initialises instead of loading fails.
    model.setWeights(
      model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.3, 'float32', 20 + i)),
    );
    const x = tf.randomNormal([3, 6, 5, 2], 0, 1, 'float32', 12);
    const before = await (model.predict(x) as tf.Tensor).data<'float32'>();

    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(saved).not.toBeNull();
    expect(JSON.stringify(saved!.modelTopology)).toContain('"class_name":"LocallyConnected2D"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const after = await (loaded.predict(x) as tf.Tensor).data<'float32'>();
    expect(maxAbsDiff(after, before)).toBe(0);

    const lc = loaded.getLayer('lc1');
    expect(lc).toBeInstanceOf(LocallyConnected2D);
    const config = model.getLayer('lc1').getConfig();
    expect(config).toMatchObject({ filters: 3, kernelSize: 3, activation: 'relu', seed: 11 });
    expect(lc.getConfig()).toEqual(config);
    const again = tf.serialization.SerializationMap.getMap().classNameMap['LocallyConnected2D'];
    expect(again).toBeDefined();
    const fresh = LocallyConnected2D.fromConfig(LocallyConnected2D, config);
    expect(fresh.getConfig()).toEqual(config);
  });

  it('its parameter counts match convParams(spec, "none") for CONV1 and CONV2', () => {
    for (const spec of [CONV1, CONV2]) {
      const layer = locallyConnected2d({
        filters: spec.filters,
        kernelSize: spec.kernelSize,
        activation: 'relu',
        seed: 1,
        name: `lc${spec.inChannels}`,
      });
      const out = layer.apply(tf.input({ shape: [spec.inSize, spec.inSize, spec.inChannels] }));
      expect((out as tf.SymbolicTensor).shape).toEqual([
        null,
        spec.outSize,
        spec.outSize,
        spec.filters,
      ]);
      expect(layer.countParams()).toBe(convParams(spec, 'none'));
      const k = spec.kernelSize * spec.kernelSize * spec.inChannels;
      expect(layer.getWeights().map((w) => w.shape)).toEqual([
        [spec.outSize * spec.outSize, k, spec.filters],
        [spec.outSize, spec.outSize, spec.filters],
      ]);
      layer.dispose();
    }
    expect(convParams(CONV1, 'none')).toBe(216_320);
    expect(convParams(CONV2, 'none')).toBe(2_238_016);
  });

  it('its kernel starts as the conv twin glorotUniform per position, the same for the same seed', async () => {
    const make = (seed: number) =>
      built(8, 8, 4, { filters: 5, kernelSize: 3, activation: 'relu', seed });
    const limit = Math.sqrt(6 / (3 * 3 * 4 + 3 * 3 * 5));
    const a = await make(3).getWeights()[0]!.data<'float32'>();
    const b = await make(3).getWeights()[0]!.data<'float32'>();
    const other = await make(4).getWeights()[0]!.data<'float32'>();
    expect(maxAbsDiff(a, b)).toBe(0);
    expect(maxAbsDiff(a, other)).toBeGreaterThan(0.1 * limit);
    const maxAbs = a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(maxAbs).toBeLessThanOrEqual(limit);
    expect(maxAbs).toBeGreaterThan(0.95 * limit);
    const bias = await make(3).getWeights()[1]!.data<'float32'>();
    expect(bias.every((v) => v === 0)).toBe(true);
  });

  it('it leaks no tensors when called, and dispose frees everything it owns', () => {
    const start = tf.memory().numTensors;
    const layer = locallyConnected2d({
      filters: 3,
      kernelSize: 3,
      activation: 'relu',
      seed: 1,
      name: 'lc',
    });
    const call = () =>
      tf.tidy(() => {
        layer.apply(tf.ones([2, 6, 6, 2]));
      });
    // The first call builds the layer inside the tidy: kernel, bias and the patch kernel survive it.
    call();
    expect(tf.memory().numTensors).toBe(start + 3);
    call();
    expect(tf.memory().numTensors).toBe(start + 3);
    expect(layer.dispose().refCountAfterDispose).toBe(0);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('a few Adam steps on a tiny problem reduce the loss (it trains)', async () => {
    const model = tf.sequential({
      layers: [
        locallyConnected2d({
          filters: 4,
          kernelSize: 3,
          activation: 'relu',
          seed: 5,
          name: 'lc',
          inputShape: [6, 6, 2],
        }),
        tf.layers.flatten(),
        tf.layers.dense({
          units: 1,
          kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }),
        }),
      ],
    });
    const x = tf.randomNormal([16, 6, 6, 2], 0, 1, 'float32', 30);
    const y = tf.randomNormal([16, 1], 0, 1, 'float32', 31);
    const optimizer = tf.train.adam(0.01);
    const lcKernel = model.getLayer('lc').getWeights()[0]!;
    const kernelBefore = (await lcKernel.data<'float32'>()).slice();
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const loss = optimizer.minimize(
        () => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar,
        true,
      )!;
      losses.push((await loss.data())[0]!);
      loss.dispose();
    }
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]!);
    // The locally connected kernel itself moved, not just the dense head.
    const kernelAfter = await model.getLayer('lc').getWeights()[0]!.data<'float32'>();
    expect(maxAbsDiff(kernelAfter, kernelBefore)).toBeGreaterThan(1e-3);
  });
});
