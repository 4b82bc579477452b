/**
 * Checkpoints: the model's weights, Adam's moments and step count, the step and the run's training
 * time, so a reload carries on where it stopped. Three layers, each testable on its own:
 *
 *  - `serializeCheckpoint` / `deserializeCheckpoint`: pure functions between a `Checkpoint` and one
 *    ArrayBuffer, checked end to end (magic, version, lengths, FNV-1a checksum);
 *  - `checkCompatible`: does a decoded checkpoint fit this model and run?
 *  - `CheckpointStore` (checkpointStore.ts): a thin IndexedDB map from run key to ArrayBuffer.
 *
 * Buffer layout (little-endian):
 *   0  'WRCK' magic     4  u16 version    6  u16 reserved (0)
 *   8  u32 header bytes (JSON, UTF-8, padded with spaces to a multiple of 4)
 *  12  u32 FNV-1a 32 of every byte after offset 16
 *  16  header JSON, then float32 values of every tensor, in header order
 */
import type { Config } from '../config/schema';
import { RUN_IDENTITY_KEYS } from '../config/schema';
import { fnv1a } from '../data/mnistFormat';

export const CHECKPOINT_MAGIC = 'WRCK';
export const CHECKPOINT_VERSION = 1;
const PREFIX_BYTES = 16;

export interface SavedTensor {
  /** Canonical name ("conv1/kernel", "conv1/kernel/m"...), stable across model rebuilds. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export interface Checkpoint {
  readonly key: string;
  readonly step: number;
  /** Training time of the run so far, excluding pauses, in ms. */
  readonly trainingMs: number;
  readonly config: Config;
  /** Model weights in model order. */
  readonly weights: readonly SavedTensor[];
  /** Adam's step count. */
  readonly optimizerIterations: number;
  /** Adam's moments in its own order: every first moment, then every second moment (or none). */
  readonly optimizerMoments: readonly SavedTensor[];
}

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`checkpoint "${key}": ${problem}`);
  }
}

interface HeaderTensor {
  name: string;
  shape: number[];
}
interface Header {
  key: string;
  step: number;
  trainingMs: number;
  config: Config;
  optimizerIterations: number;
  weights: HeaderTensor[];
  moments: HeaderTensor[];
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function serializeCheckpoint(c: Checkpoint): ArrayBuffer {
  const all = [...c.weights, ...c.optimizerMoments];
  for (const t of all) {
    if (t.values.length !== sizeOf(t.shape)) {
      throw new RangeError(`tensor ${t.name}: ${t.values.length} values for shape [${t.shape}]`);
    }
  }
  const header: Header = {
    key: c.key,
    step: c.step,
    trainingMs: c.trainingMs,
    config: c.config,
    optimizerIterations: c.optimizerIterations,
    weights: c.weights.map((t) => ({ name: t.name, shape: [...t.shape] })),
    moments: c.optimizerMoments.map((t) => ({ name: t.name, shape: [...t.shape] })),
  };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 4) * 4;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const floats = all.reduce((n, t) => n + t.values.length, 0);
  const buffer = new ArrayBuffer(PREFIX_BYTES + json.length + floats * 4);
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  for (let i = 0; i < 4; i++) bytes[i] = CHECKPOINT_MAGIC.charCodeAt(i);
  view.setUint16(4, CHECKPOINT_VERSION, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, PREFIX_BYTES);
  const data = new Float32Array(buffer, PREFIX_BYTES + json.length, floats);
  let at = 0;
  for (const t of all) {
    data.set(t.values, at);
    at += t.values.length;
  }
  view.setUint32(12, fnv1a(bytes, PREFIX_BYTES), true);
  return buffer;
}

const isShape = (s: unknown): s is number[] =>
  Array.isArray(s) && s.every((d) => Number.isSafeInteger(d) && (d as number) > 0);

/** Decodes a checkpoint; throws CheckpointError naming what is wrong with it. */
export function deserializeCheckpoint(buffer: ArrayBuffer, key: string): Checkpoint {
  const bad = (problem: string): never => {
    throw new CheckpointError(key, problem);
  };
  if (!(buffer instanceof ArrayBuffer)) bad('not binary data');
  const bytes = new Uint8Array(buffer);
  if (bytes.length < PREFIX_BYTES) bad(`truncated: ${bytes.length} bytes`);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== CHECKPOINT_MAGIC) bad(`not a Weightroom checkpoint (magic "${magic}")`);
  const view = new DataView(buffer);
  const version = view.getUint16(4, true);
  if (version !== CHECKPOINT_VERSION) {
    bad(`format version ${version}, this app reads version ${CHECKPOINT_VERSION}`);
  }
  const headerBytes = view.getUint32(8, true);
  if (headerBytes % 4 !== 0 || PREFIX_BYTES + headerBytes > bytes.length) {
    bad(`truncated or damaged header (${headerBytes} bytes in a ${bytes.length}-byte checkpoint)`);
  }
  const checksum = view.getUint32(12, true);
  const actual = fnv1a(bytes, PREFIX_BYTES);
  if (checksum !== actual) {
    bad(
      `corrupt: checksum ${checksum.toString(16)} does not match contents (${actual.toString(16)})`,
    );
  }
  let header: Header;
  try {
    header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes)),
    ) as Header;
  } catch {
    return bad('header is not valid JSON');
  }
  const h = header as unknown as Record<string, unknown>;
  if (typeof h !== 'object' || h === null) bad('header is not an object');
  if (!Number.isSafeInteger(h.step) || (h.step as number) < 0) bad('step missing or invalid');
  if (typeof h.trainingMs !== 'number' || !(h.trainingMs >= 0)) bad('trainingMs invalid');
  if (!Number.isSafeInteger(h.optimizerIterations)) bad('optimizer iterations missing');
  if (typeof h.config !== 'object' || h.config === null) bad('config missing');
  for (const list of ['weights', 'moments'] as const) {
    const l = h[list];
    if (!Array.isArray(l)) bad(`${list} list missing`);
    for (const t of l as unknown[]) {
      const r = t as Record<string, unknown>;
      if (typeof r?.name !== 'string' || !isShape(r.shape))
        bad(`${list}: a tensor entry is invalid`);
    }
  }
  const entries = [...header.weights, ...header.moments];
  const floats = entries.reduce((n, t) => n + sizeOf(t.shape), 0);
  const want = PREFIX_BYTES + headerBytes + floats * 4;
  if (bytes.length !== want) {
    bad(`${bytes.length} bytes, the tensors it lists need ${want}`);
  }
  let at = PREFIX_BYTES + headerBytes;
  const read = (t: HeaderTensor): SavedTensor => {
    const n = sizeOf(t.shape);
    // A copy: the caller may keep tensors while the buffer goes back to IndexedDB or is dropped.
    const values = new Float32Array(buffer.slice(at, at + n * 4));
    at += n * 4;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(values[i])) bad(`tensor ${t.name} holds a non-finite value at ${i}`);
    }
    return { name: t.name, shape: t.shape, values };
  };
  const weights = header.weights.map(read);
  const optimizerMoments = header.moments.map(read);
  return {
    key: header.key,
    step: header.step,
    trainingMs: header.trainingMs,
    config: header.config,
    optimizerIterations: header.optimizerIterations,
    weights,
    optimizerMoments,
  };
}

/**
 * Whether a decoded checkpoint can continue this run: same identity (seed, batch, sharing), the
 * model's weights with the same names and shapes, and Adam's moments either absent (saved before
 * the first step) or one first and one second moment per weight, shaped like it. Returns the
 * problem in words, or null.
 */
export function checkCompatible(
  c: Checkpoint,
  config: Config,
  expected: readonly { name: string; shape: readonly number[] }[],
): string | null {
  for (const k of RUN_IDENTITY_KEYS) {
    if (c.config[k] !== config[k])
      return `saved with ${k}=${String(c.config[k])}, this run has ${k}=${String(config[k])}`;
  }
  if (c.weights.length !== expected.length) {
    return `${c.weights.length} weight tensors, the model has ${expected.length}`;
  }
  const same = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((d, i) => d === b[i]);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const w = c.weights[i]!;
    if (w.name !== e.name) return `weight ${i} is "${w.name}", the model's is "${e.name}"`;
    if (!same(w.shape, e.shape)) {
      return `weight ${e.name} has shape [${w.shape}], the model's is [${e.shape}]`;
    }
  }
  const m = c.optimizerMoments;
  if (m.length !== 0 && m.length !== 2 * expected.length) {
    return `${m.length} optimizer moments, want 0 or ${2 * expected.length}`;
  }
  for (let i = 0; i < m.length; i++) {
    const e = expected[i % expected.length]!;
    if (!same(m[i]!.shape, e.shape)) {
      return `optimizer moment ${m[i]!.name} has shape [${m[i]!.shape}], want [${e.shape}]`;
    }
  }
  return null;
}
