import { describe, expect, it } from 'vitest';
import { nextMistake, nextOfClass, stepIndex } from '../../../src/input/picking';

describe('picking held-out digits', () => {
  it('steps forward and back, wrapping at both ends', () => {
    expect(stepIndex(0, 1, 1000)).toBe(1);
    expect(stepIndex(999, 1, 1000)).toBe(0);
    expect(stepIndex(0, -1, 1000)).toBe(999);
  });

  it('walks through every mistake in order, then starts again', () => {
    const mistakes = [40, 7, 300];
    expect(nextMistake(mistakes, null)).toBe(7);
    expect(nextMistake(mistakes, 7)).toBe(40);
    expect(nextMistake(mistakes, 41)).toBe(300);
    expect(nextMistake(mistakes, 300)).toBe(7);
    expect(nextMistake([], 3)).toBeNull();
  });

  it('finds the next digit of a class after the current one, wrapping', () => {
    const labels = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(nextOfClass(labels, 1, null)).toBe(1);
    expect(nextOfClass(labels, 1, 1)).toBe(3);
    expect(nextOfClass(labels, 1, 3)).toBe(1);
    expect(nextOfClass(labels, 7, 0)).toBeNull();
  });
});
