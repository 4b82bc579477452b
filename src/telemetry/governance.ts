/**
 * The wiring of frame telemetry, the governor and the XR frame rate, in one place, so main.ts
 * needs a few lines:
 *
 *   const governance = startGovernance({ status, config, setPace: (p) => trainer.setPace(p) });
 *   const loop = createLoop({ ..., hooks: governance.hooks,
 *     frameStart: () => { if (room.applyPending(renderer)) governance.markUpload(); } });
 *   setupXrSession(..., { onStart: (s) => governance.xrStarted(s), onEnd: () => governance.xrEnded() })
 *
 * Per frame it only records two timestamps. Every 250 ms (inside the frame's `end`) it reads the
 * frame window, lets the governor decide, sends a changed Pace, and refreshes status.frames and
 * status.governor; that is where the few allocations are (a new Pace when it changes, message
 * strings), a few times per second and never on the per-frame path.
 */
import type { Config } from '../config/schema';
import type { Pace } from '../protocol';
import type { StatusStore } from '../status';
import { AutoFrameRate } from './frameRate';
import { FrameTelemetry, emptyFrameWindow } from './frames';
import { Governor, type GovernorOptions } from './governor';

export interface GovernanceOptions {
  readonly status: StatusStore;
  readonly config: Config;
  /** Sends a pace to the trainer (TrainerClient.setPace). Called at start and on each change. */
  readonly setPace: (pace: Pace) => void;
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
  const { status, config, setPace } = opts;
  const telemetry = new FrameTelemetry({ capacity: opts.capacity ?? 600 });
  const governor = new Governor({ ...opts.governor, snapshotEvery: config.snapshotEvery });
  const frameWindow = emptyFrameWindow();
  // Filled in place from status.training before each decision (no allocation).
  const reading = { active: false, stepsPerSecond: 0 };
  status.governor = {
    maxStepsPerSecond: null,
    snapshotEvery: config.snapshotEvery,
    message: '',
    cannotHoldBudget: false,
  };
  governor.writeStatus(status.governor);
  setPace(governor.pace);

  let session: XRSession | null = null;
  let auto: AutoFrameRate | null = null;

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

  // Per-frame except inside the `isDue` branch, which runs every 250 ms.
  const hooks = {
    begin: (now: number) => telemetry.begin(now),
    end: (now: number) => {
      telemetry.end(now);
      if (!governor.isDue(now)) return;
      telemetry.readWindow(frameWindow);
      reading.active = status.training.state === 'running';
      reading.stepsPerSecond = status.training.stepsPerSecond;
      const pace = governor.update(now, frameWindow, reading);
      if (pace) setPace(pace);
      if (status.governor) governor.writeStatus(status.governor);
      telemetry.writeStatus(status.frames);
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
      onRateChange();
      requestRate(auto.initial(telemetry.workPercentile(0.95) || undefined));
    },
    xrEnded() {
      session?.removeEventListener('frameratechange', onRateChange);
      session = null;
      auto = null;
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
