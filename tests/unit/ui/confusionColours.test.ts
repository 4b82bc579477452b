import { expect, test } from 'vitest';
import { cellColour, cellCss } from '../../../src/ui/confusionColours';

test('right answers are green and stronger the larger their share of the row', () => {
  const some = cellColour(3, 3, 10, 100);
  const most = cellColour(3, 3, 95, 100);
  expect(some[1]).toBeGreaterThan(some[0]);
  expect(most[3]).toBeGreaterThan(some[3]);
});

test('a single mistake is red and clearly visible; empty cells are transparent', () => {
  const one = cellColour(4, 9, 1, 100);
  expect(one[0]).toBeGreaterThan(one[1]);
  expect(one[3]).toBeGreaterThanOrEqual(0.3);
  expect(cellCss(cellColour(4, 9, 0, 100))).toBe('transparent');
  expect(cellCss(one)).toMatch(/^rgba\(255, 107, 107, 0\.3\d\d\)$/);
});
