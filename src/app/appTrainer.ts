/**
 * The app's own run: its trainer (a stand-in that does nothing when ?mode= measures something
 * else), the notice that says in words what happened to it and what the user can do, and the
 * request that the browser keep saved runs.
 */
import { appRunConfig } from '../compare/comparison';
import type { Config } from '../config/schema';
import type { StatusStore } from '../status';
import { startTrainer, type TrainerClient } from '../trainerClient';
import { mountRunNotice } from '../ui/runNotice';

const NO_TRAINER: TrainerClient = {
  pause() {},
  resume() {},
  reset() {},
  setPace() {},
  setLearningRate() {},
  checkpoint() {},
  on: () => () => {},
  dispose() {},
};

export function startAppTrainer(
  config: Config,
  dataUrl: string,
  status: StatusStore,
): TrainerClient {
  // The app's own run is the same run with or without ?compare (its checkpoint is never a twin's).
  const trainer =
    config.mode === 'app'
      ? startTrainer(appRunConfig(config), dataUrl, status, { lock: true })
      : NO_TRAINER;
  // Diverged, open in another tab, not responding: said in words, with what the user can do.
  mountRunNotice(document.body, status, trainer);
  // Ask the browser to keep saved runs when space runs low; the notice says whether it will.
  void navigator.storage
    ?.persist?.()
    .then((granted) => (status.training.storagePersisted = granted))
    .catch(() => (status.training.storagePersisted = false));
  return trainer;
}
