/**
 * Vitest's file order for `vitest run`: the files that train for a long time start first, then
 * Vitest's own order (slowest first from its results cache; without one, as on a clean CI
 * checkout, the largest files first). With two workers, a two-minute file that starts last
 * finishes two minutes after everything else; started first, it runs while the other worker takes
 * the short files. A file missing from the list only costs time, never a result.
 */
import type { TestSequencer, TestSpecification, Vitest } from 'vitest/node';

/** Files that train the real network for tens of seconds or more, longest first. */
export const LONG_RUNS = [
  'tests/unit/train/learningTarget.test.ts',
  'tests/unit/train/rollBack.test.ts',
  'tests/unit/train/trainerModel.test.ts',
  'tests/unit/train/leaks.test.ts',
  'tests/unit/train/learning.test.ts',
  'tests/unit/train/trainerInference.test.ts',
];

/** Where `moduleId` stands in LONG_RUNS (files not in it after every one that is). */
export function longRunRank(moduleId: string): number {
  const slashed = moduleId.replaceAll('\\', '/');
  const i = LONG_RUNS.findIndex((f) => slashed.endsWith(`/${f}`));
  return i < 0 ? LONG_RUNS.length : i;
}

export class LongRunsFirst implements TestSequencer {
  // Loaded when Vitest builds the sequencer, so `vite build` never imports Vitest.
  private readonly base: Promise<TestSequencer>;

  constructor(ctx: Vitest) {
    this.base = import('vitest/node').then(({ BaseSequencer }) => new BaseSequencer(ctx));
  }

  async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await this.base).shard(files);
  }

  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await (await this.base).sort(files);
    // A stable sort: within a rank, Vitest's order stands.
    return sorted
      .map((spec, i) => ({ spec, i, rank: longRunRank(spec.moduleId) }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map(({ spec }) => spec);
  }
}
