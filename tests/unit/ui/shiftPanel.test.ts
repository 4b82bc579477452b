import { describe, expect, test } from 'vitest';
import { formatError } from '../../../src/ui/shiftPanel';

describe('formatError', () => {
  test('reads 0 as 0, tiny errors in exponent form, others to 3 significant digits', () => {
    expect(formatError(0)).toBe('0');
    expect(formatError(2.5e-7)).toBe('2.5e-7');
    expect(formatError(0.25531)).toBe('0.255');
    expect(formatError(1.16946)).toBe('1.17');
    expect(formatError(Number.NaN)).toBe('n/a');
  });
});
