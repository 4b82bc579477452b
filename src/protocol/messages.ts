/**
 * The messages between the render thread (main) and the trainer, and what they carry: plain data;
 * Float32Arrays are transferred, never shared or copied by structured clone.
 */
import type { Config } from '../config/schema';
import type { LayerId } from '../network';

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
  /** Comparison twins: accuracy on a fixed training sample as large as the held-out set. */
  readonly trainAccuracy?: number;
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
  /** `chunks`: evaluation chunks done so far (a long evaluation that advances is not a hang). */
  | { readonly type: 'heartbeat'; readonly step: number; readonly chunks?: number }
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
