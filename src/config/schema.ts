/**
 * Every knob of a run, declared once. A run is a link: the URL holds the whole config, and the
 * seed is part of it, so the same link reproduces the same run. Each entry names its type, the
 * values it accepts and its default; `parseConfig` (./parse.ts) turns a query string into a frozen
 * `Config` or a list of errors that name the parameter, the value given and what is accepted.
 */

/** Target display rate. `auto` takes the highest rate the session offers that frames can hold. */
export type TargetHz = 72 | 80 | 90 | 120 | 'auto';
/** `emulate` installs IWER (a Meta Quest 3 emulator) so a desktop can try the VR path. */
export type XrMode = 'auto' | 'emulate';
/**
 * Which tfjs backend the trainer uses. `auto`: WebGL 2 on a hardware GPU, WASM on a software
 * renderer; the others force a choice (`webgpu` is opt-in, loaded only when asked for).
 */
export type BackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu' | 'webgpu';
/**
 * WebGL queue flushes while training (WEBGL_FLUSH_THRESHOLD): `auto` leaves tfjs's default,
 * `never` never flushes by hand, `every` flushes after each program, a number after that many ms;
 * `layer` flushes by hand after each layer of the step, forward and backward (layerFlush.ts).
 */
export type WebglFlush = 'auto' | 'never' | 'every' | '1' | '4' | '16' | 'layer';
/** `conv`: the seed network. `none`: both convolutions become locally connected (no sharing). */
export type SharingMode = 'conv' | 'none';
/**
 * What the page runs. `app`: the product. The others isolate parts for the benchmark
 * (scripts/bench/): `trainer-only` trains in the worker with nothing rendering, `scene-only`
 * renders without training, `naive` trains with plain model.fit on the main thread while the scene
 * renders (src/bench/naivePeer.ts), the design the worker replaces.
 */
export type AppMode = 'app' | 'trainer-only' | 'scene-only' | 'naive';
/** How the learning rate changes over a run of `epochs` (src/train/lrSchedule.ts). */
export type ScheduleKind = 'constant' | 'step' | 'cosine';

export interface Config {
  /** Seed of weight initialisation, the data split and batch order. */
  readonly seed: number;
  /** Digits per training step. */
  readonly batch: number;
  /** Adam's learning rate. */
  readonly lr: number;
  /** Steps between kernel snapshots sent to the scene (the governor may stretch it). */
  readonly snapshotEvery: number;
  /** Steps between held-out evaluations on the 1,000 test digits. */
  readonly evalEvery: number;
  /** Steps between checkpoints to IndexedDB. */
  readonly checkpointEvery: number;
  /** Seconds of training between checkpoints, beside checkpointEvery (a slow GPU loses no more). */
  readonly checkpointSecs: number;
  readonly hz: TargetHz;
  readonly xr: XrMode;
  readonly backend: BackendChoice;
  readonly sharing: SharingMode;
  /** Start training as soon as the data and backend are ready. */
  readonly autostart: boolean;
  /** Start over instead of resuming the saved run (after the user confirms). */
  readonly fresh: boolean;
  /** What the page runs: the app, or one part of it for the benchmark. */
  readonly mode: AppMode;
  /** Train shared and unshared twins from the same seed side by side (src/compare/). */
  readonly compare: boolean;
  /** WASM backend threads: 0 takes half the machine's cores when cross-origin isolated. */
  readonly threads: number;
  readonly webglFlush: WebglFlush;
  /** Shift, rotate and scale each training digit a little, seeded per batch. */
  readonly augment: boolean;
  /** The learning rate over the run: constant, or step or cosine decay to the last epoch. */
  readonly schedule: ScheduleKind;
  /** Passes over the training digits after which the run is finished; 0: no end. */
  readonly epochs: number;
  /**
   * Training's pace, steps/s: 0 lets the governor pace it by the frames; a number holds it there
   * at most whatever the frames do (a teacher who wants it fast, and the benchmark's frontier).
   */
  readonly pace: number;
}

interface ParamBase<K extends keyof Config> {
  readonly key: K;
  /** One line for the README and the error panel. */
  readonly doc: string;
  readonly default: Config[K];
}
export interface IntParam<K extends keyof Config> extends ParamBase<K> {
  readonly kind: 'int';
  readonly min: number;
  readonly max: number;
}
export interface FloatParam<K extends keyof Config> extends ParamBase<K> {
  readonly kind: 'float';
  /** Inclusive lower bound. */
  readonly min: number;
  readonly max: number;
}
export interface EnumParam<K extends keyof Config> extends ParamBase<K> {
  readonly kind: 'enum';
  readonly values: readonly string[];
}
export interface BoolParam<K extends keyof Config> extends ParamBase<K> {
  readonly kind: 'bool';
}
export type Param<K extends keyof Config = keyof Config> =
  IntParam<K> | FloatParam<K> | EnumParam<K> | BoolParam<K>;

type Schema = { readonly [K in keyof Config]: Param<K> };

/** The learning rates a run takes, from the URL, the panel or a message to the worker. */
export const LEARNING_RATE_RANGE = {
  // Below 1e-6 Adam barely moves in float32 (1e-300 would be exactly 0): a typo, not a choice.
  min: 1e-6,
  max: 1,
} as const;

export const SCHEMA: Schema = {
  seed: {
    key: 'seed',
    kind: 'int',
    min: 0,
    max: 2 ** 31 - 1,
    default: 42,
    doc: 'Seed for weights, data split and batch order; the same seed reproduces a run.',
  },
  batch: {
    key: 'batch',
    kind: 'int',
    min: 1,
    max: 512,
    default: 32,
    doc: 'Digits per training step.',
  },
  lr: {
    key: 'lr',
    kind: 'float',
    min: LEARNING_RATE_RANGE.min,
    max: LEARNING_RATE_RANGE.max,
    default: 0.001,
    doc: "Adam's learning rate.",
  },
  snapshotEvery: {
    key: 'snapshotEvery',
    kind: 'int',
    min: 1,
    max: 10_000,
    default: 1,
    doc: 'Training steps between kernel snapshots sent to the scene.',
  },
  evalEvery: {
    key: 'evalEvery',
    kind: 'int',
    min: 1,
    max: 100_000,
    default: 50,
    doc: 'Training steps between held-out evaluations on the 1,000 test digits.',
  },
  checkpointEvery: {
    key: 'checkpointEvery',
    kind: 'int',
    min: 1,
    max: 100_000,
    default: 25,
    doc: 'Training steps between checkpoints saved to IndexedDB.',
  },
  checkpointSecs: {
    key: 'checkpointSecs',
    kind: 'int',
    min: 1,
    max: 3600,
    default: 30,
    doc: 'Seconds of training between checkpoints, beside checkpointEvery.',
  },
  hz: {
    key: 'hz',
    kind: 'enum',
    // Quest 2 and 3 offer 72, 80, 90 and 120 Hz (Quest 3S and Pro: 72, 80, 90).
    values: ['72', '80', '90', '120', 'auto'],
    default: 'auto',
    doc: 'Target frame rate; auto takes the highest rate frames can hold.',
  },
  xr: {
    key: 'xr',
    kind: 'enum',
    values: ['auto', 'emulate'],
    default: 'auto',
    doc: 'emulate installs a Meta Quest 3 emulator (IWER) so a desktop can enter VR.',
  },
  backend: {
    key: 'backend',
    kind: 'enum',
    values: ['auto', 'webgl', 'wasm', 'cpu', 'webgpu'],
    default: 'auto',
    doc: 'Training backend; auto: WebGL 2 on a hardware GPU, WASM on a software renderer.',
  },
  sharing: {
    key: 'sharing',
    kind: 'enum',
    values: ['conv', 'none'],
    default: 'conv',
    doc: 'conv: shared convolution kernels (the seed network); none: locally connected layers.',
  },
  autostart: {
    key: 'autostart',
    kind: 'bool',
    default: true,
    doc: 'Start training as soon as data and backend are ready.',
  },
  fresh: {
    key: 'fresh',
    kind: 'bool',
    default: false,
    doc: 'Start over instead of resuming the saved run (asks first).',
  },
  mode: {
    key: 'mode',
    kind: 'enum',
    values: ['app', 'trainer-only', 'scene-only', 'naive'],
    default: 'app',
    doc: 'Benchmark modes: trainer-only, scene-only, or naive (model.fit on the main thread).',
  },
  compare: {
    key: 'compare',
    kind: 'bool',
    default: false,
    doc: 'Train shared and unshared twins from the same seed side by side and plot them together.',
  },
  threads: {
    key: 'threads',
    kind: 'int',
    min: 0,
    max: 64,
    default: 0,
    doc: 'WASM threads; 0: half the cores if cross-origin isolated (else one), 1: one thread.',
  },
  webglFlush: {
    key: 'webglFlush',
    kind: 'enum',
    values: ['auto', 'never', 'every', '1', '4', '16', 'layer'],
    default: 'auto',
    doc: "WebGL flushes while training: tfjs's default, never, every program, every n ms, or per layer.",
  },
  augment: {
    key: 'augment',
    kind: 'bool',
    default: false,
    doc: 'Shift (up to 2 px), rotate and scale each training digit a little, seeded per batch.',
  },
  schedule: {
    key: 'schedule',
    kind: 'enum',
    values: ['constant', 'step', 'cosine'],
    default: 'constant',
    doc: 'Learning rate over the run: constant, or step or cosine decay until `epochs` end.',
  },
  epochs: {
    key: 'epochs',
    kind: 'int',
    min: 0,
    max: 1000,
    default: 0,
    doc: 'Passes over the 9,000 training digits after which training is finished; 0: no end.',
  },
  pace: {
    key: 'pace',
    kind: 'float',
    min: 0,
    max: 1000,
    default: 0,
    doc: 'Most training steps per second; 0: the governor paces training by the frames.',
  },
};

export const PARAM_KEYS = Object.keys(SCHEMA) as (keyof Config)[];

/** The defaults, as a Config. */
export const DEFAULT_CONFIG: Config = Object.freeze(
  Object.fromEntries(PARAM_KEYS.map((k) => [k, SCHEMA[k].default])) as unknown as Config,
);

/** What a parameter accepts, in words, for error messages and the README. */
export function describeAccepted(param: Param): string {
  switch (param.kind) {
    case 'int':
      return `an integer from ${param.min} to ${param.max}`;
    case 'float':
      return `a number from ${param.min} to ${param.max}`;
    case 'enum':
      return `one of ${param.values.join(', ')}`;
    case 'bool':
      return 'true, false, 1 or 0';
  }
}

/**
 * The parameters whose change makes a different run: a checkpoint saved under one value cannot
 * continue under another. The rest (pacing, display) may change freely between reloads. `compare`
 * keeps the comparison's twins (src/compare/) apart from the app's own run of the same seed.
 */
export const RUN_IDENTITY_KEYS = [
  'seed',
  'batch',
  'sharing',
  'compare',
] as const satisfies readonly (keyof Config)[];
