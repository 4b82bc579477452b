/**
 * Main-thread script time from a V8 CPU profile (CDP `Profiler.start` / `Profiler.stop`). On a
 * software GPU the frame callback's wall time is mostly waiting on the GPU process; the profile's
 * samples separate the page's own JavaScript (and its garbage collection) from that waiting, which
 * shows as `(idle)` or `(program)`.
 *
 * Tasks are runs of samples between idle ones: a frame callback, or a message handler (a snapshot
 * arriving). Script time per frame is the profile's script time over the frames drawn meanwhile;
 * its p95 and p99 are those of the tasks' script time, each task charged to the frame it delays.
 *
 * Each sample belongs to the code that is running: the nearest frame on its stack with a script URL
 * (a native call such as `getParameter` belongs to the script that made it), which `owner` names.
 * Under `?xr=emulate` the emulator (IWER and its devui) runs in the page; a headset has none of
 * it, so its time is counted apart (`emulatorMs`) and the script figures are the app's own.
 */

/** The parts of a CDP Profiler.Profile read here. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url?: string;
      /** 0-based, in the script (heavyFrames.ts names functions by them). */
      readonly lineNumber?: number;
      readonly columnNumber?: number;
    };
    readonly children?: readonly number[];
  }[];
  readonly samples?: readonly number[];
  /** Microseconds from the previous sample (the first: from startTime). */
  readonly timeDeltas?: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ScriptTime {
  /** Profiled wall time, ms. */
  readonly profiledMs: number;
  /** The app's JavaScript and garbage collection, ms. */
  readonly scriptMs: number;
  /** The emulator's script, and native calls it made, ms (0 without one). */
  readonly emulatorMs: number;
  readonly tasks: number;
  readonly taskP50Ms: number | null;
  readonly taskP95Ms: number | null;
  readonly taskP99Ms: number | null;
  readonly taskMaxMs: number | null;
}

type Kind = 'idle' | 'script' | 'other';

/** Whose code a script URL is: the bench's own (its clock mark, measure.ts) counts for no one. */
export type Owner = 'app' | 'emulator' | 'bench';
export type OwnerOf = (url: string) => Owner;

function kindOf(functionName: string): Kind {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)' || functionName === '(root)') return 'other';
  return 'script'; // JavaScript, and '(garbage collector)' which the page's allocations cause
}

/** Nearest-rank percentile of sorted values (null when empty). */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? null;
}

/** Per node: the URL of the nearest frame with one, from the node up to the root ('' if none). */
function nearestUrls(profile: CpuProfile): Map<number, string> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const own = new Map<number, string>();
  for (const n of profile.nodes) own.set(n.id, n.callFrame.url ?? '');
  const out = new Map<number, string>();
  const resolve = (id: number): string => {
    const known = out.get(id);
    if (known !== undefined) return known;
    const url = own.get(id) ?? '';
    const up = parent.get(id);
    const r = url !== '' || up === undefined ? url : resolve(up);
    out.set(id, r);
    return r;
  };
  for (const n of profile.nodes) resolve(n.id);
  return out;
}

export function scriptTime(profile: CpuProfile, owner: OwnerOf = () => 'app'): ScriptTime {
  const kinds = new Map<number, Kind>();
  for (const n of profile.nodes) kinds.set(n.id, kindOf(n.callFrame.functionName));
  const urls = nearestUrls(profile);
  const emulated = new Set<number>();
  const bench = new Set<number>();
  for (const [id, url] of urls) {
    const who = url === '' ? 'app' : owner(url);
    if (who === 'emulator') emulated.add(id);
    else if (who === 'bench') bench.add(id);
  }
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let emulatorUs = 0;
  const tasks: number[] = [];
  let scriptUs = 0;
  let taskUs = 0;
  let inTask = false;
  for (let i = 0; i < samples.length; i++) {
    // A sample stands for the time until the next one (DevTools' convention).
    const us = deltas[i + 1] ?? 0;
    const kind = kinds.get(samples[i]!) ?? 'other';
    if (bench.has(samples[i]!)) continue;
    if (kind === 'idle') {
      if (inTask && taskUs > 0) tasks.push(taskUs / 1000);
      inTask = false;
      taskUs = 0;
      continue;
    }
    inTask = true;
    if (emulated.has(samples[i]!)) {
      // The emulator's, native calls included (IWER's per-frame getParameter waits on the GPU).
      emulatorUs += us;
    } else if (kind === 'script') {
      scriptUs += us;
      taskUs += us;
    }
  }
  if (inTask && taskUs > 0) tasks.push(taskUs / 1000);
  tasks.sort((a, b) => a - b);
  return {
    profiledMs: (profile.endTime - profile.startTime) / 1000,
    scriptMs: scriptUs / 1000,
    emulatorMs: emulatorUs / 1000,
    tasks: tasks.length,
    taskP50Ms: percentile(tasks, 0.5),
    taskP95Ms: percentile(tasks, 0.95),
    taskP99Ms: percentile(tasks, 0.99),
    taskMaxMs: tasks.length > 0 ? tasks[tasks.length - 1]! : null,
  };
}

/**
 * Each sample's time (µs, the profile's clock: startTime plus the deltas so far) and the app's own
 * script time it stands for (µs until the next sample; 0 for idle, native and GPU waits, the
 * emulator's and the bench's samples), as scriptTime counts it. Also the span of each of the
 * bench's own scripts (the clock marks), by URL, and each sample's profile node (`nodeOf`).
 */
export function appScriptSamples(
  profile: CpuProfile,
  owner: OwnerOf = () => 'app',
): {
  atUs: number[];
  appUs: number[];
  nodeOf: number[];
  bench: Map<string, { firstUs: number; lastUs: number }>;
} {
  const urls = nearestUrls(profile);
  const names = new Map<number, string>();
  for (const n of profile.nodes) names.set(n.id, n.callFrame.functionName);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const atUs: number[] = [];
  const appUs: number[] = [];
  const nodeOf: number[] = [];
  const bench = new Map<string, { firstUs: number; lastUs: number }>();
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    const id = samples[i]!;
    const url = urls.get(id) ?? '';
    const who = url === '' ? 'app' : owner(url);
    const kind = kindOf(names.get(id) ?? '(program)');
    if (who === 'bench') {
      const span = bench.get(url);
      if (span) span.lastUs = t;
      else bench.set(url, { firstUs: t, lastUs: t });
    }
    atUs.push(t);
    nodeOf.push(id);
    appUs.push(who === 'app' && kind === 'script' ? (deltas[i + 1] ?? 0) : 0);
  }
  return { atUs, appUs, nodeOf, bench };
}
