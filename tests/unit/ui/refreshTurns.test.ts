import { describe, expect, it } from 'vitest';
import { MAX_WAIT_S, RefreshTurns } from '../../../src/ui/refreshTurns';

describe('RefreshTurns', () => {
  it('gives the turn to the first refresh that asks in a frame and refuses the others', () => {
    const turns = new RefreshTurns();
    turns.nextFrame();
    expect(turns.take()).toBe(true);
    expect(turns.take()).toBe(false);
    expect(turns.take()).toBe(false);
  });

  it('frees the turn again in the next frame', () => {
    const turns = new RefreshTurns();
    turns.nextFrame();
    turns.take();
    turns.nextFrame();
    expect(turns.take()).toBe(true);
  });

  it('spreads refreshers due on the same frame over consecutive frames, one each', () => {
    // Five refreshers on a 15-frame period whose clocks started together (4 Hz at 60 Hz).
    const turns = new RefreshTurns();
    const clocks = [15, 15, 15, 15, 15];
    const ranIn: number[][] = clocks.map(() => []);
    for (let frame = 0; frame < 60; frame++) {
      turns.nextFrame();
      for (let r = 0; r < clocks.length; r++) {
        clocks[r]!++;
        if (clocks[r]! < 15 || !turns.take()) continue;
        clocks[r] = 0;
        ranIn[r]!.push(frame);
      }
    }
    const perFrame = new Map<number, number>();
    for (const frames of ranIn) for (const f of frames) perFrame.set(f, (perFrame.get(f) ?? 0) + 1);
    expect(Math.max(...perFrame.values())).toBe(1);
    expect(ranIn.map((f) => f.slice(0, 2))).toEqual([
      [0, 15],
      [1, 16],
      [2, 17],
      [3, 18],
      [4, 19],
    ]);
  });
});

describe('RefreshTurns at a slow frame rate', () => {
  it('lets a refresh that is MAX_WAIT_S overdue share a taken frame, so none waits for ever', () => {
    const turns = new RefreshTurns();
    turns.nextFrame();
    expect(turns.take()).toBe(true);
    expect(turns.take(MAX_WAIT_S / 2)).toBe(false);
    expect(turns.take(MAX_WAIT_S)).toBe(true);
  });
});
