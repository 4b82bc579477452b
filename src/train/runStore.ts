/**
 * A run's checkpoints in storage: which key the run saves under, resuming its newest usable
 * generation (or starting fresh, or moving to the next key when none can be used), saving a new
 * generation, rolling back to the last good one, and deleting on reset. Storage failures become
 * warnings: training goes on without them. Generations are described in generations.ts.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import {
  type Checkpoint,
  CheckpointError,
  checkCompatible,
  deserializeCheckpoint,
  serializeCheckpoint,
} from './checkpoint';
import type { RecordUsage } from './checkpointStore';
import { generationsOf, keyGeneration, keyOfGeneration, runKey } from './runKeys';
import {
  type Generation,
  generationKey,
  generationsOfRun,
  generationsToDrop,
  runOfRecord,
} from './generations';
import { captureCheckpoint, weightSpecs } from './modelState';

/** What the checkpoint logic needs of storage (IndexedDB in the app, a Map in tests). */
export interface CheckpointStoreLike {
  keys(): Promise<string[]>;
  get(key: string): Promise<unknown>;
  /** Writes one record; on failure the record that was there (if any) is left as it was. */
  put(key: string, buffer: ArrayBuffer): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every record's size and time, when the storage keeps them (for the total budget). */
  usage?(): Promise<RecordUsage[]>;
}

/** Saved runs beyond this total are removed, oldest run first (never the one training). */
export const STORAGE_BUDGET_BYTES = 200 * 1024 * 1024;

/** Where a run continues from: a restored checkpoint's step, time and settings. */
export interface Restored {
  readonly step: number;
  readonly trainingMs: number;
  /** The settings in force when it was saved (the live learning rate among them). */
  readonly config: Config;
}

/** How a run began: from a saved checkpoint, fresh, or fresh because none saved could be used. */
export type RunBeginning =
  | ({ readonly kind: 'resumed' } & Restored)
  | { readonly kind: 'fresh' }
  | { readonly kind: 'unusable' };

/** A save that was refused because the model holds a non-finite value (it diverged). */
export class NonFiniteModelError extends Error {
  override readonly name = 'NonFiniteModelError';
}

/** The best held-out checkpoint's slot is the run's key with this suffix (never a generation). */
export const BEST_SLOT = '@best';

export class RunStore {
  private runKey = '';
  private savedStep = -1;
  /** Held-out accuracy of the checkpoint in the best slot (-1: none; null: not read yet). */
  private bestAccuracy: number | null = null;
  /** This run's generations in storage, oldest first. */
  private gens: Generation[] = [];
  /** Set after a failed write, so a storage that keeps failing warns once, not at every save. */
  private failing = false;

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

  /** The newest step in storage for this run (-1: none). */
  get savedAt(): number {
    return this.savedStep;
  }

  /** The storage keys of this run's generations, oldest first (tests, status). */
  get generations(): readonly string[] {
    return this.gens.map((g) => g.key);
  }

  /**
   * Begins the run for `config` on a freshly built model: restores the newest usable generation of
   * its key through `restore`, falling back generation by generation past any that cannot be read
   * (each named in a warning), or with `fresh` deletes them. When none can be used they are kept
   * where they are and the run continues under the next key; the caller must rebuild its model
   * then, since a failed restore may have written part of the weights.
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
    this.gens = [];
    if (!this.store) return { kind: 'fresh' };
    const keys = await this.store.keys();
    const runs = generationsOf(base, [...new Set(keys.map(runOfRecord))]);
    const latest = runs[runs.length - 1];
    if (latest === undefined) return { kind: 'fresh' };
    this.runKey = latest;
    this.gens = generationsOfRun(latest, keys);
    for (let i = this.gens.length - 1; i >= 0; i--) {
      const gen = this.gens[i]!;
      const c = await this.read(gen, config, model);
      if (!c) continue;
      if (fresh) {
        await this.discard();
        return { kind: 'fresh' };
      }
      await restore(c);
      this.savedStep = c.step;
      // Newer generations could not be read: nothing in them can be resumed.
      await this.drop(this.gens.filter((g) => g.step > c.step));
      return { kind: 'resumed', step: c.step, trainingMs: c.trainingMs, config: c.config };
    }
    const unusable = this.runKey;
    this.runKey = keyOfGeneration(base, keyGeneration(base, latest) + 1);
    this.gens = [];
    this.warn(
      `no saved checkpoint of this run could be used; they are kept under "${unusable}" and ` +
        `training starts fresh as "${this.runKey}".`,
    );
    return { kind: 'unusable' };
  }

  /**
   * Saves the model and optimizer at `meta.step` as a new generation, unless that step is already
   * saved or there is no storage, then deletes generations beyond the newest few and the newest
   * at or before `goodStep`. Returns the record's key, or null when nothing was written; a failed
   * write is a warning (once until a write succeeds again). Throws NonFiniteModelError, writing
   * nothing, when a weight or moment is not finite.
   */
  async save(
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
    meta: { step: number; trainingMs: number; config: Config; goodStep: number },
  ): Promise<string | null> {
    if (!this.store || meta.step === this.savedStep) return null;
    const { goodStep, ...header } = meta;
    const c = await captureCheckpoint(model, optimizer, { key: this.runKey, ...header });
    const bad = firstNonFinite(c);
    if (bad) throw new NonFiniteModelError(`${bad} is not finite at step ${meta.step}`);
    const key = generationKey(this.runKey, meta.step);
    try {
      await this.store.put(key, serializeCheckpoint(c));
    } catch (e) {
      if (!this.failing) {
        this.warn(
          `checkpoint at step ${meta.step} was not saved (${errorText(e)}); the previous one is ` +
            'kept and training goes on',
        );
      }
      this.failing = true;
      return null;
    }
    this.failing = false;
    this.savedStep = meta.step;
    this.gens = [...this.gens.filter((g) => g.key !== key), { key, step: meta.step }].sort(
      (a, b) => a.step - b.step,
    );
    await this.drop(generationsToDrop(this.gens, goodStep));
    await this.keepWithinBudget();
    return key;
  }

  /**
   * Restores the newest usable generation at or before `goodStep` and deletes the newer ones (they
   * were saved after the run went wrong). Returns what was restored, or null when none is left:
   * the caller starts from fresh weights.
   */
  async rollBack(
    goodStep: number,
    config: Config,
    model: tf.LayersModel,
    restore: (c: Checkpoint) => Promise<void>,
  ): Promise<Restored | null> {
    if (!this.store) return null;
    const candidates = this.gens.filter((g) => g.step <= goodStep);
    for (let i = candidates.length - 1; i >= 0; i--) {
      const gen = candidates[i]!;
      const c = await this.read(gen, config, model);
      if (!c) continue;
      await restore(c);
      await this.drop(this.gens.filter((g) => g.step > gen.step));
      this.savedStep = c.step;
      return { step: c.step, trainingMs: c.trainingMs, config: c.config };
    }
    await this.discard();
    return null;
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

  /** Deletes the run's checkpoints and its best slot (a reset): it starts again at step 0. */
  async discard(): Promise<void> {
    this.savedStep = -1;
    this.bestAccuracy = -1;
    await this.drop(this.gens);
    if (!this.store) return;
    try {
      await this.store.delete(this.bestKey);
      await this.store.delete(`${this.bestKey}:score`);
    } catch (e) {
      this.warn(`the best checkpoint "${this.bestKey}" could not be deleted: ${errorText(e)}`);
    }
  }

  /** Removes other runs, oldest first, while everything saved is over the budget. */
  private async keepWithinBudget(budget = STORAGE_BUDGET_BYTES): Promise<void> {
    const store = this.store;
    if (!store?.usage) return;
    try {
      const records = await store.usage();
      let total = records.reduce((n, r) => n + r.bytes, 0);
      if (total <= budget) return;
      const runs = new Map<string, { keys: string[]; bytes: number; savedAt: number }>();
      for (const r of records) {
        const run = runOfRecord(r.key);
        const entry = runs.get(run) ?? { keys: [], bytes: 0, savedAt: 0 };
        entry.keys.push(r.key);
        entry.bytes += r.bytes;
        entry.savedAt = Math.max(entry.savedAt, r.savedAt);
        runs.set(run, entry);
      }
      const oldestFirst = [...runs.entries()]
        .filter(([run]) => run !== this.runKey)
        .sort((a, b) => a[1].savedAt - b[1].savedAt);
      for (const [run, entry] of oldestFirst) {
        if (total <= budget) break;
        for (const key of entry.keys) await store.delete(key);
        total -= entry.bytes;
        this.warn(
          `the old saved run "${run}" (${(entry.bytes / 1e6).toFixed(1)} MB) was removed to keep ` +
            `saved runs under ${Math.round(budget / 1024 / 1024)} MB`,
        );
      }
    } catch (e) {
      this.warn(`old saved runs could not be cleared: ${errorText(e)}`);
    }
  }

  /** Reads and checks one generation; a problem is a warning and null (the caller falls back). */
  private async read(
    gen: Generation,
    config: Config,
    model: tf.LayersModel,
  ): Promise<Checkpoint | null> {
    const store = this.store;
    if (!store) return null;
    try {
      const raw = await store.get(gen.key);
      if (!(raw instanceof ArrayBuffer)) throw new CheckpointError(gen.key, 'not binary data');
      const c = deserializeCheckpoint(raw, gen.key);
      const problem = checkCompatible(c, config, weightSpecs(model));
      if (problem) throw new CheckpointError(gen.key, `incompatible: ${problem}`);
      return c;
    } catch (e) {
      if (!(e instanceof CheckpointError)) throw e;
      this.warn(`the saved run could not be loaded (${e.message}); it is kept as it is`);
      return null;
    }
  }

  private async drop(gens: readonly Generation[]): Promise<void> {
    if (!this.store || gens.length === 0) return;
    const gone = new Set<string>();
    for (const g of gens) {
      try {
        await this.store.delete(g.key);
        gone.add(g.key);
      } catch (e) {
        this.warn(`the old checkpoint "${g.key}" could not be deleted: ${errorText(e)}`);
      }
    }
    this.gens = this.gens.filter((g) => !gone.has(g.key));
  }
}

/** The name of the first tensor holding a non-finite value, or null. */
function firstNonFinite(c: Checkpoint): string | null {
  for (const t of [...c.weights, ...c.optimizerMoments]) {
    for (let i = 0; i < t.values.length; i++) if (!Number.isFinite(t.values[i])) return t.name;
  }
  return null;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
