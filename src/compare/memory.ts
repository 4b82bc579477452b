/**
 * Can this device hold the unshared twin? A browser does not say how much GPU memory a page may
 * use, so the answer is a documented guess: a fixed fraction of `navigator.deviceMemory` (the
 * device's RAM in GiB, rounded down to a power of two and capped at 8 by Chrome), or of a
 * conservative default where the browser does not tell (Firefox, Safari). It is compared with
 * what both twins need at once: their weights, gradients and Adam moments (trainingBytesEstimate)
 * plus the activations of the largest batch either one pushes through the network.
 */
import type { SharingMode } from '../config/schema';
import {
  ACTIVATION_SHAPES,
  CONV1,
  CONV2,
  type ConvSpec,
  LAYER_IDS,
  kernelWeights,
  positions,
  trainingBytesEstimate,
} from '../network';

export const MEMORY_POLICY = {
  /**
   * Share of the device's RAM a comparison may count on. A headset's GPU shares that RAM with the
   * OS, the compositor, the browser and the room being drawn; an eighth (1 GiB of a Quest 3's
   * 8 GiB, 512 MiB of a Quest 2's reported 4) leaves them the rest.
   */
  fraction: 1 / 8,
  /**
   * RAM assumed when the browser does not report it: 2 GiB, below any headset or desktop that
   * runs WebXR, so the guess errs on the safe side.
   */
  defaultDeviceGiB: 2,
  /**
   * Digits per held-out evaluation chunk (the trainer's TRAINER_DEFAULTS.evalChunk; the render
   * side may not import the trainer, so it is repeated here).
   */
  evalChunk: 200,
} as const;

const GIB = 1024 ** 3;
const FLOAT_BYTES = 4;

/** Floats of the patch matrix a convolution reads per digit (im2col, or the unshared layer's). */
function patchFloats(spec: ConvSpec): number {
  return positions(spec) * kernelWeights(spec);
}

/** Floats one digit occupies on its way forward: every layer's activation and both patch matrices. */
export function forwardFloatsPerDigit(): number {
  let floats = patchFloats(CONV1) + patchFloats(CONV2);
  for (const id of LAYER_IDS) {
    const [h, w, c] = ACTIVATION_SHAPES[id];
    floats += h * w * c;
  }
  return floats;
}

/**
 * Bytes a mode needs resident to train at `batch`: its parameters with gradients and Adam
 * moments, plus the larger of a training step's activations (forward kept for the backward pass,
 * and the gradients of the same size) and an evaluation chunk's forward pass.
 */
export function runBytesEstimate(sharing: SharingMode, batch: number): number {
  const activationDigits = Math.max(2 * batch, MEMORY_POLICY.evalChunk);
  return trainingBytesEstimate(sharing) + activationDigits * forwardFloatsPerDigit() * FLOAT_BYTES;
}

export interface MemoryBudget {
  /** Bytes the comparison may use. */
  readonly bytes: number;
  /** The device RAM the budget came from, in GiB, and whether the browser reported it. */
  readonly deviceGiB: number;
  readonly reported: boolean;
}

/** The budget from `navigator.deviceMemory` (pass undefined where the browser has none). */
export function memoryBudget(deviceMemoryGiB: number | undefined): MemoryBudget {
  const reported =
    typeof deviceMemoryGiB === 'number' && Number.isFinite(deviceMemoryGiB) && deviceMemoryGiB > 0;
  const deviceGiB = reported ? deviceMemoryGiB : MEMORY_POLICY.defaultDeviceGiB;
  return { bytes: deviceGiB * GIB * MEMORY_POLICY.fraction, deviceGiB, reported };
}

export interface MemoryVerdict {
  readonly fits: boolean;
  /** Both twins together, resident at once. */
  readonly needBytes: number;
  readonly budget: MemoryBudget;
}

/** Whether the shared and the unshared twin fit together at `batch` within `budget`. */
export function checkComparisonMemory(batch: number, budget: MemoryBudget): MemoryVerdict {
  const needBytes = runBytesEstimate('conv', batch) + runBytesEstimate('none', batch);
  return { fits: needBytes <= budget.bytes, needBytes, budget };
}

/** What `navigator.deviceMemory` says, where the browser has it. */
export function readDeviceMemory(): number | undefined {
  const nav = globalThis.navigator as (Navigator & { deviceMemory?: unknown }) | undefined;
  const v = nav?.deviceMemory;
  return typeof v === 'number' ? v : undefined;
}
