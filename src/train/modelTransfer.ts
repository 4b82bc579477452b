/**
 * "Download model" and "Load model" in the worker: the network as TF.js layers files, and a saved
 * network's weights taken into the running model. A file that is not this network is refused
 * (a `modelRefused` message) before anything of the run changes.
 */
import type * as tf from '@tensorflow/tfjs';
import type { FromWorker, ModelFiles } from '../protocol';
import { ModelFileError, exportModel, importModel } from './modelFile';
import { errorText } from './runStore';

type Post = (msg: FromWorker, transfer?: Transferable[]) => void;

/** Posts the model's files at `step`, their weight buffer transferred (or why they could not be). */
export async function sendModelFiles(
  model: tf.LayersModel,
  step: number,
  post: Post,
): Promise<void> {
  try {
    const files = await exportModel(model);
    post({ type: 'modelExported', files, step }, [files.weights]);
  } catch (e) {
    post({ type: 'modelRefused', message: `the model could not be saved: ${errorText(e)}` });
  }
}

/**
 * Sets `model`'s weights from the saved files; returns false (and posts why) when they are not
 * this network, leaving the model as it was.
 */
export async function takeModelWeights(
  model: tf.LayersModel,
  files: ModelFiles,
  post: Post,
): Promise<boolean> {
  let loaded: tf.LayersModel;
  try {
    loaded = await importModel(files, model);
  } catch (e) {
    const why = e instanceof ModelFileError ? e.message : `it could not be read (${errorText(e)})`;
    post({ type: 'modelRefused', message: `Not loaded: ${why}. The run goes on as it was.` });
    return false;
  }
  try {
    model.setWeights(loaded.getWeights());
  } finally {
    loaded.dispose();
  }
  return true;
}
