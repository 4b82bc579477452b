/**
 * Shared against unshared, measured: two trainer workers from the same seed, data and batch
 * order, one per sharing mode, taking turns on the device.
 *
 * Why turns and not both at once: the two workers' WebGL contexts run on the same GPU (on
 * software GL, in the same GPU process), so training both together would make each one's wall
 * time measure its twin as much as itself. Taking turns, each twin trains alone while the other is
 * paused, and its `trainingMs` (which excludes pauses) is its own cost. A turn is `evalEvery`
 * steps, so every turn ends on a held-out evaluation; the twin that is behind trains next, so both
 * curves grow together and stay comparable step for step. Training starts once both have
 * compiled their shaders (warm-up is not part of either's time), or at once for the one that is
 * left if the other cannot run.
 *
 * Before the unshared twin starts, its memory is checked against what the device can hold
 * (memory.ts). If it cannot, or if it fails later (state 'error', e.g. out of memory), the panel
 * says so and the shared twin keeps training alone. Nothing here throws at the page.
 */
import { type Config, type Param, SCHEMA, type SharingMode } from '../config/schema';
import type { Pace } from '../protocol';
import { initialStatus, type StatusStore } from '../status';
import { startTrainer as startTrainerWorker, type TrainerClient } from '../trainerClient';
import { MODE_NAMES, sharingArithmetic, type SharingArithmetic, formatBytes } from './arithmetic';
import { Curve, nextTurn, turnEnd, type TurnCandidate } from './curves';
import {
  MEMORY_POLICY,
  type MemoryVerdict,
  checkComparisonMemory,
  memoryBudget,
  readDeviceMemory,
} from './memory';

/** What a twin is doing, as the comparison sees it. */
export type TwinPhase =
  /** Loading data, starting the backend, compiling shaders. */
  | 'starting'
  /** Ready, paused while its twin trains (or until both are ready). */
  | 'waiting'
  | 'training'
  /** The device cannot hold it: it was never started. */
  | 'left-out'
  /** Its worker reported an error; the other twin continues. */
  | 'failed';

/** What the comparison uses of a trainer client (the scene may also subscribe to snapshots). */
export type TwinClient = Pick<
  TrainerClient,
  'pause' | 'resume' | 'setPace' | 'on' | 'dispose' | 'infer' | 'onDigit' | 'shiftProbe'
>;

/** Starts one twin's trainer: startTrainer from trainerClient.ts, or a stand-in in tests. */
export type StartTwin = (config: Config, dataUrl: string, status: StatusStore) => TwinClient;

export interface Twin {
  readonly mode: SharingMode;
  /** The twin's config: the page's, in this mode, as a comparison run (see twinConfig). */
  readonly config: Config;
  /** Its own status store, written by its trainer client (never the app's). */
  readonly status: StatusStore;
  /** Held-out accuracy and loss at each evaluation. */
  readonly curve: Curve;
  /** Null when the twin was never started. */
  readonly client: TwinClient | null;
  readonly phase: TwinPhase;
  /** Why it is left out or failed, in words; '' otherwise. */
  readonly message: string;
}

export interface Comparison {
  readonly twins: Readonly<Record<SharingMode, Twin>>;
  readonly arithmetic: SharingArithmetic;
  /** The memory check made before the unshared twin started. */
  readonly memory: MemoryVerdict;
  /** Steps per turn. */
  readonly turnSteps: number;
  /** Who is training now, or null. */
  turn(): SharingMode | null;
  /** Bumped whenever something the panel shows may have changed. */
  version(): number;
  /** The governor's pace, applied to whichever twin trains (one at a time, so the full budget). */
  setPace(pace: Pace): void;
  dispose(): void;
}

export interface ComparisonOptions {
  /** Steps per turn; defaults to the config's evalEvery, so each turn ends on an evaluation. */
  readonly turnSteps?: number;
  /** navigator.deviceMemory, in GiB; read from the browser when not given. */
  readonly deviceMemoryGiB?: number;
  /** Steps between snapshots from the twins; defaults to never (the panel does not draw them). */
  readonly snapshotEvery?: number;
  /** How often the turns are checked against the twins' states, ms. */
  readonly tickMs?: number;
  /** Starts a trainer; tests pass a stand-in for the worker. */
  readonly startTrainer?: StartTwin;
}

/** The largest value an integer parameter accepts ("never", for an every-n-steps knob). */
function intMax(param: Param): number {
  if (param.kind !== 'int') throw new Error(`${param.key} is not an integer parameter`);
  return param.max;
}

const COMPARISON_DEFAULTS = {
  tickMs: 250,
  snapshotEvery: intMax(SCHEMA.snapshotEvery),
};

/**
 * The config of one twin: the page's own seed, batch, learning rate and evaluation interval, in
 * `sharing` mode. `compare: true` makes it a run of its own (compare is part of the run identity),
 * so it neither resumes nor overwrites the app's saved run; `fresh` starts it at step 0 every
 * time, and it does not checkpoint: a comparison is measured from the start. It does not start
 * by itself: the comparison gives it turns.
 */
export function twinConfig(config: Config, sharing: SharingMode, snapshotEvery: number): Config {
  return Object.freeze({
    ...config,
    sharing,
    compare: true,
    fresh: true,
    autostart: false,
    checkpointEvery: intMax(SCHEMA.checkpointEvery),
    snapshotEvery,
  });
}

/**
 * The app's own run when the page compares: the same run as without `compare`, so its saved
 * checkpoint is found, and never the shared twin's. It waits paused (Resume trains it): a third
 * run on the same GPU would put its cost into both twins' wall times.
 */
export function appRunConfig(config: Config): Config {
  return config.compare ? Object.freeze({ ...config, compare: false, autostart: false }) : config;
}

interface TwinState {
  mode: SharingMode;
  config: Config;
  status: StatusStore;
  curve: Curve;
  client: TwinClient | null;
  phase: TwinPhase;
  message: string;
  unsubscribe: (() => void)[];
}

export function startComparison(
  config: Config,
  dataUrl: string,
  options: ComparisonOptions = {},
): Comparison {
  const start: StartTwin = options.startTrainer ?? startTrainerWorker;
  const turnSteps = Math.max(1, Math.round(options.turnSteps ?? config.evalEvery));
  const snapshotEvery = options.snapshotEvery ?? COMPARISON_DEFAULTS.snapshotEvery;
  const arithmetic = sharingArithmetic();
  const memory = checkComparisonMemory(
    config.batch,
    memoryBudget('deviceMemoryGiB' in options ? options.deviceMemoryGiB : readDeviceMemory()),
  );

  let version = 0;
  let holder: TwinState | null = null;
  let holderTurnEnd = 0;
  /** The holder was asked to pause; the next turn starts when it has. */
  let handingOver = false;
  /** Turns begin when every twin that can run is ready. */
  let begun = false;
  let disposed = false;
  let pace: Pace | null = null;

  const makeTwin = (mode: SharingMode): TwinState => ({
    mode,
    config: twinConfig(config, mode, snapshotEvery),
    status: initialStatus(),
    curve: new Curve(),
    client: null,
    phase: 'starting',
    message: '',
    unsubscribe: [],
  });
  const twins: Record<SharingMode, TwinState> = { conv: makeTwin('conv'), none: makeTwin('none') };
  const order = [twins.conv, twins.none];

  const alive = (t: TwinState) => t.phase !== 'failed' && t.phase !== 'left-out';
  const ready = (t: TwinState) =>
    t.client !== null &&
    (t.status.training.state === 'paused' || t.status.training.state === 'running');
  const candidates = (): TurnCandidate[] =>
    order.map((t) => ({
      mode: t.mode,
      alive: alive(t),
      ready: ready(t),
      step: t.status.training.step,
    }));

  const fail = (t: TwinState, message: string) => {
    t.phase = 'failed';
    t.message = message;
    if (holder === t) {
      holder = null;
      handingOver = false;
    }
    version++;
  };

  const launch = (t: TwinState) => {
    try {
      const client = start(t.config, dataUrl, t.status);
      t.client = client;
      t.status.config = t.config;
      if (pace) client.setPace(twinPace(pace));
      t.unsubscribe.push(
        client.on('metrics', (m) => {
          version++;
          if (t !== holder || handingOver || m.step < holderTurnEnd) return;
          // The turn is over: hand over to the twin that is behind, or train on.
          const next = nextTurn(
            candidates().map((c) => (c.mode === t.mode ? { ...c, ready: true } : c)),
          );
          if (next === null || next === t.mode) {
            holderTurnEnd = turnEnd(m.step, turnSteps);
          } else {
            handingOver = true;
            client.pause();
          }
        }),
        client.on('evaluation', (e) => {
          t.curve.push(e);
          version++;
        }),
      );
    } catch (e) {
      fail(t, `the ${MODE_NAMES[t.mode]} trainer could not start: ${errorText(e)}`);
    }
  };

  const twinPace = (p: Pace): Pace => ({
    maxStepsPerSecond: p.maxStepsPerSecond,
    snapshotEvery: Math.max(p.snapshotEvery, snapshotEvery),
  });

  /** Follows the twins' states: errors, readiness, the end of a hand-over, the next turn. */
  const tick = () => {
    for (const t of order) {
      if (!alive(t) || !t.client) continue;
      const s = t.status.training;
      if (s.state === 'error') {
        fail(t, s.detail || 'the trainer stopped with an error');
        continue;
      }
      const phase: TwinPhase = !ready(t)
        ? 'starting'
        : t === holder && !handingOver
          ? 'training'
          : 'waiting';
      if (phase !== t.phase) {
        t.phase = phase;
        version++;
      }
    }
    if (holder && handingOver && holder.status.training.state === 'paused') {
      holder = null;
      handingOver = false;
    }
    if (!begun) {
      // Every twin that can still run must be ready, and at least one.
      const waiting = order.filter(alive);
      begun = waiting.length > 0 && waiting.every(ready);
    }
    if (begun && holder === null) {
      const next = nextTurn(candidates());
      if (next !== null) {
        const t = twins[next];
        holder = t;
        holderTurnEnd = turnEnd(t.status.training.step, turnSteps);
        t.phase = 'training';
        t.client?.resume();
        version++;
      }
    }
  };

  launch(twins.conv);
  if (memory.fits) {
    launch(twins.none);
  } else {
    twins.none.phase = 'left-out';
    twins.none.message = leftOutMessage(memory, config.batch);
  }
  const timer = setInterval(tick, options.tickMs ?? COMPARISON_DEFAULTS.tickMs);

  return {
    twins,
    arithmetic,
    memory,
    turnSteps,
    turn: () => (holder && !handingOver ? holder.mode : null),
    version: () => version,
    setPace(p) {
      pace = p;
      for (const t of order) t.client?.setPace(twinPace(p));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      clearInterval(timer);
      for (const t of order) {
        for (const off of t.unsubscribe.splice(0)) off();
        t.client?.dispose();
      }
    },
  };
}

/** Why the unshared twin was not started, with the numbers behind the decision. */
export function leftOutMessage(memory: MemoryVerdict, batch: number): string {
  const b = memory.budget;
  const share = `1/${Math.round(1 / MEMORY_POLICY.fraction)}`;
  const device = b.reported
    ? `${share} of the ${b.deviceGiB} GiB this device reports`
    : `${share} of ${b.deviceGiB} GiB, assumed because this browser does not report its memory`;
  return (
    `This device may not hold the unshared network: training both at batch ${batch} needs ` +
    `about ${formatBytes(memory.needBytes)}, and the comparison counts on ` +
    `${formatBytes(b.bytes)} (${device}). The unshared twin was not started; the shared run ` +
    `trains alone.`
  );
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
