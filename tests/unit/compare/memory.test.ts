import { describe, expect, it } from 'vitest';
import {
  MEMORY_POLICY,
  checkComparisonMemory,
  forwardFloatsPerDigit,
  memoryBudget,
  runBytesEstimate,
} from '../../../src/compare/memory';
import { trainingBytesEstimate } from '../../../src/network';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

describe('memory estimate', () => {
  it('counts both patch matrices and every activation of one digit', () => {
    // conv1 patches 26*26*9, conv2 patches 11*11*288, activations 784+21632+5408+7744+1600+128+10
    expect(forwardFloatsPerDigit()).toBe(6_084 + 34_848 + 37_306);
  });

  it('adds the larger of a training batch (forward and backward) and an evaluation chunk', () => {
    const perDigit = forwardFloatsPerDigit() * 4;
    expect(runBytesEstimate('none', 8)).toBe(
      trainingBytesEstimate('none') + MEMORY_POLICY.evalChunk * perDigit,
    );
    expect(runBytesEstimate('conv', 512)).toBe(trainingBytesEstimate('conv') + 1024 * perDigit);
  });
});

describe('memoryBudget', () => {
  it('takes a fixed fraction of the RAM the browser reports', () => {
    const b = memoryBudget(8);
    expect(b).toEqual({ bytes: 8 * GIB * MEMORY_POLICY.fraction, deviceGiB: 8, reported: true });
  });

  it('assumes the conservative default where the browser reports nothing usable', () => {
    for (const v of [undefined, 0, Number.NaN, -1]) {
      const b = memoryBudget(v);
      expect(b.reported).toBe(false);
      expect(b.deviceGiB).toBe(MEMORY_POLICY.defaultDeviceGiB);
    }
  });
});

describe('checkComparisonMemory', () => {
  it('lets a headset with 8 GiB hold both twins at the default batch', () => {
    const v = checkComparisonMemory(32, memoryBudget(8));
    expect(v.fits).toBe(true);
    expect(v.needBytes).toBe(runBytesEstimate('conv', 32) + runBytesEstimate('none', 32));
  });

  it('refuses a device that reports half a gibibyte', () => {
    const v = checkComparisonMemory(32, memoryBudget(0.5));
    expect(v.fits).toBe(false);
    expect(v.needBytes).toBeGreaterThan(v.budget.bytes);
  });

  it('refuses the largest batch on a device that reports 4 GiB, and accepts a small one', () => {
    expect(checkComparisonMemory(512, memoryBudget(4)).fits).toBe(false);
    expect(checkComparisonMemory(8, memoryBudget(4)).fits).toBe(true);
    expect(checkComparisonMemory(512, memoryBudget(4)).needBytes).toBeGreaterThan(600 * MIB);
  });
});
