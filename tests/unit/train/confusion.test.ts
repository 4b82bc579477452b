import { expect, test } from 'vitest';
import { cellMembers, confusionMatrix } from '../../../src/train/confusion';

test('the confusion matrix counts each digit in the row of its label and the column of its prediction', () => {
  const labels = [0, 1, 1, 2, 2, 2];
  const predicted = [0, 1, 7, 2, 2, 1];
  const m = confusionMatrix(predicted, labels);
  expect(m.length).toBe(100);
  expect(m[0 * 10 + 0]).toBe(1);
  expect(m[1 * 10 + 1]).toBe(1);
  expect(m[1 * 10 + 7]).toBe(1);
  expect(m[2 * 10 + 2]).toBe(2);
  expect(m[2 * 10 + 1]).toBe(1);
  expect(m.reduce((a, b) => a + b, 0)).toBe(labels.length);
});

test('a cell lists the digits behind it, in evaluation order', () => {
  expect(cellMembers([0, 7, 7, 1], [1, 1, 1, 1], 1, 7)).toEqual([1, 2]);
  expect(cellMembers([0, 7, 7, 1], [1, 1, 1, 1], 3, 3)).toEqual([]);
});

test('mismatched lengths and out-of-range classes are refused', () => {
  expect(() => confusionMatrix([1, 2], [1])).toThrow(/2 predictions for 1 labels/);
  expect(() => confusionMatrix([10], [1])).toThrow(/outside 0..9/);
});
