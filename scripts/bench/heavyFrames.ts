/**
 * What the heaviest frames spend their script on: the app's profile samples in the frames at or
 * above the p95 of script per frame (frames.ts), summed per function. A p95 above budget says one
 * frame in twenty pays a lump; this says whose code the lump is, so it can be spread or cached.
 *
 * Per function, `selfMs` is the samples it was itself running (a native call such as
 * `texSubImage2D` shows under its own name) and `totalMs` those with it anywhere on the stack.
 * Locations are the build's (minified chunk, line, column); `resolveLocations` maps them to the
 * sources through the build's source maps (sourceMap.ts).
 */
import type { CpuProfile } from './profile';

/** One function's share of the heavy frames. */
export interface FunctionCost {
  readonly functionName: string;
  /** Script URL's file name ('' for native code), and 0-based line and column in it. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The source it maps to (`src/scene/label.ts:42 drawLabel`), when a source map says. */
  source?: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

export interface HeavyFrames {
  /** Frames at or above the threshold, and the threshold (the p95 of script per frame, ms). */
  readonly frames: number;
  readonly thresholdMs: number;
  /** The app's script in those frames, ms. */
  readonly scriptMs: number;
  /** Functions by self time, then by total time, the heaviest first. */
  readonly bySelf: FunctionCost[];
  readonly byTotal: FunctionCost[];
}

/** Index of the frame [startsMs[k], startsMs[k+1]) each sample falls in, or -1 (frames.ts). */
export function frameOfSamples(atMs: readonly number[], startsMs: readonly number[]): Int32Array {
  const out = new Int32Array(atMs.length).fill(-1);
  const frames = startsMs.length - 1;
  let k = 0;
  for (let i = 0; i < atMs.length; i++) {
    const t = atMs[i]!;
    if (frames <= 0 || t < startsMs[0]! || t >= startsMs[frames]!) continue;
    while (t >= startsMs[k + 1]!) k++;
    out[i] = k;
  }
  return out;
}

const fileOf = (url: string): string => url.slice(url.lastIndexOf('/') + 1).split(/[?#]/)[0] ?? '';

/**
 * The breakdown. `nodeOf[i]` is sample i's profile node, `appMs[i]` the app's script ms it stands
 * for (0 for idle, native waits outside script, the emulator's and the bench's), `frameOf[i]` its
 * frame, `perFrame` the app's script per frame and `thresholdMs` the cut (frames at or above it
 * count). `top` functions are kept per list.
 */
export function heavyFrames(
  profile: CpuProfile,
  nodeOf: readonly number[],
  appMs: readonly number[],
  frameOf: Int32Array,
  perFrame: readonly number[],
  thresholdMs: number,
  top = 15,
): HeavyFrames {
  const byId = new Map<number, CpuProfile['nodes'][number]>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const keyOf = (id: number): string => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName}\u0000${f.url ?? ''}\u0000${f.lineNumber ?? -1}\u0000${f.columnNumber ?? -1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const where = new Map<string, number>();
  let heavy = 0;
  for (const ms of perFrame) if (ms >= thresholdMs && ms > 0) heavy++;
  let scriptMs = 0;
  const seen = new Set<string>();
  for (let i = 0; i < nodeOf.length; i++) {
    const ms = appMs[i] ?? 0;
    const k = frameOf[i] ?? -1;
    if (ms <= 0 || k < 0 || !((perFrame[k] ?? 0) >= thresholdMs)) continue;
    scriptMs += ms;
    const leaf = nodeOf[i]!;
    const lk = keyOf(leaf);
    where.set(lk, leaf);
    self.set(lk, (self.get(lk) ?? 0) + ms);
    seen.clear();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id)!.callFrame.functionName;
      if (name === '(root)') break;
      const key = keyOf(id);
      if (seen.has(key)) continue; // recursion counts once per sample
      seen.add(key);
      where.set(key, id);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  }
  const cost = (key: string): FunctionCost => {
    const f = byId.get(where.get(key)!)!.callFrame;
    return {
      functionName: f.functionName || '(anonymous)',
      file: fileOf(f.url ?? ''),
      line: f.lineNumber ?? -1,
      column: f.columnNumber ?? -1,
      selfMs: self.get(key) ?? 0,
      totalMs: total.get(key) ?? 0,
    };
  };
  const heaviest = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key]) => cost(key));
  return {
    frames: heavy,
    thresholdMs,
    scriptMs,
    bySelf: heaviest(self),
    byTotal: heaviest(total),
  };
}
