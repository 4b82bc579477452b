import { describe, expect, test } from 'vitest';
import { Series, TrainingHistory } from '../../../src/ui/history';
import { cursorFraction } from '../../../src/ui/sparkline';

function series(steps: number[]): Series {
  const s = new Series(4);
  for (const st of steps) s.push(st, st / 10);
  return s;
}

describe('a cursor on a sparkline', () => {
  test('sits at the point of its step, and between points in proportion to the step', () => {
    const s = series([0, 10, 20, 40]);
    expect(cursorFraction(s, 0)).toBe(0);
    expect(cursorFraction(s, 10)).toBeCloseTo(1 / 3);
    expect(cursorFraction(s, 30)).toBeCloseTo(2.5 / 3);
    expect(cursorFraction(s, 40)).toBe(1);
  });

  test('is not drawn for a step the series no longer (or not yet) holds', () => {
    // A ring of 4: steps 0 and 10 have been pushed out by the newer ones.
    const s = series([0, 10, 20, 30, 40, 50]);
    expect(s.stepAt(0)).toBe(20);
    expect(cursorFraction(s, 10)).toBeNull();
    expect(cursorFraction(s, 60)).toBeNull();
    expect(cursorFraction(series([5]), 5)).toBeNull();
  });

  test('setting it marks both curves changed, so the charts redraw; setting it again does not', () => {
    const h = new TrainingHistory();
    const loss = h.loss.version;
    const acc = h.testAccuracy.version;
    h.setCursor(12);
    expect(h.loss.cursor).toBe(12);
    expect(h.testAccuracy.cursor).toBe(12);
    expect(h.loss.version).toBe(loss + 1);
    expect(h.testAccuracy.version).toBe(acc + 1);
    h.setCursor(12);
    expect(h.loss.version).toBe(loss + 1);
    h.setCursor(null);
    expect(h.loss.cursor).toBeNull();
  });
});
