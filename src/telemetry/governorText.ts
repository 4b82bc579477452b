/**
 * The governor's sentence for the panel: which objective is in force and what it costs, e.g.
 * "desktop: at least 30 fps, else train at full speed · training 9.8 steps/s; 31 fps (the room
 * alone: 34 fps)". Pure; called a few times per second.
 */
import { type Objective, objectiveLabel } from './objective';

export interface GovernorFacts {
  readonly objective: Objective;
  /** False until a frame window with a budget has arrived. */
  readonly measured: boolean;
  readonly targetHz: number;
  /** The run being governed is training. */
  readonly active: boolean;
  /** Training is slowed for a moment to measure the room alone. */
  readonly probing: boolean;
  readonly stepsPerSecond: number;
  /** The cap outside a probe (null: none). */
  readonly cap: number | null;
  /** Frames per second while training (0: not measured yet). */
  readonly fps: number;
  /** The room alone (null: not measured yet). */
  readonly baselineFps: number | null;
  readonly cannotHold: boolean;
  /** A stretched snapshot interval, or null when it is the configured one. */
  readonly snapshotEvery: number | null;
}

/** A steps/s figure for people: one decimal under 10 (trailing .0 dropped), whole above. */
export function formatRate(x: number): string {
  if (x >= 10) return String(Math.round(x));
  return String(Math.round(x * 10) / 10);
}

const fpsText = (fps: number): string => String(Math.round(fps));

export function describeGovernor(f: GovernorFacts): string {
  if (!f.measured) return 'measuring frames';
  let s = objectiveLabel(f.objective, f.targetHz);
  if (f.cannotHold) {
    s +=
      f.objective === 'xr'
        ? ' (the room alone cannot)'
        : ` (the room alone misses ${Math.round(f.targetHz)} Hz)`;
  }
  const room = f.baselineFps === null ? 'measuring' : `${fpsText(f.baselineFps)} fps`;
  if (!f.active) return `${s} · training not running; the room alone: ${room}`;
  if (f.probing) return `${s} · training slowed for a moment to measure the room alone`;
  const held = f.cap === null ? '' : ` (held to ${formatRate(f.cap)})`;
  const frames = f.fps > 0 ? `${fpsText(f.fps)} fps` : 'frames measuring';
  s += ` · training ${formatRate(f.stepsPerSecond)} steps/s${held}; ${frames} (the room alone: ${room})`;
  if (f.snapshotEvery !== null) s += `; snapshots every ${f.snapshotEvery} steps to save frames`;
  return s;
}
