/**
 * What the comparison measured of the two claims made for weight sharing, in words: each twin's
 * generalisation gap (training accuracy minus held-out accuracy, at the same evaluation) and each
 * twin's equivariance errors on the same moved digit. The sentences state the figures, never the
 * claims themselves. Pure functions over plain data.
 */
import type { SharingMode } from '../config/schema';
import { formatError } from '../ui/shiftHeat';
import { MODE_NAMES } from './arithmetic';
import type { CommonPoint } from './curves';

/** One twin's measure of the moved digit (what status.probeTwinsShift holds of it). */
export interface TwinShiftFigures {
  readonly shift: readonly [number, number];
  readonly conv1: number;
  readonly conv2: number;
}

/** Training minus held-out accuracy (a fraction), or null when either is missing. */
export function generalisationGap(
  trainAccuracy: number | null,
  heldOutAccuracy: number,
): number | null {
  if (trainAccuracy === null || !Number.isFinite(trainAccuracy)) return null;
  if (!Number.isFinite(heldOutAccuracy)) return null;
  return trainAccuracy - heldOutAccuracy;
}

/** A gap in percentage points, signed: "+2.4 points", "-0.3 points", "0.0 points". */
export function formatGap(gap: number): string {
  const points = gap * 100;
  const text = Math.abs(points).toFixed(1);
  if (text === '0.0') return '0.0 points';
  return `${points > 0 ? '+' : '-'}${text} points`;
}

/** Both twins' gaps at the common evaluation; '' when neither was measured. */
export function gapSentence(point: CommonPoint, sampleSize: number): string {
  const s = generalisationGap(point.shared.trainAccuracy, point.shared.accuracy);
  const u = generalisationGap(point.unshared.trainAccuracy, point.unshared.accuracy);
  if (s === null && u === null) return '';
  const one = (mode: SharingMode, gap: number | null, train: number | null) =>
    gap === null || train === null
      ? `${MODE_NAMES[mode]} not measured`
      : `${MODE_NAMES[mode]} ${formatGap(gap)} (${(train * 100).toFixed(1)}% on training digits)`;
  return (
    `Generalisation gap (training accuracy on ${sampleSize} fixed training digits minus held-out ` +
    `accuracy), after ${point.step} steps: ${one('conv', s, point.shared.trainAccuracy)}, ` +
    `${one('none', u, point.unshared.trainAccuracy)}.`
  );
}

const sameShift = (a: TwinShiftFigures, b: TwinShiftFigures) =>
  a.shift[0] === b.shift[0] && a.shift[1] === b.shift[1];

/**
 * Both twins' equivariance errors on the digit moved by the same shift. An unmoved digit follows
 * itself by definition, so nothing is stated until the digit is moved.
 */
export function equivarianceSentence(
  shifts: Readonly<Record<SharingMode, TwinShiftFigures | null>>,
): string {
  const s = shifts.conv;
  const u = shifts.none;
  const moved = (m: TwinShiftFigures | null) =>
    m !== null && (m.shift[0] !== 0 || m.shift[1] !== 0);
  if (!moved(s) && !moved(u)) {
    return 'Equivariance: move the digit (Shift right, Shift down) to measure how each run’s maps follow it.';
  }
  if (!s || !u || !sameShift(s, u)) {
    return 'Equivariance: waiting for both runs to measure the same moved digit.';
  }
  const one = (mode: SharingMode, m: TwinShiftFigures) =>
    `${MODE_NAMES[mode]} conv1 ${formatError(m.conv1)}, conv2 ${formatError(m.conv2)}`;
  return (
    `Equivariance error with the digit moved (${s.shift[0]}, ${s.shift[1]}) ` +
    `(0 = the maps move with it): ${one('conv', s)}; ${one('none', u)}.`
  );
}
