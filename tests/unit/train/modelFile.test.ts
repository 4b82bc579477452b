import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { gatherDigits } from '../../../src/data/batches';
import { IMAGE_SIZE } from '../../../src/network';
import {
  buildModel,
  createOptimizer,
  trainStep,
  trainableVariables,
} from '../../../src/train/model';
import {
  ModelFileError,
  exportModel,
  importModel,
  type ModelFiles,
} from '../../../src/train/modelFile';
import { loadDigits } from './harness';
import { useWasm } from './wasmNode';

beforeAll(useWasm);

const made: tf.LayersModel[] = [];
afterEach(() => {
  for (const m of made.splice(0)) m.dispose();
});

/** A model of `sharing` trained for a few steps on real digits, so its weights are its own. */
function trained(sharing: 'conv' | 'none', seed = 42): tf.LayersModel {
  const model = buildModel(sharing, seed);
  made.push(model);
  const optimizer = createOptimizer(0.001);
  const variables = trainableVariables(model);
  const b = gatherDigits(
    loadDigits(),
    Array.from({ length: 16 }, (_, i) => i * 37),
  );
  for (let s = 0; s < 3; s++) {
    tf.tidy(() => {
      const xs = tf.tensor4d(b.pixels, [b.size, IMAGE_SIZE, IMAGE_SIZE, 1]);
      const ys = tf.tensor1d(b.labels, 'int32');
      trainStep(model, optimizer, variables, xs, ys);
    });
  }
  optimizer.dispose();
  return model;
}

async function predictions(model: tf.LayersModel): Promise<Float32Array> {
  const b = gatherDigits(
    loadDigits(),
    Array.from({ length: 64 }, (_, i) => 9000 + i),
  );
  const out = tf.tidy(
    () => model.predict(tf.tensor4d(b.pixels, [b.size, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor,
  );
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

/** What a person elsewhere does with the two files: tf.loadLayersModel on them. */
async function loadElsewhere(files: ModelFiles): Promise<tf.LayersModel> {
  const json = JSON.parse(files.modelJson) as tf.io.ModelJSON;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory(
      tf.io.getModelArtifactsForJSONSync(
        json,
        tf.io.getWeightSpecs(json.weightsManifest),
        files.weights,
      ),
    ),
  );
  made.push(model);
  return model;
}

describe('exportModel', () => {
  test('writes the shared network as model.json and 225,034 float32 weights that tf.loadLayersModel reads back with equal predictions', async () => {
    const model = trained('conv');
    const files = await exportModel(model);
    expect(files.weights.byteLength).toBe(225_034 * 4);
    const json = JSON.parse(files.modelJson) as tf.io.ModelJSON;
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0]!.paths).toEqual(['./weightroom.weights.bin']);
    const loaded = await loadElsewhere(files);
    expect(await predictions(loaded)).toEqual(await predictions(model));
  });

  test('without sharing, the locally connected layers load too (the layer is registered)', async () => {
    const model = trained('none');
    const files = await exportModel(model);
    expect(files.modelJson).toContain('"LocallyConnected2D"');
    expect(files.weights.byteLength).toBe(2_660_554 * 4);
    const loaded = await loadElsewhere(files);
    expect(await predictions(loaded)).toEqual(await predictions(model));
  });
});

describe('importModel', () => {
  test('reads back a saved model of the same architecture, with equal predictions', async () => {
    const model = trained('conv');
    const fresh = buildModel('conv', 7);
    made.push(fresh);
    const loaded = await importModel(await exportModel(model), fresh);
    made.push(loaded);
    expect(await predictions(loaded)).toEqual(await predictions(model));
  });

  test('refuses a model of another architecture, naming it', async () => {
    const unshared = trained('none');
    const shared = buildModel('conv', 42);
    made.push(shared);
    const files = await exportModel(unshared);
    await expect(importModel(files, shared)).rejects.toThrow(ModelFileError);
    await expect(importModel(files, shared)).rejects.toThrow(/another architecture/);
  });

  test('refuses a model whose weights match but whose layers compute something else', async () => {
    const model = trained('conv');
    const files = await exportModel(model);
    const tanh = files.modelJson.replace('"activation":"relu"', '"activation":"tanh"');
    expect(tanh).not.toBe(files.modelJson);
    await expect(importModel({ ...files, modelJson: tanh }, model)).rejects.toThrow(
      /another architecture: layers Conv2D\(tanh\)/,
    );
  });

  test('refuses corrupt files: not JSON, no manifest, a truncated weights file', async () => {
    const model = trained('conv');
    const files = await exportModel(model);
    await expect(importModel({ ...files, modelJson: '{"modelTop' }, model)).rejects.toThrow(
      /model.json is not JSON/,
    );
    await expect(
      importModel({ ...files, modelJson: '{"modelTopology":{}}' }, model),
    ).rejects.toThrow(/no weightsManifest/);
    await expect(
      importModel({ ...files, weights: files.weights.slice(0, 1000) }, model),
    ).rejects.toThrow(/holds 1000 bytes; model.json needs 900136/);
  });
});
