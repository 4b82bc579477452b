/**
 * A run's checkpoints in storage: which key the run saves under, resuming its newest generation
 * (or starting fresh, or moving to the next key when the saved one cannot be used), saving, and
 * deleting on reset. Storage failures become warnings: training goes on without them.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import {
  type Checkpoint,
  CheckpointError,
  checkCompatible,
  deserializeCheckpoint,
  generationsOf,
  keyGeneration,
  keyOfGeneration,
  runKey,
  serializeCheckpoint,
} from './checkpoint';
import { captureCheckpoint, weightSpecs } from './modelState';

/** What the checkpoint logic needs of storage (IndexedDB in the app, a Map in tests). */
export interface CheckpointStoreLike {
  keys(): Promise<string[]>;
  get(key: string): Promise<unknown>;
  put(key: string, buffer: ArrayBuffer): Promise<void>;
  delete(key: string): Promise<void>;
}

/** How a run began: from a saved checkpoint, fresh, or fresh because the saved one was unusable. */
export type RunBeginning =
  | { readonly kind: 'resumed'; readonly step: number; readonly trainingMs: number }
  | { readonly kind: 'fresh' }
  | { readonly kind: 'unusable' };

/** The best held-out checkpoint's slot is the run's key with this suffix (never a generation). */
export const BEST_SLOT = '@best';

export class RunStore {
  private runKey = '';
  private savedStep = -1;
  /** Held-out accuracy of the checkpoint in the best slot (-1: none; null: not read yet). */
  private bestAccuracy: number | null = null;

  private constructor(
    /** Null when storage could not be opened: the run trains but cannot be resumed. */
    private readonly store: CheckpointStoreLike | null,
    private readonly warn: (message: string) => void,
  ) {}

  /** Opens storage; when that fails, warns and returns a store that saves nothing. */
  static async open(
    openStore: () => Promise<CheckpointStoreLike>,
    warn: (message: string) => void,
  ): Promise<RunStore> {
    try {
      return new RunStore(await openStore(), warn);
    } catch (e) {
      warn(`checkpoints are off: ${errorText(e)}; this run cannot be resumed after a reload`);
      return new RunStore(null, warn);
    }
  }

  /** The key this run saves under. */
  get key(): string {
    return this.runKey;
  }

  /**
   * Begins the run for `config` on a freshly built model: restores the newest generation of its
   * key through `restore` (or, with `fresh`, deletes it). A checkpoint that cannot be used is kept
   * where it is, named in a warning, and the run continues under the next key; the caller must
   * rebuild its model then, since a failed restore may have written part of the weights.
   */
  async begin(
    config: Config,
    model: tf.LayersModel,
    fresh: boolean,
    restore: (c: Checkpoint) => Promise<void>,
  ): Promise<RunBeginning> {
    const base = runKey(config);
    this.runKey = base;
    this.savedStep = -1;
    this.bestAccuracy = null;
    if (!this.store) return { kind: 'fresh' };
    const existing = generationsOf(base, await this.store.keys());
    const latest = existing[existing.length - 1];
    if (latest === undefined) return { kind: 'fresh' };
    this.runKey = latest;
    try {
      const raw = await this.store.get(latest);
      if (!(raw instanceof ArrayBuffer)) throw new CheckpointError(latest, 'not binary data');
      const c = deserializeCheckpoint(raw, latest);
      const problem = checkCompatible(c, config, weightSpecs(model));
      if (problem) throw new CheckpointError(latest, `incompatible: ${problem}`);
      if (fresh) {
        await this.store.delete(latest);
        return { kind: 'fresh' };
      }
      await restore(c);
      this.savedStep = c.step;
      return { kind: 'resumed', step: c.step, trainingMs: c.trainingMs };
    } catch (e) {
      if (!(e instanceof CheckpointError)) throw e;
      this.runKey = keyOfGeneration(base, keyGeneration(base, latest) + 1);
      this.warn(
        `the saved run could not be loaded (${e.message}). It is kept under "${latest}"; ` +
          `training starts fresh as "${this.runKey}".`,
      );
      return { kind: 'unusable' };
    }
  }

  /**
   * Saves the model and optimizer at `meta.step` under the run's key, unless that step is already
   * saved or there is no storage. Returns whether it saved; a failure is a warning.
   */
  async save(
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
    meta: { step: number; trainingMs: number; config: Config },
  ): Promise<boolean> {
    if (!this.store || meta.step === this.savedStep) return false;
    try {
      const c = await captureCheckpoint(model, optimizer, { key: this.runKey, ...meta });
      await this.store.put(this.runKey, serializeCheckpoint(c));
      this.savedStep = meta.step;
      return true;
    } catch (e) {
      this.warn(`checkpoint at step ${meta.step} was not saved: ${errorText(e)}`);
      return false;
    }
  }

  /** Where the best held-out checkpoint is kept, beside the latest. */
  get bestKey(): string {
    return `${this.runKey}${BEST_SLOT}`;
  }

  /**
   * Keeps this checkpoint in the best slot if its held-out accuracy beats the one there (whose
   * score is stored beside it, so a reload still compares with it). Returns whether it saved.
   */
  async saveBest(
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
    meta: { step: number; trainingMs: number; config: Config },
    testAccuracy: number,
  ): Promise<boolean> {
    if (!this.store) return false;
    const scoreKey = `${this.bestKey}:score`;
    try {
      if (this.bestAccuracy === null) {
        const raw = await this.store.get(scoreKey);
        this.bestAccuracy =
          raw instanceof ArrayBuffer && raw.byteLength === 16 ? new Float64Array(raw)[0]! : -1;
      }
      if (testAccuracy <= this.bestAccuracy) return false;
      const c = await captureCheckpoint(model, optimizer, { key: this.bestKey, ...meta });
      await this.store.put(this.bestKey, serializeCheckpoint(c));
      await this.store.put(scoreKey, Float64Array.of(testAccuracy, meta.step).buffer);
      this.bestAccuracy = testAccuracy;
      return true;
    } catch (e) {
      this.warn(`the best checkpoint (step ${meta.step}) was not saved: ${errorText(e)}`);
      return false;
    }
  }

  /** Deletes the run's checkpoint (a reset): the run starts again at step 0 under the same key. */
  async discard(): Promise<void> {
    this.savedStep = -1;
    this.bestAccuracy = -1;
    if (!this.store) return;
    try {
      await this.store.delete(this.bestKey);
      await this.store.delete(`${this.bestKey}:score`);
      await this.store.delete(this.runKey);
    } catch (e) {
      this.warn(`the old checkpoint "${this.runKey}" could not be deleted: ${errorText(e)}`);
    }
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
