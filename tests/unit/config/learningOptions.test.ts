import { describe, expect, it } from 'vitest';
import { parseConfig, serializeConfig } from '../../../src/config/parse';

describe('the learning options augment, schedule and epochs', () => {
  it('default to the plain run: no augmentation, a constant rate, no end', () => {
    const r = parseConfig('');
    expect(r.ok && r.config).toMatchObject({ augment: false, schedule: 'constant', epochs: 0 });
  });

  it('read a decaying schedule over a number of epochs, and link back to it', () => {
    const r = parseConfig('?augment=1&schedule=cosine&epochs=12');
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.config).toMatchObject({ augment: true, schedule: 'cosine', epochs: 12 });
    expect(serializeConfig(r.config)).toBe('?augment=true&schedule=cosine&epochs=12');
  });

  it('refuse a decaying schedule without epochs, naming the schedule and what it needs', () => {
    const r = parseConfig('?schedule=step');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.param).toBe('schedule');
    expect(r.errors[0]!.message).toMatch(/"schedule".*epochs/);
  });

  it('refuse a schedule outside the list and epochs outside 0 to 1000', () => {
    const bad = parseConfig('?schedule=linear&epochs=1001');
    expect(bad.ok || bad.errors.map((e) => e.param).sort()).toEqual(['epochs', 'schedule']);
  });
});
