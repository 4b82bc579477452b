/**
 * What both parsers check a message with: the error they throw, the shape tests, and the lengths
 * the network's shapes give each array.
 */
import {
  CONV1,
  CONV2,
  DENSE1_UNITS,
  LAYER_IDS,
  NUM_CLASSES,
  kernelWeights,
  positions,
} from '../network';
import { type Confusion, type KernelRef, MAX_PROBE_SHIFT, type ModelFiles } from './messages';

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;
export const isNum = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
export const isF32 = (v: unknown): v is Float32Array => v instanceof Float32Array;

export function need(ok: boolean, what: string, msg: unknown): asserts ok {
  if (!ok) {
    const type = isObj(msg) ? String(msg.type) : typeof msg;
    throw new ProtocolError(`malformed "${type}" message: ${what}`);
  }
}

export function needLength(a: Float32Array, want: number, what: string, msg: unknown): void {
  need(a.length === want, `${what} has ${a.length} values, want ${want}`, msg);
}

export const TRAINING_STATES: readonly string[] = [
  'idle',
  'loading',
  'warming-up',
  'running',
  'paused',
  'error',
  'finished',
  'diverged',
];
export const TEST_FAULTS: readonly string[] = ['hang', 'throw', 'reject', 'loseContext'];
export const SNAPSHOT_ARRAYS = [
  'conv1Kernel',
  'conv1Bias',
  'conv2Kernel',
  'conv2Bias',
  'dense1Norms',
  'dense2Kernel',
  'dense2Bias',
] as const;
/**
 * The length each snapshot array must have, from the network's shapes: a short or long array
 * would draw someone else's numbers into the kernel and activation textures.
 */
export const SNAPSHOT_LENGTHS: Readonly<Record<(typeof SNAPSHOT_ARRAYS)[number], number>> = {
  conv1Kernel: kernelWeights(CONV1) * CONV1.filters,
  conv1Bias: CONV1.filters,
  conv2Kernel: kernelWeights(CONV2) * CONV2.filters,
  conv2Bias: CONV2.filters,
  dense1Norms: DENSE1_UNITS,
  dense2Kernel: DENSE1_UNITS * NUM_CLASSES,
  dense2Bias: NUM_CLASSES,
};
/** Without sharing: conv1's own kernel at each of its positions. */
export const CONV1_POSITIONS_LENGTH = positions(CONV1) * kernelWeights(CONV1) * CONV1.filters;

export const ACTIVATION_KEYS = LAYER_IDS;

export function isKernelRef(v: unknown): v is KernelRef {
  return (
    isObj(v) &&
    (v.layer === 'conv1' || v.layer === 'conv2') &&
    isNum(v.filter) &&
    Number.isInteger(v.filter) &&
    v.filter >= 0 &&
    v.filter < (v.layer === 'conv1' ? CONV1.filters : CONV2.filters)
  );
}

export function isShift(v: unknown): v is readonly [number, number] {
  return (
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((d) => Number.isInteger(d) && Math.abs(d as number) <= MAX_PROBE_SHIFT)
  );
}
export const PROBE_SOURCES: readonly string[] = ['drawn', 'heldout', 'train'];

export function isModelFiles(v: unknown): v is ModelFiles {
  return isObj(v) && typeof v.modelJson === 'string' && v.weights instanceof ArrayBuffer;
}

export function isConfusion(v: unknown): v is Confusion {
  if (!isObj(v) || !(v.labels instanceof Uint8Array) || !(v.predicted instanceof Uint8Array)) {
    return false;
  }
  const counts = v.counts;
  return (
    Array.isArray(counts) &&
    counts.length === 100 &&
    counts.every((n) => Number.isInteger(n) && n >= 0) &&
    v.labels.length === v.predicted.length
  );
}
