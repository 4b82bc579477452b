import { describe, expect, test } from 'vitest';
import { migrateV1, parseKept, usableSaved } from '../../../src/history/historyStore';
import { LAYER_IDS, activationSize } from '../../../src/network';

const entry = (step: number) => ({
  step,
  conv1: new Float32Array(288),
  conv2: new Float32Array(18432),
});

describe('a saved kernel history', () => {
  test('is read back only as a list of entries with rising whole steps and Float32Arrays', () => {
    expect(parseKept([entry(0), entry(5)])?.map((e) => e.step)).toEqual([0, 5]);
    expect(parseKept([])).toEqual([]);
    expect(parseKept(undefined)).toBeNull();
    expect(parseKept({ step: 1 })).toBeNull();
    expect(parseKept([entry(5), entry(5)])).toBeNull();
    expect(parseKept([{ ...entry(1), conv1: [1, 2] }])).toBeNull();
    expect(parseKept([{ ...entry(1), step: 1.5 }])).toBeNull();
  });

  test('keeps the probe maps saved with an entry, and refuses maps of the wrong size', () => {
    const activations = Object.fromEntries(
      LAYER_IDS.map((id) => [id, new Float32Array(activationSize(id))]),
    );
    const kept = parseKept([{ ...entry(3), maps: { probeLabel: 4, activations } }]);
    expect(kept?.[0]?.maps?.probeLabel).toBe(4);
    expect(kept?.[0]?.maps?.activations.conv1.length).toBe(26 * 26 * 32);
    const short = { ...activations, conv1: new Float32Array(10) };
    expect(parseKept([{ ...entry(3), maps: { probeLabel: 4, activations: short } }])).toBeNull();
    expect(parseKept([entry(1)])?.[0]?.maps).toBeUndefined();
  });

  test('a resumed run uses what was saved up to its resume step and before its first live step', () => {
    const saved = [0, 1, 2, 5, 9, 12].map(entry);
    expect(usableSaved(saved, 9, null).map((e) => e.step)).toEqual([0, 1, 2, 5, 9]);
    expect(usableSaved(saved, 9, 5).map((e) => e.step)).toEqual([0, 1, 2]);
  });
});

describe('a version 1 saved history (one list per run key)', () => {
  test('becomes one record per entry under [runKey, step], in step order', () => {
    const records = migrateV1('run', [entry(0), entry(4), entry(9)]);
    expect(records?.map((r) => r.key)).toEqual([
      ['run', 0],
      ['run', 4],
      ['run', 9],
    ]);
    expect(records?.[1]?.entry?.conv2.length).toBe(18432);
  });

  test('is dropped when it is not a readable history', () => {
    expect(migrateV1('run', [entry(5), entry(5)])).toBeNull();
    expect(migrateV1('run', 'garbage')).toBeNull();
    expect(migrateV1(['run', 1], [entry(0)])).toBeNull();
  });
});
