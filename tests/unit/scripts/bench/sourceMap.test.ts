import { describe, expect, it } from 'vitest';
import { decodeVlq, originalAt, parseSourceMap } from '../../../../scripts/bench/sourceMap';

describe('decodeVlq', () => {
  it('reads base64 VLQ numbers, sign in the lowest bit and continuation in the sixth', () => {
    expect(decodeVlq('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeVlq('CADE')).toEqual([1, 0, -1, 2]);
    // 16 needs a continuation digit: g (32 | 0) then B (1 << 5 = 32, i.e. 16 << 1).
    expect(decodeVlq('gB')).toEqual([16]);
    expect(() => decodeVlq('A!')).toThrow(/not a base64 VLQ digit/);
  });
});

describe('originalAt', () => {
  // Line 0: column 0 -> a.ts line 1 col 0; column 10 -> a.ts line 3 col 4, name "drawLabel".
  // Line 1: column 2 -> b.ts line 1 col 0 (source +1, line -2, column -4).
  const map = parseSourceMap({
    sources: ['../../src/a.ts', '../../src/b.ts'],
    names: ['drawLabel'],
    mappings: 'AAAA,UAEIA;ECFJ',
  });

  it('maps a generated line and column to the segment at or before it, with its name', () => {
    expect(originalAt(map, 0, 0)).toBe('src/a.ts:1');
    expect(originalAt(map, 0, 9)).toBe('src/a.ts:1');
    expect(originalAt(map, 0, 12)).toBe('src/a.ts:3 drawLabel');
  });

  it('carries source and line deltas across lines but restarts the column', () => {
    expect(originalAt(map, 1, 2)).toBe('src/b.ts:1');
  });

  it('maps nothing before the first segment of a line or past the last line', () => {
    expect(originalAt(map, 1, 0)).toBeNull();
    expect(originalAt(map, 5, 0)).toBeNull();
  });
});
