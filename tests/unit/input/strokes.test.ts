import { describe, expect, it } from 'vitest';
import { MIN_POINT_SPACING, StrokeRecorder } from '../../../src/input/strokes';

describe('StrokeRecorder', () => {
  it('turns down, moves and up into one stroke per pointer press', () => {
    const r = new StrokeRecorder();
    r.down(1, 0.1, 0.1);
    r.move(1, 0.2, 0.2);
    r.up(1);
    r.move(1, 0.9, 0.9); // pen up: no ink
    r.down(1, 0.5, 0.5);
    r.move(1, 0.5, 0.6);
    r.up(1);
    expect(r.strokes).toEqual([
      [0.1, 0.1, 0.2, 0.2],
      [0.5, 0.5, 0.5, 0.6],
    ]);
  });

  it('keeps two pointers (two fingers, or a controller and a mouse) in separate strokes', () => {
    const r = new StrokeRecorder();
    r.down(1, 0.1, 0.1);
    r.down(2, 0.8, 0.8);
    r.move(1, 0.1, 0.3);
    r.move(2, 0.8, 0.6);
    expect(r.penDown).toBe(true);
    r.up(1);
    r.up(2);
    expect(r.penDown).toBe(false);
    expect(r.strokes).toEqual([
      [0.1, 0.1, 0.1, 0.3],
      [0.8, 0.8, 0.8, 0.6],
    ]);
  });

  it('skips points closer than the minimum spacing and clamps to the pad', () => {
    const r = new StrokeRecorder();
    r.down(1, -0.2, 0.5);
    expect(r.move(1, MIN_POINT_SPACING / 2, 0.5)).toBe(false);
    expect(r.move(1, 1.4, 0.5)).toBe(true);
    expect(r.strokes).toEqual([[0, 0.5, 1, 0.5]]);
  });

  it('clears everything and counts every change', () => {
    const r = new StrokeRecorder();
    const v0 = r.version;
    r.down(1, 0.1, 0.1);
    r.move(1, 0.3, 0.3);
    expect(r.version).toBe(v0 + 2);
    r.clear();
    expect(r.empty).toBe(true);
    expect(r.penDown).toBe(false);
    expect(r.version).toBe(v0 + 3);
  });
});
