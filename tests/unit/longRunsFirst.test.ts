import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LONG_RUNS, longRunRank } from './longRunsFirst';

describe('the order Vitest starts test files in', () => {
  it('puts the long training files first, in their listed order, and every other file after them', () => {
    const root = '/repo';
    expect(longRunRank(`${root}/tests/unit/train/learningTarget.test.ts`)).toBe(0);
    expect(longRunRank(`${root}/tests/unit/train/leaks.test.ts`)).toBe(
      LONG_RUNS.indexOf('tests/unit/train/leaks.test.ts'),
    );
    expect(longRunRank(`${root}/tests/unit/protocol.test.ts`)).toBe(LONG_RUNS.length);
    // A path that only ends like a listed one is not it.
    expect(longRunRank(`${root}/my-tests/unit/train/learning.test.ts`)).toBe(LONG_RUNS.length);
    expect(longRunRank('C:\\repo\\tests\\unit\\train\\learning.test.ts')).toBe(
      LONG_RUNS.indexOf('tests/unit/train/learning.test.ts'),
    );
  });

  it('lists only files that exist (a renamed file would silently start late)', () => {
    expect(LONG_RUNS.filter((f) => !existsSync(f))).toEqual([]);
  });
});
