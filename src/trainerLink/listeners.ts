/**
 * Who listens to the trainer: the run's reports (snapshots, metrics...), the model files' events
 * and the learner's digit's answers. One set per kind; the client adds, the receiver calls.
 */
import type {
  Evaluation,
  FromWorker,
  InferenceResult,
  KernelGradient,
  Metrics,
  ShiftMeasureReport,
  Snapshot,
} from '../protocol';

export interface TrainerListeners {
  snapshot?: (s: Snapshot) => void;
  metrics?: (m: Metrics) => void;
  evaluation?: (e: Evaluation) => void;
  kernelGradient?: (g: KernelGradient) => void;
  shiftMeasure?: (m: ShiftMeasureReport) => void;
  runStarted?: (run: { key: string; resumedFrom: number | null }) => void;
}

/** What the learner's-digit side listens to (apart from TrainerListeners: stand-ins need not). */
export interface DigitListeners {
  /** The answer for a digit sent with `infer`. */
  inference: (r: InferenceResult) => void;
  /** The held-out digits' labels, once the data is loaded. */
  heldout: (labels: Uint8Array) => void;
}

/** The worker's answers about model files: exported, loaded into the run, or refused (and why). */
export type ModelEvent = Extract<
  FromWorker,
  { type: 'modelExported' } | { type: 'modelImported' } | { type: 'modelRefused' }
>;

export class TrainerListenerSets {
  readonly run: { [K in keyof TrainerListeners]-?: Set<NonNullable<TrainerListeners[K]>> } = {
    snapshot: new Set(),
    metrics: new Set(),
    evaluation: new Set(),
    kernelGradient: new Set(),
    shiftMeasure: new Set(),
    runStarted: new Set(),
  };
  readonly model = new Set<(e: ModelEvent) => void>();
  readonly digit = new Set<DigitListeners>();
}
