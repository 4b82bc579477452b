/**
 * The learner's digit in the worker: a forward pass between training steps (no gradients, inside
 * `tidy`), answered with every layer's activations, the probe part of a snapshot. Requests wait
 * in a one-place queue (the newest supersedes older ones), so however fast a pen moves, training
 * is delayed by at most one forward pass per step.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherDigits } from '../data/batches';
import type { MnistData } from '../data/mnistFormat';
import { IMAGE_SIZE, LAYER_IDS, NUM_CLASSES } from '../network';
import {
  type DigitRequest,
  type FromWorker,
  type InferenceResult,
  inferenceTransferables,
} from '../protocol';
import { probeActivations } from './model';
import { partOf, readParts } from './snapshot';

/** The digits a request may name by position: the run's held-out and training sets. */
export interface DigitSets {
  readonly data: MnistData;
  /** Positions in `data` of the held-out digits, in held-out order. */
  readonly heldout: ArrayLike<number>;
  /** Positions in `data` of the training digits. */
  readonly train: ArrayLike<number>;
}

/** The held-out digits' labels in held-out order (sent once, for picking by class). */
export function heldoutLabels(sets: DigitSets): Uint8Array {
  return Uint8Array.from(sets.heldout as ArrayLike<number>, (i) => sets.data.labels[i]!);
}

/** A request's 28x28 digit and its label (null when drawn). Throws on an index out of range. */
export function requestedDigit(
  r: DigitRequest,
  sets: DigitSets,
): { pixels: Float32Array; label: number | null } {
  if (r.source === 'drawn') return { pixels: r.pixels, label: null };
  const set = r.source === 'heldout' ? sets.heldout : sets.train;
  if (r.index >= set.length) {
    throw new RangeError(`${r.source} digit ${r.index} is outside 0..${set.length - 1}`);
  }
  const d = gatherDigits(sets.data, [set[r.index]!]);
  return { pixels: d.pixels, label: d.labels[0]! };
}

/**
 * One digit's activations at every layer, read back in one `data()` call and copied into arrays
 * of their own (they are transferred to the render thread).
 */
export async function inferDigit(
  model: tf.LayersModel,
  pixels: Float32Array,
): Promise<InferenceResult['activations']> {
  const parts = await readParts(() => {
    const acts = probeActivations(model, tf.tensor4d(pixels, [1, IMAGE_SIZE, IMAGE_SIZE, 1]));
    return LAYER_IDS.map((id) => [id, acts[id]] as const);
  });
  return Object.fromEntries(
    LAYER_IDS.map((id) => [id, partOf(parts, id)]),
  ) as InferenceResult['activations'];
}

export function argMax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < NUM_CLASSES; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

/** The newest unanswered request, answered between steps by the trainer loop. */
export class InferenceQueue {
  private pending: DigitRequest | null = null;

  /** Keeps only the newest request: an older one nobody waits for any more is dropped. */
  request(r: DigitRequest): void {
    this.pending = r;
  }

  get waiting(): boolean {
    return this.pending !== null;
  }

  /**
   * Answers the waiting request (one forward pass) with the weights of `step`. A request that
   * names no digit is answered with a warning instead, and training goes on.
   */
  async answer(
    model: tf.LayersModel,
    sets: DigitSets,
    step: number,
    post: (msg: FromWorker, transfer?: Transferable[]) => void,
  ): Promise<void> {
    const r = this.pending;
    if (!r) return;
    this.pending = null;
    let digit: ReturnType<typeof requestedDigit>;
    try {
      digit = requestedDigit(r, sets);
    } catch (e) {
      post({ type: 'warning', message: `no answer for that digit: ${(e as Error).message}` });
      return;
    }
    const activations = await inferDigit(model, digit.pixels);
    const result: InferenceResult = {
      id: r.id,
      source: r.source,
      index: r.source === 'drawn' ? null : r.index,
      label: digit.label,
      prediction: argMax(activations.output),
      step,
      activations,
    };
    post({ type: 'inference', result }, inferenceTransferables(result));
  }
}
