import { describe, expect, test } from 'vitest';
import { kernelTrail } from '../../../src/history/trails';

/** conv1-shaped kernels ([3, 3, 1, 2]: 2 filters) where filter 1 moves by `d` in one weight. */
function at(step: number, d: number) {
  const conv1 = new Float32Array(18);
  conv1[4 * 2 + 1] = d; // weight 4 (the centre), filter 1
  conv1[4 * 2 + 0] = 7; // filter 0 never moves
  return { step, conv1, conv2: new Float32Array(1) };
}

describe('kernelTrail', () => {
  test("is each kept step's L2 distance of one filter from its first kept value", () => {
    const entries = [at(0, 0.5), at(1, 0.5), at(5, 1.5), at(9, -0.5)];
    expect(Array.from(kernelTrail(entries, 2, 1))).toEqual([0, 0, 1, 1]);
    expect(Array.from(kernelTrail(entries, 2, 0))).toEqual([0, 0, 0, 0]);
  });

  test('is empty without entries', () => {
    expect(kernelTrail([], 32, 0)).toHaveLength(0);
  });
});
