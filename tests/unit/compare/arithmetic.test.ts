import { describe, expect, it } from 'vitest';
import {
  figureLabel,
  formatBytes,
  formatCount,
  formatRatio,
  memoryLabel,
  sharingArithmetic,
  totalLabel,
} from '../../../src/compare/arithmetic';

describe('sharingArithmetic', () => {
  const a = sharingArithmetic();

  it('counts every trainable layer in both modes, matching the network by hand', () => {
    expect(a.layers.map((l) => [l.id, l.shared, l.unshared])).toEqual([
      ['conv1', 320, 216_320],
      ['conv2', 18_496, 2_238_016],
      ['dense1', 204_928, 204_928],
      ['output', 1_290, 1_290],
    ]);
  });

  it('totals 225,034 parameters shared and 2,660,554 unshared', () => {
    expect(a.totals).toEqual({ conv: 225_034, none: 2_660_554 });
    expect(a.parameterRatio).toBeCloseTo(2_660_554 / 225_034, 10);
  });

  it('gives each convolution its sharing figure: the positions that reuse each weight', () => {
    expect(a.figures).toEqual([
      { id: 'conv1', shared: 320, unshared: 216_320, positions: 676 },
      { id: 'conv2', shared: 18_496, unshared: 2_238_016, positions: 121 },
    ]);
  });

  it('estimates training memory as four float32 copies of the parameters', () => {
    expect(a.trainingBytes.conv).toBe(225_034 * 16);
    expect(a.trainingBytes.none).toBe(2_660_554 * 16);
  });
});

describe('labels', () => {
  const a = sharingArithmetic();

  it('says what one kernel stands in for', () => {
    expect(figureLabel(a.figures[0]!)).toBe(
      'conv1: 320 parameters shared by 676 positions; without sharing 216,320',
    );
    expect(figureLabel(a.figures[1]!)).toBe(
      'conv2: 18,496 parameters shared by 121 positions; without sharing 2,238,016',
    );
  });

  it('states the totals and their ratio', () => {
    expect(totalLabel(a)).toBe(
      'total: 225,034 parameters shared; 2,660,554 without sharing (11.8x)',
    );
  });

  it('states the memory estimate of both modes', () => {
    expect(memoryLabel(a)).toBe(
      'training memory estimate (weights, gradients, Adam moments): shared 3.4 MiB, unshared 40.6 MiB',
    );
  });

  it('formats counts, bytes and ratios the same on every locale', () => {
    expect(formatCount(2_660_554)).toBe('2,660,554');
    expect(formatCount(12)).toBe('12');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
    expect(formatRatio(9.62)).toBe('9.6x');
    expect(formatRatio(676)).toBe('676x');
  });
});
