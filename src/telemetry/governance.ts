/**
 * The wiring of frame telemetry, the governor and the XR frame rate, in one place. The governor
 * reads the run that is actually training through `trainingRun` (injected: the app's run, or the
 * comparison's current twin), never a fixed status field.
 *
 * Per frame it only records two timestamps. Every 250 ms (inside the frame's `end`) it reads the
 * frame window, lets the governor decide, sends a changed Pace and refreshes status.governor; that
 * is where the few allocations are (a new Pace when it changes, message strings), a few times per
 * second and never on the per-frame path. status.frames (its percentile sorts) follows in the next
 * frame with a free refresh turn.
 */
import type { Config } from '../config/schema';
import type { Pace } from '../protocol';
import type { GovernorStatus, StatusStore, TrainingStatus } from '../status';
import { AutoFrameRate } from './frameRate';
import { FrameTelemetry, emptyFrameWindow } from './frames';
import { Governor, type GovernorOptions, formatRate } from './governor';
import { refreshTurns } from '../ui/refreshTurns';

export interface GovernanceOptions {
  readonly status: StatusStore;
  readonly config: Config;
  /** Sends a pace to the trainer (TrainerClient.setPace). Called at start and on each change. */
  readonly setPace: (pace: Pace) => void;
  /**
   * The run that trains now and shares the GPU with the frames: the app's, or in `?compare=1` the
   * comparison's current twin (the app's run waits paused there). Read every 250 ms.
   */
  readonly trainingRun: () => Pick<TrainingStatus, 'state' | 'stepsPerSecond'>;
  /** Overrides of the governor's defaults (tests, experiments). */
  readonly governor?: Partial<Omit<GovernorOptions, 'snapshotEvery'>>;
  /** Frames in the percentile window. */
  readonly capacity?: number;
}

export interface Governance {
  /** The loop's FrameHooks: call at the very start and very end of every frame callback. */
  readonly hooks: { begin(now: number): void; end(now: number): void };
  /** Per-frame: the current frame uploaded a snapshot (charges its cost to snapshots). */
  markUpload(): void;
  /** An immersive session started: choose its frame rate and judge frames against it. */
  xrStarted(session: XRSession): void;
  /** The session ended: back to the display's refresh. */
  xrEnded(): void;
  readonly telemetry: FrameTelemetry;
  readonly governor: Governor;
  dispose(): void;
}

export function startGovernance(opts: GovernanceOptions): Governance {
  const { status, config, trainingRun } = opts;
  // ?pace=n holds training at n steps/s whatever the frames; the governor still stretches
  // snapshotEvery when uploads cost frames. Its probes cannot slow training then, so its own
  // figures are not shown.
  const fixedPace = config.pace > 0 ? config.pace : null;
  const setPace = (pace: Pace) =>
    opts.setPace(fixedPace === null ? pace : { ...pace, maxStepsPerSecond: fixedPace });
  const telemetry = new FrameTelemetry({ capacity: opts.capacity ?? 600 });
  const governor = new Governor({ ...opts.governor, snapshotEvery: config.snapshotEvery });
  const pacedMessage =
    fixedPace === null
      ? ''
      : `?pace=${formatRate(fixedPace)}: training at most ${formatRate(fixedPace)} steps/s, whatever the frames (the governor does not pace it)`;
  const publish = (out: GovernorStatus) => {
    governor.writeStatus(out);
    if (fixedPace === null) return;
    out.maxStepsPerSecond = fixedPace;
    out.message = pacedMessage;
  };
  const frameWindow = emptyFrameWindow();
  // Filled in place from the training run before each decision (no allocation).
  const reading = { active: false, paused: false, stepsPerSecond: 0 };
  status.governor = {
    maxStepsPerSecond: null,
    snapshotEvery: config.snapshotEvery,
    message: '',
    cannotHoldBudget: false,
    objective: governor.objective,
    fps: 0,
    baseline: null,
    decision: { action: 'measuring', verdict: null },
  };
  publish(status.governor);
  setPace(governor.pace);

  let session: XRSession | null = null;
  let auto: AutoFrameRate | null = null;

  const setObjective = (objective: 'desktop' | 'xr') => {
    const pace = governor.setObjective(objective, performance.now());
    if (pace) setPace(pace);
    if (status.governor) publish(status.governor);
  };

  const onRateChange = () => {
    telemetry.setTargetHz(session?.frameRate ?? null);
    telemetry.restartInterval();
  };

  const requestRate = (hz: number | null) => {
    if (hz === null || !session?.updateTargetFrameRate) return;
    const s = session;
    s.updateTargetFrameRate(hz).then(onRateChange, (err: unknown) =>
      console.warn(`WebXR: could not set the frame rate to ${hz} Hz`, err),
    );
  };

  // status.frames sorts the percentile windows (three sorts of 600 samples): after each decision,
  // in the next frame no other periodic refresh takes (src/ui/refreshTurns.ts), not in the
  // decision's own frame.
  let framesStatusDueAt: number | null = null;

  // Per-frame except inside the `isDue` branch, which runs every 250 ms, and the status write.
  const hooks = {
    begin: (now: number) => telemetry.begin(now),
    end: (now: number) => {
      telemetry.end(now);
      if (framesStatusDueAt !== null && refreshTurns.take((now - framesStatusDueAt) / 1000)) {
        telemetry.writeStatus(status.frames);
        framesStatusDueAt = null;
      }
      if (!governor.isDue(now)) return;
      telemetry.readWindow(frameWindow);
      const run = trainingRun();
      reading.active = run.state === 'running';
      reading.paused = run.state === 'paused';
      reading.stepsPerSecond = run.stepsPerSecond;
      const pace = governor.update(now, frameWindow, reading);
      if (pace) setPace(pace);
      if (status.governor) publish(status.governor);
      framesStatusDueAt ??= now;
      if (auto) requestRate(auto.onGovernor(governor.cannotHoldBudget));
    },
  };

  const onVisibility = () => {
    // rAF stops while hidden: the gap is not a frame.
    if (document.visibilityState === 'visible') telemetry.restartInterval();
  };
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);

  return {
    hooks,
    markUpload: () => telemetry.markUpload(),
    xrStarted(s) {
      session = s;
      s.addEventListener('frameratechange', onRateChange);
      auto = new AutoFrameRate(config.hz, s.supportedFrameRates);
      setObjective('xr');
      onRateChange();
      requestRate(auto.initial(telemetry.workPercentile(0.95) || undefined));
    },
    xrEnded() {
      session?.removeEventListener('frameratechange', onRateChange);
      session = null;
      auto = null;
      setObjective('desktop');
      telemetry.setTargetHz(null);
      telemetry.restartInterval();
    },
    telemetry,
    governor,
    dispose() {
      session?.removeEventListener('frameratechange', onRateChange);
      if (typeof document !== 'undefined') {
        document.removeEventListener('visibilitychange', onVisibility);
      }
      telemetry.dispose();
    },
  };
}
