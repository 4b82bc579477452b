import { describe, expect, it } from 'vitest';
import {
  defaultRearmDepth,
  defaultThroughDepth,
  defaultTouchDepth,
  newPokeState,
  pokeStep,
} from '../../../src/xr/poke';

/** Feeds depths (all over the panel) and returns the indices of the frames that pressed. */
function presses(depths: number[], over = true): number[] {
  const s = newPokeState();
  const out: number[] = [];
  depths.forEach((d, i) => {
    if (pokeStep(s, d, over)) out.push(i);
  });
  return out;
}

describe('pokeStep', () => {
  it('presses once on the frame the fingertip reaches the surface from in front', () => {
    expect(presses([0.1, 0.05, 0.01, 0.0, -0.01, -0.01])).toEqual([3]);
  });

  it('does not press again while the finger rests on or in the panel', () => {
    expect(presses([0.05, 0, 0, -0.005, 0.004, 0])).toEqual([1]);
  });

  it('presses again after the fingertip comes back out past the re-arm depth', () => {
    const out = defaultRearmDepth + 0.001;
    expect(presses([0.05, 0, out, 0, out, -0.002])).toEqual([1, 3, 5]);
  });

  it('does not press when the fingertip is beside the panel', () => {
    expect(presses([0.05, 0, 0.05, 0], false)).toEqual([]);
  });

  it('does not press when the hand comes back through the panel from behind', () => {
    expect(presses([-0.2, -0.1, -defaultThroughDepth - 0.001, -0.01, 0])).toEqual([]);
  });

  it('does not press on the first frame a hand is tracked, even at the surface', () => {
    expect(presses([Number.NaN, 0, 0])).toEqual([]);
    expect(presses([0, 0])).toEqual([]);
  });

  it('counts a tip just inside the touch depth as touching', () => {
    expect(presses([0.03, defaultTouchDepth])).toEqual([1]);
    expect(presses([0.03, defaultTouchDepth + 0.001])).toEqual([]);
  });
});
