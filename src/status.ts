/**
 * The `window.weightroom` surface: one JSON-serialisable snapshot of what the app is doing, read
 * by the HUD, by scripts and by the browser tests. Producers write into the one mutable
 * `StatusStore`; `status()` hands out a deep copy so a reader can never change the app.
 */
import type { Config } from './config/schema';
import type { ConfigError } from './config/parse';
import type { BackendInfo, ProbeSource, TrainingState } from './protocol';

export interface TrainingStatus {
  state: TrainingState;
  /** What the state means right now ("compiling shaders", an error message...). */
  detail: string;
  /** 0..1 while loading or warming up. */
  progress: number | null;
  step: number;
  loss: number | null;
  lossSmoothed: number | null;
  batchAccuracy: number | null;
  testAccuracy: number | null;
  testLoss: number | null;
  stepsPerSecond: number;
  /** The IndexedDB key of this run, and where it resumed from (null = fresh). */
  runKey: string | null;
  resumedFrom: number | null;
  lastCheckpointStep: number | null;
  /** tf.memory() of the trainer. */
  memory: { numTensors: number; numBytes: number } | null;
  warnings: string[];
  /** Passes over the training digits so far (fractional); null before the first step. */
  epoch: number | null;
  /** The learning rate of the last step (the schedule's, when one is set). */
  lr: number | null;
  /**
   * The rate the run is set to, before any schedule: the link's, the panel's, a resumed
   * checkpoint's, or Roll back's lowered one (null before the run starts).
   */
  baseLr: number | null;
  /** The last evaluation's confusion matrix: counts[true * 10 + predicted]. */
  confusion: { step: number; counts: number[] } | null;
  /** False while the trainer has been silent (or its step frozen) too long: "not responding". */
  responding: boolean;
  /** Times the worker was restarted from its last checkpoint (hung, failed, lost its context). */
  workerRestarts: number;
  /** Whether the browser granted persistent storage for saved runs (null: not asked/unknown). */
  storagePersisted: boolean | null;
}

/** Model files taken away or brought in ("Download model", "Load model"). */
export interface ModelStatus {
  /** Model downloads completed, and the step of the last. */
  exported: number;
  exportedStep: number | null;
  /** Models loaded into the run, and files refused. */
  imported: number;
  refused: number;
  /** The last thing said about a model file (a refusal says why). */
  message: string | null;
}

export interface FrameStatus {
  count: number;
  targetHz: number;
  budgetMs: number;
  intervalP50Ms: number;
  intervalP95Ms: number;
  intervalP99Ms: number;
  workP50Ms: number;
  workP95Ms: number;
  workP99Ms: number;
  /** Frames whose interval exceeded the budget, since the start. */
  overBudget: number;
  longTasks: number;
}

export interface GovernorStatus {
  /** The pace last sent to the trainer. */
  maxStepsPerSecond: number | null;
  snapshotEvery: number;
  /** What the governor is doing, in words, for the panel. */
  message: string;
  /** True when the room alone (training paused or slowed) misses the frame budget. */
  cannotHoldBudget: boolean;
  /** desktop: at least 30 fps, else train at full speed; xr: hold the headset's budget. */
  objective: 'desktop' | 'xr';
  /** Frames per second while training, smoothed (0 until measured). */
  fps: number;
  /** The room's own frames, measured with training paused or slowed; null until measured. */
  baseline: {
    fps: number;
    frames: number;
    /** Share of intervals over the budget (a missed vsync). */
    overBudgetFraction: number;
    /** Share of intervals over the desktop floor's 33.3 ms. */
    overFloorFraction: number;
    /** When it was measured (performance.now() ms). */
    measuredAtMs: number;
  } | null;
  /** The last decision: what it did, and how it judged the frames (null: not judged yet). */
  decision: {
    action: 'measuring' | 'idle' | 'probe' | 'cooldown' | 'slower' | 'faster' | 'uncap' | 'hold';
    verdict: 'healthy' | 'marginal' | 'bad' | null;
  };
}

export interface XrStatus {
  supported: boolean;
  presenting: boolean;
  emulated: boolean;
  frameRate: number | null;
  /** Whether mixed reality (`immersive-ar`, passthrough) is offered. */
  arSupported: boolean;
  /** The session's mode while presenting, else null. */
  mode: 'immersive-vr' | 'immersive-ar' | null;
  /** True while the real world shows through the room (mixed reality, not 'opaque'). */
  passthrough: boolean;
  /** Connected input sources of each kind: tracked hands, and controllers. */
  hands: number;
  controllers: number;
  /** Controller models loaded (once per connection; each profile is fetched once and cached). */
  controllerModels: number;
}

export interface SelectionStatus {
  layer: 'conv1' | 'conv2';
  filter: number;
  /** Weights in the kernel (kh*kw*in) and its bias. */
  weights: number;
  bias: number;
  /** Positions that reuse it. */
  positions: number;
  /** What the same map would need without sharing. */
  unsharedWeights: number;
  /** 'hover' on desktop, 'controller' in VR, 'keyboard' with the arrow keys on the room. */
  source: 'hover' | 'controller' | 'script' | 'keyboard';
  /** The run's mode: without sharing, each position has its own kernel (the centre one is shown). */
  sharing: 'conv' | 'none';
  /** The kernel's gradient on the probe digit as a sum over positions; null until it arrives. */
  gradient?: SelectionGradientStatus | null;
}

export interface SelectionGradientStatus {
  /** Positions whose contributions were summed (676 for conv1, 121 for conv2). */
  positions: number;
  /** ||sum of contributions - tfjs's gradient|| / ||tfjs's gradient||. */
  sumRelativeError: number;
  /** The step of the weights the gradient was computed with. */
  step: number;
  /** What explaining it cost the worker, in ms (its forward, backward and per-position sums). */
  ms: number;
}

export interface Status {
  ready: boolean;
  error: { message: string; errors?: ConfigError[] } | null;
  config: Config | null;
  backend: BackendInfo | null;
  training: TrainingStatus;
  /** shownStep: the step of the kernels on screen (kernels.step when live, else a kept step). */
  kernels: {
    version: number;
    step: number | null;
    shownStep: number | null;
    /** Step of the network whose maps the room shows (a kept step while scrubbed back). */
    shownMapsStep: number | null;
  };
  frames: FrameStatus;
  governor: GovernorStatus | null;
  xr: XrStatus;
  selection: SelectionStatus | null;
  /** WebGL context losses of the render canvas, and restorations. */
  renderContext: { lost: number; restored: number };
  render: RenderStatus;
  model: ModelStatus;
  /**
   * The digit the network is answering for in the room (the run's probe, or the learner's drawn or
   * picked digit) and, from the shift panel, how the maps follow the probe when it is moved. Null
   * until the first answer.
   */
  probe: (ProbeStatus & ProbeShiftStatus) | null;
  /** During a comparison: each twin's answer for the same digit; null without a comparison. */
  probeTwins: { conv: ProbeStatus | null; none: ProbeStatus | null } | null;
  /**
   * During a comparison: each twin's measure of the same moved probe digit (null until it has
   * measured one); null without a comparison.
   */
  probeTwinsShift: { conv: TwinShiftStatus | null; none: TwinShiftStatus | null } | null;
}

/** One twin's measure of the moved probe digit (see src/compare/twinShift.ts). */
export interface TwinShiftStatus {
  /** [dx, dy]: right and down, whole pixels. */
  shift: [number, number];
  /** Equivariance errors of its conv layers (as probe.equivariance). */
  conv1: number;
  conv2: number;
  /** p(the digit's class) at each of the 9x9 shifts, row-major from (-4, -4). */
  predictionUnderShift: number[];
  /** The twin's training step when it measured. */
  step: number;
}

export interface ProbeShiftStatus {
  /** How far each conv layer's maps follow the digit's move (see src/train/equivariance.ts). */
  equivariance: {
    /** [dx, dy]: right and down, whole pixels. */
    shift: [number, number];
    /** ||map(shift x) - shift(map x)|| / ||map x|| over the interior (0 = follows exactly). */
    conv1: number;
    conv2: number;
  };
}

/** The learner's digit (drawn or picked) and the network's answer for it. */
export interface ProbeStatus {
  source: ProbeSource;
  /** Position in the held-out or training set; null when drawn. */
  index: number | null;
  /** The true label; null when drawn. */
  label: number | null;
  prediction: number;
  /** The 10 output probabilities. */
  probabilities: number[];
  /** Training step of the weights that answered. */
  step: number;
}

/** The render thread's own GPU and draw load. */
export interface RenderStatus {
  /** renderer.info.render.calls of the last frame (both eyes in VR). */
  drawCalls: number;
  /** renderer.info.render.triangles of the last frame (both eyes in VR). */
  triangles: number;
  /** renderer.info.memory: geometries and textures alive on the GPU (a leak shows as growth). */
  geometries: number;
  textures: number;
  /** The render context's GL renderer string (unmasked where allowed). */
  renderer: string;
  /** True on a software rasteriser (SwiftShader, llvmpipe...). */
  software: boolean;
  /** Multisampled: on a GPU; not on a software rasteriser, where it costs the CPU 4x. */
  antialias: boolean;
}

export function initialStatus(): Status {
  return {
    ready: false,
    error: null,
    config: null,
    backend: null,
    training: {
      state: 'idle',
      detail: '',
      progress: null,
      step: 0,
      loss: null,
      lossSmoothed: null,
      batchAccuracy: null,
      testAccuracy: null,
      testLoss: null,
      stepsPerSecond: 0,
      runKey: null,
      resumedFrom: null,
      lastCheckpointStep: null,
      memory: null,
      warnings: [],
      epoch: null,
      lr: null,
      baseLr: null,
      confusion: null,
      responding: true,
      workerRestarts: 0,
      storagePersisted: null,
    },
    kernels: { version: 0, step: null, shownStep: null, shownMapsStep: null },
    frames: {
      count: 0,
      targetHz: 0,
      budgetMs: 0,
      intervalP50Ms: 0,
      intervalP95Ms: 0,
      intervalP99Ms: 0,
      workP50Ms: 0,
      workP95Ms: 0,
      workP99Ms: 0,
      overBudget: 0,
      longTasks: 0,
    },
    governor: null,
    xr: {
      supported: false,
      presenting: false,
      emulated: false,
      frameRate: null,
      arSupported: false,
      mode: null,
      passthrough: false,
      hands: 0,
      controllers: 0,
      controllerModels: 0,
    },
    selection: null,
    renderContext: { lost: 0, restored: 0 },
    render: {
      drawCalls: 0,
      triangles: 0,
      geometries: 0,
      textures: 0,
      renderer: '',
      software: false,
      antialias: true,
    },
    probe: null,
    model: { exported: 0, exportedStep: null, imported: 0, refused: 0, message: null },
    probeTwins: null,
    probeTwinsShift: null,
  };
}

/** The one mutable status. Producers write fields directly; readers get copies. */
export type StatusStore = Status;

export interface WeightroomApi {
  /** A deep, JSON-safe copy of the current status. */
  status(): Status;
}

declare global {
  interface Window {
    weightroom?: WeightroomApi & Record<string, unknown>;
  }
}

/** Publishes `window.weightroom.status()` over a store; extra members (controls) may be added. */
export function publishStatus(store: StatusStore, extra: Record<string, unknown> = {}): void {
  window.weightroom = {
    ...extra,
    status: () => JSON.parse(JSON.stringify(store)) as Status,
  };
}
