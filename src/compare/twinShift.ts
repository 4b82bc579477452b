/**
 * During a comparison (?compare=1) both twins measure the same moved digit: every move of the
 * probe ("Shift right", "Shift down", or the VR thumbstick) goes to both twins' trainers, and each
 * one's measure (equivariance errors, prediction under shift) is kept and published as
 * `status.probeTwinsShift`, so the comparison can set them side by side. The twins share the
 * seed, so their probe is the same held-out digit.
 */
import type { SharingMode } from '../config/schema';
import type { ShiftMeasureReport } from '../protocol';
import type { StatusStore, TwinShiftStatus } from '../status';
import type { TrainerClient } from '../trainerClient';

/** What this needs of a twin's trainer client. */
export interface ShiftingTwin {
  readonly mode: SharingMode;
  readonly client: Pick<TrainerClient, 'on' | 'shiftProbe'> | null;
}

/** The status form of a measure (plain numbers: status() is JSON). */
export function twinShiftStatus(m: ShiftMeasureReport): TwinShiftStatus {
  return {
    shift: [m.shift[0], m.shift[1]],
    conv1: m.conv1,
    conv2: m.conv2,
    predictionUnderShift: Array.from(m.predictionUnderShift),
    step: m.step,
  };
}

export class TwinShifts {
  /** Each twin's latest measure, null until it has measured a move. */
  readonly measures: Record<SharingMode, ShiftMeasureReport | null> = { conv: null, none: null };
  /** Grows with every measure (the panel redraws on a change). */
  version = 0;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly twins: readonly ShiftingTwin[],
    private readonly status: StatusStore,
  ) {
    for (const t of twins) {
      const off = t.client?.on('shiftMeasure', (m) => this.onMeasure(t.mode, m));
      if (off) this.unsubscribe.push(off);
    }
    status.probeTwinsShift = { conv: null, none: null };
  }

  /** Moves both twins' probe digit by (dx, dy) whole pixels. */
  send(dx: number, dy: number): void {
    for (const t of this.twins) t.client?.shiftProbe?.(dx, dy);
  }

  private onMeasure(mode: SharingMode, m: ShiftMeasureReport): void {
    this.measures[mode] = m;
    const s = this.status.probeTwinsShift ?? { conv: null, none: null };
    this.status.probeTwinsShift = { ...s, [mode]: twinShiftStatus(m) };
    this.version++;
  }

  dispose(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }
}
