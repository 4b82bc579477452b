/**
 * What the benchmark runs: each scenario is one page of the app with a query string, measured in a
 * fresh browser context. The groups are what the ratios compare:
 *
 * - room: the room alone (`mode=scene-only`), on the desktop and in XR (IWER's Quest 3, 90 Hz);
 * - trainer: training in the worker with nothing drawn (`mode=trainer-only`), per backend, and WASM
 *   with one thread against all of them;
 * - desktop / xr: the product (`mode=app`) under the governor's desktop and XR objectives, per
 *   backend (auto, wasm, webgl);
 * - flush: the desktop app on WebGL with each WEBGL_FLUSH_THRESHOLD setting (`webglFlush`);
 * - inference: the desktop app on WASM while the learner's digit changes ten times a second (each
 *   change is one forward pass in the worker between steps): its latency, and what it costs training
 *   against desktop-wasm;
 * - gradient: the desktop app on WASM with a conv kernel selected, so that every snapshot also
 *   explains its gradient on the probe digit (issue 11): what that costs per snapshot, and what it
 *   costs training against desktop-wasm;
 * - frontier: the desktop app on WASM with training held at a fixed pace (`?pace=n`, no governor):
 *   what each pace costs the frames on this machine, so the governor's choice can be read against
 *   every choice it could have made (only when named: it takes a while);
 * - naive: the same room with model.fit on the main thread (the design the worker replaces).
 */

export type Group =
  'room' | 'trainer' | 'desktop' | 'xr' | 'flush' | 'inference' | 'gradient' | 'frontier' | 'naive';
export type Objective = 'desktop' | 'xr';

export interface Scenario {
  readonly name: string;
  readonly group: Group;
  /** The query string after `?`. */
  readonly query: string;
  /** The backend it asks for (null: none trains). */
  readonly backend: string | null;
  readonly training: boolean;
  readonly frames: boolean;
  /** Enters immersive VR on the emulated headset before measuring. */
  readonly xr: boolean;
  readonly what: string;
  /** The kernel selected (by the page's `select` hook) before measuring, if any. */
  readonly select?: { readonly layer: 'conv1' | 'conv2'; readonly filter: number };
}

const XR = 'xr=emulate&hz=90';

function scenario(
  name: string,
  group: Group,
  query: string,
  backend: string | null,
  what: string,
): Scenario {
  const frames = group !== 'trainer';
  return {
    name,
    group,
    query,
    backend,
    training: group !== 'room',
    frames,
    xr: query.includes('xr=emulate'),
    what,
  };
}

export const SCENARIOS: readonly Scenario[] = [
  scenario('room', 'room', 'mode=scene-only', null, 'the room alone, desktop'),
  scenario('room-xr', 'room', `mode=scene-only&${XR}`, null, 'the room alone, XR at 90 Hz'),
  scenario('trainer-auto', 'trainer', 'mode=trainer-only&backend=auto', 'auto', 'trainer alone'),
  scenario('trainer-wasm', 'trainer', 'mode=trainer-only&backend=wasm', 'wasm', 'trainer alone'),
  scenario(
    'trainer-wasm-1t',
    'trainer',
    'mode=trainer-only&backend=wasm&threads=1',
    'wasm',
    'trainer alone, one WASM thread',
  ),
  scenario(
    'trainer-wasm-2t',
    'trainer',
    'mode=trainer-only&backend=wasm&threads=2',
    'wasm',
    'trainer alone, two WASM threads',
  ),
  scenario('trainer-webgl', 'trainer', 'mode=trainer-only&backend=webgl', 'webgl', 'trainer alone'),
  scenario(
    'trainer-webgpu',
    'trainer',
    'mode=trainer-only&backend=webgpu',
    'webgpu',
    'trainer alone, where WebGPU exists',
  ),
  scenario('desktop-auto', 'desktop', 'mode=app&backend=auto', 'auto', 'app, desktop objective'),
  scenario('desktop-wasm', 'desktop', 'mode=app&backend=wasm', 'wasm', 'app, desktop objective'),
  scenario('desktop-webgl', 'desktop', 'mode=app&backend=webgl', 'webgl', 'app, desktop objective'),
  scenario('xr-auto', 'xr', `mode=app&backend=auto&${XR}`, 'auto', 'app, XR objective'),
  scenario('xr-wasm', 'xr', `mode=app&backend=wasm&${XR}`, 'wasm', 'app, XR objective'),
  scenario('xr-webgl', 'xr', `mode=app&backend=webgl&${XR}`, 'webgl', 'app, XR objective'),
  scenario(
    'flush-never',
    'flush',
    'mode=app&backend=webgl&webglFlush=never',
    'webgl',
    'app on WebGL, never flushed by hand',
  ),
  scenario(
    'flush-every',
    'flush',
    'mode=app&backend=webgl&webglFlush=every',
    'webgl',
    'app on WebGL, a flush after every program',
  ),
  scenario(
    'flush-4',
    'flush',
    'mode=app&backend=webgl&webglFlush=4',
    'webgl',
    'app on WebGL, a flush every 4 ms',
  ),
  scenario(
    'flush-layer',
    'flush',
    'mode=app&backend=webgl&webglFlush=layer',
    'webgl',
    'app on WebGL, a flush after each layer, forward and backward',
  ),
  scenario(
    'inference-wasm',
    'inference',
    'mode=app&backend=wasm',
    'wasm',
    'app, a new digit asked 10 times a second',
  ),
  {
    ...scenario(
      'gradient-wasm',
      'gradient',
      'mode=app&backend=wasm',
      'wasm',
      'app, a conv1 kernel selected',
    ),
    select: { layer: 'conv1', filter: 0 },
  },
  {
    ...scenario(
      'gradient-wasm-conv2',
      'gradient',
      'mode=app&backend=wasm',
      'wasm',
      'app, a conv2 kernel selected',
    ),
    select: { layer: 'conv2', filter: 0 },
  },
  ...[2, 4, 6, 8, 1000].map((pace) =>
    scenario(
      `pace-${pace === 1000 ? 'max' : pace}`,
      'frontier',
      `mode=app&backend=wasm&pace=${pace}`,
      'wasm',
      pace === 1000
        ? 'app on WASM, training unpaced'
        : `app on WASM, training held at ${pace} steps/s`,
    ),
  ),
  scenario('naive', 'naive', 'mode=naive&backend=webgl', 'webgl', 'room + model.fit on main'),
];

/**
 * What runs without --scenarios: everything but the naive peer (its figures are known) and the
 * frontier (five more minutes; `--scenarios room,trainer-wasm,pace-2,pace-4,pace-6,pace-8,pace-max`).
 */
export const DEFAULT_SCENARIOS: readonly string[] = SCENARIOS.filter(
  (s) => s.group !== 'naive' && s.group !== 'frontier',
).map((s) => s.name);

export function scenarioNamed(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
