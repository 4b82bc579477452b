import { describe, expect, it } from 'vitest';
import { CONV1, CONV2 } from '../../../src/network';
import { selectionFor, selectionSentence, sweepPosition } from '../../../src/scene/selection';

describe('selectionFor', () => {
  it('conv1: 9 weights + 1 bias, reused at 676 positions, 6,760 without sharing', () => {
    const s = selectionFor('conv1', 5, 'hover');
    expect(s).toEqual({
      layer: 'conv1',
      filter: 5,
      weights: 9,
      bias: 1,
      positions: 676,
      unsharedWeights: 6760,
      source: 'hover',
      sharing: 'conv',
    });
  });

  it('conv2: 288 weights + 1 bias, reused at 121 positions, 34,969 without sharing', () => {
    const s = selectionFor('conv2', 63, 'controller');
    expect(s.weights).toBe(288);
    expect(s.positions).toBe(121);
    expect(s.unsharedWeights).toBe(34_969);
  });

  it('refuses a filter the layer does not have', () => {
    expect(() => selectionFor('conv1', 32, 'script')).toThrow(RangeError);
    expect(() => selectionFor('conv2', -1, 'script')).toThrow(RangeError);
    expect(() => selectionFor('conv2', 1.5, 'script')).toThrow(RangeError);
  });
});

describe('selectionSentence', () => {
  it('says, without sharing, that each position has its own kernel', () => {
    const s = selectionSentence(selectionFor('conv1', 3, 'hover', 'none'));
    expect(s).toBe(
      'conv1 kernel 3 at the centre (3x3): 9 weights + 1 bias, one of 676 separate kernels, ' +
        '6,760 weights for this map; sharing would need 10',
    );
  });

  it('states the arithmetic with thousands separators', () => {
    expect(selectionSentence(selectionFor('conv1', 0, 'hover'))).toContain(
      '9 weights + 1 bias, reused at 676 positions; without sharing this map would need 6,760 weights',
    );
    expect(selectionSentence(selectionFor('conv2', 2, 'hover'))).toContain('3x3x32');
    expect(selectionSentence(selectionFor('conv2', 2, 'hover'))).toContain('34,969');
  });
});

describe('sweepPosition', () => {
  it('visits every output position exactly once per pass, row by row', () => {
    for (const spec of [CONV1, CONV2]) {
      const n = spec.outSize;
      const seen = new Set<string>();
      const p = { x: 0, y: 0 };
      for (let i = 0; i < n * n; i++) {
        sweepPosition(spec, i, p);
        expect(p.x).toBeGreaterThanOrEqual(0);
        expect(p.y).toBeLessThan(n);
        seen.add(`${p.x},${p.y}`);
      }
      expect(seen.size).toBe(n * n);
      sweepPosition(spec, n * n + 1, p);
      expect(p).toEqual({ x: 1, y: 0 });
      sweepPosition(spec, n, p);
      expect(p).toEqual({ x: 0, y: 1 });
    }
  });
});
