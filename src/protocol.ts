/**
 * The messages between the render thread (main) and the trainer (a module Web Worker). Both sides
 * import this file and nothing else of each other. Everything that crosses is plain data;
 * Float32Arrays are transferred, never shared or copied by structured clone.
 *
 * Every message is checked on arrival (`parseToWorker` / `parseFromWorker`): a malformed message
 * is an error the receiver reports, never something it silently drops.
 */
import type { Config } from './config/schema';
import {
  CONV1,
  CONV2,
  DENSE1_UNITS,
  IMAGE_PIXELS,
  LAYER_IDS,
  NUM_CLASSES,
  type LayerId,
  activationSize,
  kernelWeights,
  positions,
} from './network';

export type BackendName = 'webgl' | 'wasm' | 'cpu' | 'webgpu';

export interface BackendInfo {
  readonly name: BackendName;
  /** 2 for the product; null off WebGL. */
  readonly webglVersion: number | null;
  /** The GL renderer string (UNMASKED_RENDERER_WEBGL where allowed), or a description. */
  readonly renderer: string;
  /** True on a software rasteriser (SwiftShader, llvmpipe...), or on wasm/cpu. */
  readonly software: boolean;
  /** Why this backend: what `auto` saw, or the URL's choice (`chosen by ?backend=wasm`). */
  readonly reason?: string;
  /** WASM: threads in use (1 = single-threaded); null off WASM. */
  readonly threads?: number | null;
  /** WASM: SIMD in use; null off WASM. */
  readonly simd?: boolean | null;
}

export type TrainingState =
  | 'idle'
  | 'loading'
  | 'warming-up'
  | 'running'
  | 'paused'
  | 'error'
  /** The run has trained its `epochs`; a summary says how it ended. */
  | 'finished'
  /** Training stopped because the run diverged; waits for "rollBack" or "keepGoing". */
  | 'diverged'
  /** Render thread only: the run is open in another tab, which trains and saves it. */
  | 'blocked';

/** Faults a test can make the worker suffer, to prove the render thread recovers from them. */
export type TestFault = 'hang' | 'throw' | 'reject' | 'loseContext';

/**
 * What the scene needs of the network at one step. Kernels use tfjs's layout ([kh, kw, in, out]
 * flattened row-major, so index = ((y * kw + x) * in + c) * out + f). Without sharing (locally
 * connected layers) conv1Kernel/conv2Kernel and their biases are the kernels at the layer's centre
 * position, in the same layout, and conv1Positions carries conv1's own kernel at every position.
 */
export interface Snapshot {
  readonly step: number;
  readonly sharing: 'conv' | 'none';
  readonly conv1Kernel: Float32Array;
  readonly conv1Bias: Float32Array;
  readonly conv2Kernel: Float32Array;
  readonly conv2Bias: Float32Array;
  /** Per dense1 unit: the L2 norm of its incoming weights (1600 of them). */
  readonly dense1Norms: Float32Array;
  /** dense2 (the output layer) weights [128, 10] and biases [10]. */
  readonly dense2Kernel: Float32Array;
  readonly dense2Bias: Float32Array;
  /** Label of the fixed probe digit whose activations follow. */
  readonly probeLabel: number;
  /** The probe digit's activations at every layer, [h, w, c] row-major (see ACTIVATION_SHAPES). */
  readonly activations: Readonly<Record<LayerId, Float32Array>>;
  /**
   * Without sharing: conv1's kernel at each of its 676 positions, [positions, kh * kw * in, out]
   * (position = y * 26 + x). Null with sharing, where one kernel serves every position.
   */
  readonly conv1Positions: Float32Array | null;
}

export interface Metrics {
  readonly step: number;
  /** Loss of the last batch. */
  readonly loss: number;
  /** Exponential moving average of the loss. */
  readonly lossSmoothed: number;
  readonly batchAccuracy: number;
  /** Steps per second over the last few seconds of running. */
  readonly stepsPerSecond: number;
  /** Wall time since this run began training, excluding pauses, in ms. */
  readonly trainingMs: number;
  /** Passes over the training digits so far (fractional). */
  readonly epoch?: number;
  /** The learning rate the step used (the schedule's, from the rate the user set). */
  readonly lr?: number;
}

export interface Evaluation {
  readonly step: number;
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly trainingMs: number;
  /** The 10x10 confusion matrix of this evaluation, with what it was made from. */
  readonly confusion?: Confusion;
  /** Held-out indices (0..999, positions in the held-out set) the network got wrong. */
  readonly mistakes?: readonly number[];
}

/**
 * Row = true label, column = predicted label: counts[t * 10 + p] held-out digits of class t were
 * called p. `labels` and `predicted` are per held-out digit (its position in the held-out set),
 * so a cell can name the digits behind it.
 */
export interface Confusion {
  readonly counts: readonly number[];
  readonly labels: Uint8Array;
  readonly predicted: Uint8Array;
}

/** Download names of the two model files (model.json's manifest names the weights file). */
export const MODEL_FILE_NAMES = {
  model: 'weightroom.json',
  weights: 'weightroom.weights.bin',
} as const;

/** The trained network in TF.js layers format: model.json's text and its weights file. */
export interface ModelFiles {
  readonly modelJson: string;
  readonly weights: ArrayBuffer;
}

/** Where a digit the learner asked about comes from. */
export type ProbeSource = 'drawn' | 'heldout' | 'train';

/** A digit to run through the network between training steps. */
export type DigitRequest =
  /** A drawn digit, already preprocessed MNIST-style: 784 values in [0, 1]. */
  | { readonly id: number; readonly source: 'drawn'; readonly pixels: Float32Array }
  /** A digit of the run's own held-out set or training set, by position in that set. */
  | { readonly id: number; readonly source: 'heldout' | 'train'; readonly index: number };

/** The network's answer for one digit: a snapshot's probe part, for the learner's digit. */
export interface InferenceResult {
  /** The request's id. */
  readonly id: number;
  readonly source: ProbeSource;
  /** Position in the held-out or training set; null when drawn. */
  readonly index: number | null;
  /** The true label; null when drawn. */
  readonly label: number | null;
  readonly prediction: number;
  /** Training step of the weights that answered. */
  readonly step: number;
  /** Every layer's activations, [h, w, c] row-major; `output` holds the 10 probabilities. */
  readonly activations: Readonly<Record<LayerId, Float32Array>>;
}

/** The governor's instruction to the trainer. */
export interface Pace {
  /** Upper bound on steps per second; null = as fast as it goes. */
  readonly maxStepsPerSecond: number | null;
  /** Steps between snapshots (the governor may stretch the configured value). */
  readonly snapshotEvery: number;
}

/** A conv kernel the page has selected; the worker explains its gradient while it stays selected. */
export interface KernelRef {
  readonly layer: 'conv1' | 'conv2';
  readonly filter: number;
}

/**
 * The selected kernel's weight gradient for the probe digit, as a sum over the positions it serves
 * (see src/train/kernelContributions.ts). Pictures are summed over input channels: kh x kw each.
 */
export interface KernelGradient {
  readonly step: number;
  readonly layer: 'conv1' | 'conv2';
  readonly filter: number;
  readonly sharing: 'conv' | 'none';
  readonly probeLabel: number;
  /** Output positions the kernel serves: 676 (26x26) for conv1, 121 (11x11) for conv2. */
  readonly positions: number;
  /** Each position's contribution, [positions, kh, kw], position = y * side + x. */
  readonly contributions: Float32Array;
  /** Each position's contribution's L2 norm (over every input channel), [positions]. */
  readonly magnitudes: Float32Array;
  /** Their sum, [kh, kw]: the kernel's gradient. Null without sharing, where nothing is summed. */
  readonly sum: Float32Array | null;
  /**
   * ||sum - tfjs's gradient|| / ||tfjs's gradient|| per input channel, on the same digit; without
   * sharing, every position's contribution against that position's own kernel gradient.
   */
  readonly sumRelativeError: number;
  /**
   * What Adam changed in this kernel at the last step (after minus before), [kh, kw]; without
   * sharing, the centre position's kernel. Null until a step has run while it was selected.
   */
  readonly update: Float32Array | null;
  /**
   * Wall time the worker spent explaining this gradient (forward and backward pass on the digit,
   * the read-back, the per-position sums), in ms: what a selected kernel costs each snapshot.
   */
  readonly ms: number;
}

/** The largest whole-pixel move of the probe digit, either way on either axis. */
export const MAX_PROBE_SHIFT = 4;

/** The probe digit moved by `shift`, measured (see src/train/shiftProbe.ts). */
export interface ShiftMeasureReport {
  readonly step: number;
  /** [dx, dy]: right and down, whole pixels. */
  readonly shift: readonly [number, number];
  readonly probeLabel: number;
  /** ||map(shift x) - shift(map x)|| / ||map x|| over the interior; NaN when nothing to compare. */
  readonly conv1: number;
  readonly conv2: number;
  /** p(probeLabel) at every shift, 9x9 row-major: dy from -4 (top), dx from -4 (left). */
  readonly predictionUnderShift: Float32Array;
}

export interface MemoryInfo {
  readonly numTensors: number;
  readonly numBytes: number;
}

// ---- main -> worker -------------------------------------------------------------------------

export type ToWorker =
  /** First message: what to train. The worker loads data and the backend, then resumes or starts. */
  | { readonly type: 'init'; readonly config: Config; readonly dataUrl: string }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  /** Start over: the user has confirmed that the saved run will be replaced. */
  | { readonly type: 'reset' }
  | { readonly type: 'pace'; readonly pace: Pace }
  /** Change Adam's learning rate in place (no restart needed). */
  | { readonly type: 'setLearningRate'; readonly lr: number }
  /**
   * Save a checkpoint now (page hidden or closing). With an id, the worker answers with
   * "checkpointDone" carrying it, whether or not anything needed writing.
   */
  | { readonly type: 'checkpoint'; readonly id?: number }
  /** After divergence: restore the last good checkpoint, divide the learning rate by 10, go on. */
  | { readonly type: 'rollBack' }
  /** After divergence: carry on from where the run is. */
  | { readonly type: 'keepGoing' }
  /** Test hook: make the worker fail in one of the ways the render thread must survive. */
  | { readonly type: 'testFault'; readonly fault: TestFault }
  /** The kernel now selected (null: none): its gradient comes with each snapshot while selected. */
  | { readonly type: 'selectKernel'; readonly kernel: KernelRef | null }
  /** Move the probe digit by whole pixels; snapshots then show the moved digit's maps. */
  | { readonly type: 'shiftProbe'; readonly shift: readonly [number, number] }
  /** Send the network as model files ("Download model"). */
  | { readonly type: 'exportModel' }
  /** Replace the network's weights with a saved model's, if it is this architecture. */
  | { readonly type: 'importModel'; readonly files: ModelFiles }
  /** Run a digit through the network between steps; the newest request supersedes older ones. */
  | { readonly type: 'infer'; readonly request: DigitRequest };

// ---- worker -> main -------------------------------------------------------------------------

export type FromWorker =
  | {
      readonly type: 'state';
      readonly state: TrainingState;
      /** Human-readable detail ("compiling shaders 3/5", the error message...). */
      readonly detail: string;
      /** 0..1 while loading or warming up; null otherwise. */
      readonly progress: number | null;
    }
  | { readonly type: 'backend'; readonly backend: BackendInfo }
  | { readonly type: 'metrics'; readonly metrics: Metrics; readonly memory: MemoryInfo }
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly type: 'evaluation'; readonly evaluation: Evaluation }
  /** A checkpoint landed in IndexedDB: the run's key, and the record (generation) written. */
  | {
      readonly type: 'checkpointSaved';
      readonly key: string;
      readonly step: number;
      readonly record: string;
    }
  /** Answer to a "checkpoint" with an id: the newest step in storage is `step` (saved: written now). */
  | {
      readonly type: 'checkpointDone';
      readonly id: number;
      readonly step: number;
      readonly saved: boolean;
    }
  /**
   * The run continues from a checkpoint (or starts fresh: step 0, resumedFrom null), with the
   * learning rate in force (a checkpoint's own, a rolled-back run's lowered one).
   */
  | {
      readonly type: 'runStarted';
      readonly key: string;
      readonly resumedFrom: number | null;
      readonly lr: number;
    }
  /** The trainer is alive (posted every few seconds whatever it is doing), at this step. */
  | { readonly type: 'heartbeat'; readonly step: number }
  /** The worker hit an error it cannot recover from itself; the render thread restarts it. */
  | { readonly type: 'fault'; readonly message: string }
  /** Something the user should know that does not stop training (a checkpoint kept aside...). */
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'kernelGradient'; readonly gradient: KernelGradient }
  | { readonly type: 'shiftMeasure'; readonly measure: ShiftMeasureReport }
  /** The network as model files, at `step` (answers exportModel). */
  | { readonly type: 'modelExported'; readonly files: ModelFiles; readonly step: number }
  /** Answers importModel: the weights now in use, or why the file was refused (run untouched). */
  | { readonly type: 'modelImported'; readonly step: number; readonly name: string }
  | { readonly type: 'modelRefused'; readonly message: string }
  /** The answer for a digit sent with `infer`. */
  | { readonly type: 'inference'; readonly result: InferenceResult }
  /** The held-out digits' labels, in held-out order, once the data is loaded (for picking). */
  | { readonly type: 'heldout'; readonly labels: Uint8Array };

// ---- validation -----------------------------------------------------------------------------

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
const isF32 = (v: unknown): v is Float32Array => v instanceof Float32Array;

function need(ok: boolean, what: string, msg: unknown): asserts ok {
  if (!ok) {
    const type = isObj(msg) ? String(msg.type) : typeof msg;
    throw new ProtocolError(`malformed "${type}" message: ${what}`);
  }
}

function needLength(a: Float32Array, want: number, what: string, msg: unknown): void {
  need(a.length === want, `${what} has ${a.length} values, want ${want}`, msg);
}

const TRAINING_STATES: readonly string[] = [
  'idle',
  'loading',
  'warming-up',
  'running',
  'paused',
  'error',
  'finished',
  'diverged',
];
const TEST_FAULTS: readonly string[] = ['hang', 'throw', 'reject', 'loseContext'];
const SNAPSHOT_ARRAYS = [
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

const ACTIVATION_KEYS = LAYER_IDS;

function isKernelRef(v: unknown): v is KernelRef {
  return (
    isObj(v) &&
    (v.layer === 'conv1' || v.layer === 'conv2') &&
    isNum(v.filter) &&
    Number.isInteger(v.filter) &&
    v.filter >= 0 &&
    v.filter < (v.layer === 'conv1' ? CONV1.filters : CONV2.filters)
  );
}

function isShift(v: unknown): v is readonly [number, number] {
  return (
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((d) => Number.isInteger(d) && Math.abs(d as number) <= MAX_PROBE_SHIFT)
  );
}
const PROBE_SOURCES: readonly string[] = ['drawn', 'heldout', 'train'];

/** Checks a message that arrived at the worker. Throws ProtocolError naming what is wrong. */
export function parseToWorker(msg: unknown): ToWorker {
  need(isObj(msg) && typeof msg.type === 'string', 'not an object with a type', msg);
  const m = msg as Obj;
  switch (m.type) {
    case 'init':
      need(isObj(m.config), 'config missing', m);
      need(typeof m.dataUrl === 'string', 'dataUrl missing', m);
      break;
    case 'pause':
    case 'resume':
    case 'reset':
    case 'rollBack':
    case 'keepGoing':
      break;
    case 'checkpoint':
      need(
        m.id === undefined || (isNum(m.id) && Number.isInteger(m.id)),
        'id must be an integer',
        m,
      );
      break;
    case 'testFault':
      need(TEST_FAULTS.includes(m.fault as string), 'unknown fault', m);
      break;
    case 'pace': {
      const p = m.pace;
      need(isObj(p), 'pace missing', m);
      need(
        p.maxStepsPerSecond === null || (isNum(p.maxStepsPerSecond) && p.maxStepsPerSecond > 0),
        'maxStepsPerSecond must be null or > 0',
        m,
      );
      need(isNum(p.snapshotEvery) && p.snapshotEvery >= 1, 'snapshotEvery must be >= 1', m);
      break;
    }
    case 'setLearningRate':
      need(isNum(m.lr) && m.lr > 0 && m.lr <= 1, 'lr must be in (0, 1]', m);
      break;
    case 'selectKernel':
      need(m.kernel === null || isKernelRef(m.kernel), 'kernel must be null or a conv kernel', m);
      break;
    case 'shiftProbe':
      need(
        isShift(m.shift),
        `shift must be [dx, dy], whole pixels in -${MAX_PROBE_SHIFT}..${MAX_PROBE_SHIFT}`,
        m,
      );
      break;
    case 'exportModel':
      break;
    case 'importModel':
      need(isModelFiles(m.files), 'files must hold modelJson text and a weights ArrayBuffer', m);
      break;
    case 'infer': {
      const r = m.request;
      need(isObj(r) && isNum(r.id), 'request.id missing', m);
      if (r.source === 'drawn') {
        need(isF32(r.pixels) && r.pixels.length === IMAGE_PIXELS, 'pixels must be 784 floats', m);
      } else {
        need(r.source === 'heldout' || r.source === 'train', 'unknown request.source', m);
        need(isNum(r.index) && Number.isInteger(r.index) && r.index >= 0, 'request.index', m);
      }
      break;
    }
    default:
      need(false, 'unknown type', m);
  }
  return m as unknown as ToWorker;
}

/** Checks a message that arrived from the worker. Throws ProtocolError naming what is wrong. */
export function parseFromWorker(msg: unknown): FromWorker {
  need(isObj(msg) && typeof msg.type === 'string', 'not an object with a type', msg);
  const m = msg as Obj;
  switch (m.type) {
    case 'state':
      need(TRAINING_STATES.includes(m.state as string), 'unknown state', m);
      need(typeof m.detail === 'string', 'detail missing', m);
      need(m.progress === null || isNum(m.progress), 'progress must be null or a number', m);
      break;
    case 'backend': {
      const b = m.backend;
      need(isObj(b) && typeof b.name === 'string' && typeof b.renderer === 'string', 'backend', m);
      break;
    }
    case 'metrics':
      need(isObj(m.metrics) && isNum((m.metrics as Obj).step), 'metrics.step', m);
      need(isObj(m.memory), 'memory', m);
      break;
    case 'snapshot': {
      const s = m.snapshot;
      need(isObj(s) && isNum(s.step), 'snapshot.step', m);
      need(s.sharing === 'conv' || s.sharing === 'none', 'snapshot.sharing', m);
      for (const k of SNAPSHOT_ARRAYS) {
        need(isF32(s[k]), `snapshot.${k} is not a Float32Array`, m);
        needLength(s[k], SNAPSHOT_LENGTHS[k], `snapshot.${k}`, m);
      }
      need(isObj(s.activations), 'snapshot.activations', m);
      const acts = s.activations as Obj;
      for (const k of ACTIVATION_KEYS) {
        need(isF32(acts[k]), `snapshot.activations.${k}`, m);
        needLength(acts[k], activationSize(k), `snapshot.activations.${k}`, m);
      }
      if (s.sharing === 'none') {
        need(isF32(s.conv1Positions), 'snapshot.conv1Positions is not a Float32Array', m);
        needLength(s.conv1Positions, CONV1_POSITIONS_LENGTH, 'snapshot.conv1Positions', m);
      } else {
        need(s.conv1Positions === null, 'snapshot.conv1Positions must be null with sharing', m);
      }
      break;
    }
    case 'evaluation': {
      need(isObj(m.evaluation) && isNum((m.evaluation as Obj).testAccuracy), 'evaluation', m);
      const c = (m.evaluation as Obj).confusion;
      need(c === undefined || isConfusion(c), 'evaluation.confusion', m);
      break;
    }
    case 'modelExported':
      need(isModelFiles(m.files) && isNum(m.step), 'files/step', m);
      break;
    case 'modelImported':
      need(isNum(m.step) && typeof m.name === 'string', 'step/name', m);
      break;
    case 'modelRefused':
      need(typeof m.message === 'string', 'message', m);
      break;
    case 'checkpointSaved':
      need(typeof m.key === 'string' && isNum(m.step), 'key/step', m);
      need(typeof m.record === 'string', 'record', m);
      break;
    case 'checkpointDone':
      need(isNum(m.id) && isNum(m.step) && typeof m.saved === 'boolean', 'id/step/saved', m);
      break;
    case 'runStarted':
      need(typeof m.key === 'string', 'key', m);
      need(m.resumedFrom === null || isNum(m.resumedFrom), 'resumedFrom', m);
      need(isNum(m.lr) && m.lr > 0, 'lr', m);
      break;
    case 'heartbeat':
      need(isNum(m.step), 'step', m);
      break;
    case 'fault':
      need(typeof m.message === 'string', 'message', m);
      break;
    case 'warning':
      need(typeof m.message === 'string', 'message', m);
      break;
    case 'kernelGradient': {
      const g = m.gradient;
      need(isObj(g) && isNum(g.step) && isKernelRef(g), 'gradient.step/layer/filter', m);
      need(isNum(g.positions) && g.positions >= 1, 'gradient.positions', m);
      need(isF32(g.contributions) && isF32(g.magnitudes), 'gradient arrays', m);
      need(g.sum === null || isF32(g.sum), 'gradient.sum', m);
      need(g.update === null || isF32(g.update), 'gradient.update', m);
      need(typeof g.sumRelativeError === 'number', 'gradient.sumRelativeError', m);
      need(isNum(g.ms) && g.ms >= 0, 'gradient.ms', m);
      break;
    }
    case 'shiftMeasure': {
      const r = m.measure;
      need(isObj(r) && isNum(r.step) && isShift(r.shift), 'measure.step/shift', m);
      need(typeof r.conv1 === 'number' && typeof r.conv2 === 'number', 'measure.conv1/conv2', m);
      need(isF32(r.predictionUnderShift), 'measure.predictionUnderShift', m);
      break;
    }
    case 'inference': {
      const r = m.result;
      need(isObj(r) && isNum(r.id) && isNum(r.step) && isNum(r.prediction), 'result', m);
      need(PROBE_SOURCES.includes(r.source as string), 'result.source', m);
      need(isObj(r.activations), 'result.activations', m);
      const acts = r.activations as Obj;
      for (const k of ACTIVATION_KEYS) need(isF32(acts[k]), `result.activations.${k}`, m);
      break;
    }
    case 'heldout':
      need(m.labels instanceof Uint8Array, 'labels is not a Uint8Array', m);
      break;
    default:
      need(false, 'unknown type', m);
  }
  return m as unknown as FromWorker;
}

function isModelFiles(v: unknown): v is ModelFiles {
  return isObj(v) && typeof v.modelJson === 'string' && v.weights instanceof ArrayBuffer;
}

function isConfusion(v: unknown): v is Confusion {
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

/** The buffers of a snapshot, for postMessage's transfer list. */
export function snapshotTransferables(s: Snapshot): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const k of SNAPSHOT_ARRAYS) out.push(s[k].buffer as ArrayBuffer);
  for (const k of ACTIVATION_KEYS) out.push(s.activations[k].buffer as ArrayBuffer);
  if (s.conv1Positions) out.push(s.conv1Positions.buffer as ArrayBuffer);
  return out;
}

/** The buffers of a kernel gradient, for postMessage's transfer list. */
export function kernelGradientTransferables(g: KernelGradient): ArrayBuffer[] {
  const out = [g.contributions.buffer as ArrayBuffer, g.magnitudes.buffer as ArrayBuffer];
  if (g.sum) out.push(g.sum.buffer as ArrayBuffer);
  if (g.update) out.push(g.update.buffer as ArrayBuffer);
  return out;
}

/** The buffers of an inference result, for postMessage's transfer list. */
export function inferenceTransferables(r: InferenceResult): ArrayBuffer[] {
  return ACTIVATION_KEYS.map((k) => r.activations[k].buffer as ArrayBuffer);
}
