import { describe, expect, it } from 'vitest';
import { TwinShifts } from '../../../src/compare/twinShift';
import type { ShiftMeasureReport } from '../../../src/protocol';
import { initialStatus } from '../../../src/status';
import type { TrainerListeners } from '../../../src/trainerClient';

/** Stands in for a twin's worker client: records moves; the test measures for the worker. */
class StandInTwin {
  readonly moves: [number, number][] = [];
  listener: TrainerListeners['shiftMeasure'] | null = null;
  shiftProbe(dx: number, dy: number): void {
    this.moves.push([dx, dy]);
  }
  on<K extends keyof TrainerListeners>(kind: K, fn: NonNullable<TrainerListeners[K]>): () => void {
    if (kind === 'shiftMeasure') this.listener = fn as TrainerListeners['shiftMeasure'];
    return () => (this.listener = null);
  }
  measure(dx: number, dy: number, conv1: number, step: number): void {
    const m: ShiftMeasureReport = {
      step,
      shift: [dx, dy],
      probeLabel: 7,
      conv1,
      conv2: conv1 * 2,
      predictionUnderShift: new Float32Array(81).fill(0.5),
    };
    this.listener?.(m);
  }
}

describe('TwinShifts', () => {
  it('moves both twins’ digit and publishes each one’s measure as status.probeTwinsShift', () => {
    const conv = new StandInTwin();
    const none = new StandInTwin();
    const status = initialStatus();
    const shifts = new TwinShifts(
      [
        { mode: 'conv', client: conv },
        { mode: 'none', client: none },
      ],
      status,
    );
    expect(status.probeTwinsShift).toEqual({ conv: null, none: null });
    shifts.send(3, -1);
    expect(conv.moves).toEqual([[3, -1]]);
    expect(none.moves).toEqual([[3, -1]]);
    none.measure(3, -1, 0.8, 12);
    expect(shifts.version).toBe(1);
    expect(status.probeTwinsShift?.conv).toBeNull();
    expect(status.probeTwinsShift?.none).toMatchObject({ shift: [3, -1], conv1: 0.8, step: 12 });
    expect(status.probeTwinsShift?.none?.predictionUnderShift).toHaveLength(81);
    conv.measure(3, -1, 0, 12);
    expect(status.probeTwinsShift?.conv).toMatchObject({ conv1: 0, conv2: 0 });
    expect(shifts.measures.none?.conv1).toBe(0.8);
    shifts.dispose();
    expect(conv.listener).toBeNull();
  });

  it('leaves out a twin that never started', () => {
    const conv = new StandInTwin();
    const status = initialStatus();
    const shifts = new TwinShifts(
      [
        { mode: 'conv', client: conv },
        { mode: 'none', client: null },
      ],
      status,
    );
    shifts.send(1, 1);
    expect(conv.moves).toEqual([[1, 1]]);
    expect(status.probeTwinsShift).toEqual({ conv: null, none: null });
  });
});
