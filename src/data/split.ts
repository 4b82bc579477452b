/**
 * The seeded, stratified split of the 10,000 digits: 1,000 held out for testing, each class in
 * proportion to its share of the whole, the rest for training. Same seed, same split.
 */
import { NUM_CLASSES } from '../network';
import { mulberry32, shuffle } from './random';

export const TEST_DIGITS = 1000;

export interface Split {
  /** Indices into the data, in a seeded order. */
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

export function stratifiedSplit(labels: Uint8Array, seed: number, testCount = TEST_DIGITS): Split {
  if (testCount <= 0 || testCount >= labels.length) {
    throw new RangeError(`test count ${testCount} must be between 1 and ${labels.length - 1}`);
  }
  const rng = mulberry32(seed ^ 0x5eed5eed);
  const byClass: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  labels.forEach((label, i) => byClass[label]!.push(i));
  // Largest-remainder apportionment, so the quotas sum to exactly testCount.
  const exact = byClass.map((c) => (c.length * testCount) / labels.length);
  const quota = exact.map(Math.floor);
  let left = testCount - quota.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    quota[i]!++;
    left--;
  }
  const test: number[] = [];
  const train: number[] = [];
  byClass.forEach((members, label) => {
    const shuffled = shuffle(Uint32Array.from(members), rng);
    const q = quota[label]!;
    test.push(...shuffled.subarray(0, q));
    train.push(...shuffled.subarray(q));
  });
  return {
    train: shuffle(Uint32Array.from(train), rng),
    test: shuffle(Uint32Array.from(test), rng),
  };
}
