/**
 * The trained network as files a person can take away: TensorFlow.js's layers format, a
 * `model.json` (topology and weights manifest) and one binary weights file, which
 * `tf.loadLayersModel` reads anywhere. Saving goes through a custom IOHandler that keeps the
 * artifacts in memory (the worker posts them; the page saves them), and loading checks a file
 * against the running network before anything of the run is touched.
 */
import * as tf from '@tensorflow/tfjs';
import { MODEL_FILE_NAMES, type ModelFiles } from '../protocol';
// The locally connected layer registers itself with tfjs's serialization on import, so a
// `sharing=none` model.json (class "LocallyConnected2D") can be read back.
import './locallyConnected';
import { weightSpecs } from './modelState';

export type { ModelFiles } from '../protocol';

/** A file that is not a model of this network: the message says what is wrong, for the user. */
export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
}

/** Serialises the model's topology and weights into the two files (reads back with data()). */
export async function exportModel(model: tf.LayersModel): Promise<ModelFiles> {
  let files: ModelFiles | null = null;
  await model.save(
    tf.io.withSaveHandler((artifacts) => {
      if (!artifacts.weightSpecs || artifacts.weightData === undefined) {
        throw new Error('the model produced no weights to save');
      }
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology!,
        format: 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        weightsManifest: [
          { paths: [`./${MODEL_FILE_NAMES.weights}`], weights: artifacts.weightSpecs },
        ],
      };
      // concatenateArrayBuffers copies even a single buffer: the result is ours to transfer.
      const weights = tf.io.concatenateArrayBuffers(
        Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData],
      );
      files = { modelJson: JSON.stringify(json), weights };
      return Promise.resolve({
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: weights.byteLength,
        },
      });
    }),
  );
  if (!files) throw new Error('the model was not saved');
  return files;
}

const BYTES_PER_DTYPE: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * Reads the two files into a model and checks that it is the network `expected` is: the same
 * weights, by name and shape, in the same order. Anything else (not JSON, no weights manifest,
 * too few or too many bytes, another architecture) is a ModelFileError saying so. The caller owns
 * (and disposes) the returned model.
 */
export async function importModel(
  files: ModelFiles,
  expected: tf.LayersModel,
): Promise<tf.LayersModel> {
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(files.modelJson) as tf.io.ModelJSON;
  } catch (e) {
    throw new ModelFileError(`model.json is not JSON (${e instanceof Error ? e.message : e})`);
  }
  if (typeof json !== 'object' || json === null || typeof json.modelTopology !== 'object') {
    throw new ModelFileError('model.json has no modelTopology: it is not a TensorFlow.js model');
  }
  if (!Array.isArray(json.weightsManifest)) {
    throw new ModelFileError('model.json has no weightsManifest');
  }
  const specs = tf.io.getWeightSpecs(json.weightsManifest);
  const want = weightSpecs(expected);
  const got = specs.map((s) => ({ name: s.name, shape: s.shape }));
  const describe = (l: { name: string; shape: number[] }[]) =>
    l.map((s) => `${s.name} [${s.shape.join(', ')}]`).join(', ');
  if (
    got.length !== want.length ||
    got.some((s, i) => s.name !== want[i]!.name || s.shape.join() !== want[i]!.shape.join())
  ) {
    throw new ModelFileError(
      `another architecture: this network has ${want.length} weights (${describe(want)}); ` +
        `the file has ${got.length} (${describe(got)})`,
    );
  }
  const bytes = specs.reduce(
    (sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * (BYTES_PER_DTYPE[s.dtype] ?? NaN),
    0,
  );
  if (bytes !== files.weights.byteLength) {
    throw new ModelFileError(
      `the weights file holds ${files.weights.byteLength} bytes; model.json needs ${bytes}`,
    );
  }
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory(tf.io.getModelArtifactsForJSONSync(json, specs, files.weights)),
    );
  } catch (e) {
    throw new ModelFileError(
      `model.json could not be read as a model (${e instanceof Error ? e.message : e})`,
    );
  }
  // The weights matched; the layers must also compute what ours compute (same kinds, same order).
  const kinds = (m: tf.LayersModel) =>
    m.layers
      .map((l) => {
        const activation = l.getConfig().activation;
        return typeof activation === 'string'
          ? `${l.getClassName()}(${activation})`
          : l.getClassName();
      })
      .join(' > ');
  if (kinds(model) !== kinds(expected)) {
    const found = kinds(model);
    model.dispose();
    throw new ModelFileError(
      `another architecture: layers ${found}; this network has ${kinds(expected)}`,
    );
  }
  return model;
}
