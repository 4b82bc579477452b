import { describe, expect, it } from 'vitest';
import {
  CONV1,
  CONV2,
  convParams,
  parameterCounts,
  positions,
  totalParameters,
} from '../../src/network';

describe('the seed network as data', () => {
  it('counts the seed network parameters as Keras does', () => {
    expect(parameterCounts('conv').map((l) => l.params)).toEqual([320, 18_496, 204_928, 1_290]);
    expect(totalParameters('conv')).toBe(225_034);
  });

  it('counts one kernel per position without sharing', () => {
    expect(positions(CONV1)).toBe(676);
    expect(convParams(CONV1, 'none')).toBe(216_320);
    expect(convParams(CONV2, 'none')).toBe(2_238_016);
    expect(totalParameters('none') / totalParameters('conv')).toBeCloseTo(11.82, 2);
  });
});
