/**
 * The one frame loop. `renderer.setAnimationLoop` owns rendering (window rAF on desktop, the XR
 * session's rAF in a headset); nothing else schedules a draw. Each frame, in order:
 *   hooks.begin -> frameStart (texture uploads, before any draw) -> every view's update(dt)
 *   -> render -> hooks.end.
 * `hooks` is where frame telemetry plugs in (src/telemetry); the default does nothing.
 */
import type { Camera, Scene, WebGLRenderer } from 'three';
import type { StatusStore } from './status';
import { SampleRing } from './telemetry/ring';
import { refreshTurns } from './ui/refreshTurns';

/** Something on screen that changes over time. */
export interface View {
  /** Per frame; dt in seconds (clamped). Must not allocate. */
  update(dt: number): void;
  dispose(): void;
}

/** Called at the very start and very end of each frame callback (frame telemetry). */
export interface FrameHooks {
  begin(now: number): void;
  end(now: number): void;
}

export const NO_HOOKS: FrameHooks = { begin: () => {}, end: () => {} };

export interface LoopOptions {
  readonly renderer: WebGLRenderer;
  readonly scene: Scene;
  readonly camera: Camera;
  readonly status: StatusStore;
  /** Frame start, before any view updates or draws: upload textures here. */
  readonly frameStart: () => void;
  readonly hooks?: FrameHooks;
}

export interface Loop {
  add(view: View): void;
  start(): void;
  dispose(): void;
  /**
   * Each frame callback's start (performance.now(), ms), the most recent FRAME_STARTS_KEPT: the
   * benchmark charges its CPU profile's samples to the frames between them (scripts/bench/).
   */
  readonly frameStarts: SampleRing;
}

/** Frame starts kept: over a minute at 120 Hz, more than a benchmark window. */
export const FRAME_STARTS_KEPT = 8192;

/** Longest dt a view sees: after a stall (tab hidden, a long task) animations jump, not race. */
export const MAX_DT = 0.1;

export function createLoop(opts: LoopOptions): Loop {
  const views: View[] = [];
  const hooks = opts.hooks ?? NO_HOOKS;
  let last = -1;
  const { renderer, scene, camera, status } = opts;
  const frameStarts = new SampleRing(FRAME_STARTS_KEPT);

  // The frame callback: the hot path. It allocates nothing itself.
  const frame = (time: number): void => {
    const now = performance.now();
    frameStarts.push(now); // one number into a preallocated ring
    hooks.begin(now);
    refreshTurns.nextFrame(); // one periodic refresh per frame (src/ui/refreshTurns.ts)
    const dt = last < 0 ? 0 : Math.min(MAX_DT, (time - last) / 1000);
    last = time;
    opts.frameStart();
    for (let i = 0; i < views.length; i++) views[i]?.update(dt);
    renderer.render(scene, camera);
    status.render.drawCalls = renderer.info.render.calls;
    status.render.triangles = renderer.info.render.triangles;
    status.render.geometries = renderer.info.memory.geometries;
    status.render.textures = renderer.info.memory.textures;
    // Until frame telemetry is plugged in (it fills status.frames), the loop counts frames itself.
    if (hooks === NO_HOOKS) status.frames.count++;
    hooks.end(performance.now());
  };

  return {
    frameStarts,
    add: (v) => void views.push(v),
    start: () => renderer.setAnimationLoop(frame),
    dispose() {
      renderer.setAnimationLoop(null);
      for (const v of views) v.dispose();
      views.length = 0;
    },
  };
}
