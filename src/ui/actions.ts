/**
 * What the panel's controls do, shared by the desktop HUD, the keyboard and the in-VR panel. The
 * confirmations live here: reset replaces the saved run; a new batch size is a different run and
 * needs a reload.
 */
import { SCHEMA, type Config } from '../config/schema';
import type { StatusStore } from '../status';
import type { TrainerClient } from '../trainerClient';
import { leaveAfterSave, saveFirst } from './leaving';
import { linkWith } from './lrInForce';

export interface Actions {
  /** Pause when training, resume (or start) otherwise. */
  togglePause(): void;
  /**
   * Start over. Asks with window.confirm unless the caller already asked (the VR panel does).
   * Resolves once the worker confirms the new run is saved (true), or after the bound (false).
   */
  reset(alreadyConfirmed?: boolean): Promise<boolean>;
  /** Sets Adam's learning rate live; returns an error sentence or null. */
  setLearningRate(lr: number): string | null;
  /** Reloads with a new batch size after the user confirms; returns an error sentence or null. */
  requestBatch(batch: number): string | null;
}

export const RESET_QUESTION =
  'Start over from step 0? The saved run for this link will be replaced.';

export function createActions(
  trainer: TrainerClient,
  status: StatusStore,
  config: Config,
  onReset: () => void,
): Actions {
  // A reload must not ask to wipe the run again: the link drops `fresh`.
  const withParam = (key: string, value: string): string => linkWith(location, key, value);
  return {
    togglePause() {
      const state = status.training.state;
      if (state === 'running' || state === 'warming-up') trainer.pause();
      else trainer.resume();
    },
    reset(alreadyConfirmed = false) {
      if (!alreadyConfirmed && !window.confirm(RESET_QUESTION)) return Promise.resolve(false);
      trainer.reset();
      onReset();
      // The worker resets before it saves: once confirmed, the old run is gone from storage.
      return saveFirst(trainer);
    },
    setLearningRate(lr) {
      const p = SCHEMA.lr;
      if (p.kind !== 'float') throw new Error('schema: lr is not a float');
      if (!(lr >= p.min && lr <= p.max)) {
        return `learning rate must be from ${p.min} to ${p.max}`;
      }
      trainer.setLearningRate(lr);
      // Keep the link honest: a reload continues with the rate now in use.
      history.replaceState(null, '', withParam('lr', String(lr)));
      return null;
    },
    requestBatch(batch) {
      const p = SCHEMA.batch;
      if (p.kind !== 'int') throw new Error('schema: batch is not an int');
      if (!Number.isInteger(batch) || batch < p.min || batch > p.max) {
        return `batch size must be an integer from ${p.min} to ${p.max}`;
      }
      if (batch === config.batch) return null;
      const ok = window.confirm(
        `A batch size of ${batch} needs a restart: the page reloads as a different run ` +
          `(batch=${batch}). The current run stays saved under its own link. Reload now?`,
      );
      if (!ok) return null;
      // Navigate once the worker confirms the checkpoint is written (at most about 2 s).
      void leaveAfterSave(trainer, () => location.assign(withParam('batch', String(batch))));
      return null;
    },
  };
}
