/**
 * Main-thread script time from a V8 CPU profile (CDP `Profiler.start` / `Profiler.stop`). On a
 * software GPU the frame callback's wall time is mostly waiting on the GPU process; the profile's
 * samples separate the page's own JavaScript (and its garbage collection) from that waiting, which
 * shows as `(idle)` or `(program)`.
 *
 * Tasks are runs of samples between idle ones: a frame callback, or a message handler (a snapshot
 * arriving). Script time per frame is the profile's script time over the frames drawn meanwhile;
 * its p95 and p99 are those of the tasks' script time, each task charged to the frame it delays.
 */

/** The parts of a CDP Profiler.Profile read here. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string };
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
  /** JavaScript and garbage collection, ms. */
  readonly scriptMs: number;
  readonly tasks: number;
  readonly taskP50Ms: number | null;
  readonly taskP95Ms: number | null;
  readonly taskP99Ms: number | null;
  readonly taskMaxMs: number | null;
}

type Kind = 'idle' | 'script' | 'other';

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

export function scriptTime(profile: CpuProfile): ScriptTime {
  const kinds = new Map<number, Kind>();
  for (const n of profile.nodes) kinds.set(n.id, kindOf(n.callFrame.functionName));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const tasks: number[] = [];
  let scriptUs = 0;
  let taskUs = 0;
  let inTask = false;
  for (let i = 0; i < samples.length; i++) {
    // A sample stands for the time until the next one (DevTools' convention).
    const us = deltas[i + 1] ?? 0;
    const kind = kinds.get(samples[i]!) ?? 'other';
    if (kind === 'idle') {
      if (inTask && taskUs > 0) tasks.push(taskUs / 1000);
      inTask = false;
      taskUs = 0;
      continue;
    }
    inTask = true;
    if (kind === 'script') {
      scriptUs += us;
      taskUs += us;
    }
  }
  if (inTask && taskUs > 0) tasks.push(taskUs / 1000);
  tasks.sort((a, b) => a - b);
  return {
    profiledMs: (profile.endTime - profile.startTime) / 1000,
    scriptMs: scriptUs / 1000,
    tasks: tasks.length,
    taskP50Ms: percentile(tasks, 0.5),
    taskP95Ms: percentile(tasks, 0.95),
    taskP99Ms: percentile(tasks, 0.99),
    taskMaxMs: tasks.length > 0 ? tasks[tasks.length - 1]! : null,
  };
}
