import { describe, expect, test } from 'vitest';
import type { CommonPoint } from '../../../src/compare/curves';
import {
  equivarianceSentence,
  formatGap,
  gapSentence,
  generalisationGap,
} from '../../../src/compare/measuredClaims';

const point = (sharedTrain: number | null, unsharedTrain: number | null): CommonPoint => ({
  step: 40,
  shared: { accuracy: 0.9, loss: 0.3, ms: 2000, trainAccuracy: sharedTrain },
  unshared: { accuracy: 0.8, loss: 0.5, ms: 9000, trainAccuracy: unsharedTrain },
});

describe('generalisationGap', () => {
  test('is training accuracy minus held-out accuracy, and null when either is missing', () => {
    expect(generalisationGap(0.95, 0.9)).toBeCloseTo(0.05, 12);
    expect(generalisationGap(0.85, 0.9)).toBeCloseTo(-0.05, 12);
    expect(generalisationGap(null, 0.9)).toBeNull();
    expect(generalisationGap(Number.NaN, 0.9)).toBeNull();
    expect(generalisationGap(0.9, Number.NaN)).toBeNull();
  });

  test('reads in signed percentage points', () => {
    expect(formatGap(0.024)).toBe('+2.4 points');
    expect(formatGap(-0.003)).toBe('-0.3 points');
    expect(formatGap(0.0001)).toBe('0.0 points');
  });
});

describe('gapSentence', () => {
  test('states both twins’ gaps and training accuracies, whichever way they came out', () => {
    expect(gapSentence(point(0.93, 0.86), 1000)).toBe(
      'Generalisation gap (training accuracy on 1000 fixed training digits minus held-out ' +
        'accuracy), after 40 steps: shared +3.0 points (93.0% on training digits), unshared ' +
        '+6.0 points (86.0% on training digits).',
    );
    expect(gapSentence(point(0.95, 0.8), 1000)).toContain(
      'shared +5.0 points (95.0% on training digits), unshared 0.0 points',
    );
  });

  test('says which twin was not measured, and nothing when neither was', () => {
    expect(gapSentence(point(0.93, null), 1000)).toContain('unshared not measured');
    expect(gapSentence(point(null, null), 1000)).toBe('');
  });
});

describe('equivarianceSentence', () => {
  const at = (dx: number, dy: number, conv1: number, conv2: number) => ({
    shift: [dx, dy] as const,
    conv1,
    conv2,
  });

  test('states both twins’ errors on the same moved digit', () => {
    expect(equivarianceSentence({ conv: at(3, 0, 0, 0.1234), none: at(3, 0, 0.8771, 0.91) })).toBe(
      'Equivariance error with the digit moved (3, 0) (0 = the maps move with it): shared ' +
        'conv1 0, conv2 0.123; unshared conv1 0.877, conv2 0.910.',
    );
    // Measured, not claimed: a shared twin that did not follow is stated as such.
    expect(equivarianceSentence({ conv: at(1, 1, 0.5, 0.6), none: at(1, 1, 0, 0) })).toContain(
      'shared conv1 0.500, conv2 0.600; unshared conv1 0, conv2 0',
    );
  });

  test('asks for a move while the digit is unmoved, and waits for both to measure it', () => {
    expect(equivarianceSentence({ conv: null, none: null })).toMatch(
      /^Equivariance: move the digit/,
    );
    expect(equivarianceSentence({ conv: at(0, 0, 0, 0), none: at(0, 0, 0, 0) })).toMatch(
      /move the digit/,
    );
    expect(equivarianceSentence({ conv: at(2, 0, 0, 0), none: null })).toMatch(/waiting for both/);
    expect(equivarianceSentence({ conv: at(2, 0, 0, 0), none: at(1, 0, 0.5, 0.5) })).toMatch(
      /waiting for both/,
    );
  });
});
