import { describe, expect, test } from 'vitest';
import { afterSave, isRecordKey, planSave } from '../../../src/history/savePlan';

const entry = (step: number) => ({
  step,
  conv1: new Float32Array(288),
  conv2: new Float32Array(18432),
});
const steps = (es: readonly { step: number }[]) => es.map((e) => e.step);

describe('a save of the kernel history', () => {
  test('writes everything when nothing is stored', () => {
    const entries = [0, 1, 2].map(entry);
    expect(steps(planSave([], 'run', entries).put)).toEqual([0, 1, 2]);
    expect(planSave([], 'run', entries).remove).toEqual([]);
  });

  test('writes only the entries not yet written', () => {
    const entries = [0, 1, 2].map(entry);
    const stored = afterSave('run', entries);
    const grown = [...entries, entry(3), entry(4)];
    expect(steps(planSave(stored, 'run', grown).put)).toEqual([3, 4]);
    expect(planSave(stored, 'run', grown).remove).toEqual([]);
    expect(planSave(stored, 'run', entries)).toEqual({ put: [], remove: [] });
  });

  test('deletes the entries the history dropped when it thinned', () => {
    const entries = [0, 1, 2, 3, 4].map(entry);
    const stored = afterSave('run', entries);
    const thinned = [entries[0]!, entries[2]!, entries[4]!, entry(8)];
    const plan = planSave(stored, 'run', thinned);
    expect(plan.remove).toEqual([
      ['run', 1],
      ['run', 3],
    ]);
    expect(steps(plan.put)).toEqual([8]);
  });

  test('writes a step again when it was kept again with other kernels (the run went back)', () => {
    const entries = [0, 1, 2].map(entry);
    const stored = afterSave('run', entries);
    const redone = [entries[0]!, entry(1), entry(2)];
    expect(steps(planSave(stored, 'run', redone).put)).toEqual([1, 2]);
  });

  test('writes again entries whose stored content this page never saw, and keeps what it loaded', () => {
    const loaded = entry(0);
    const stored = [
      { key: ['run', 0] as [string, number], entry: loaded },
      { key: ['run', 1] as [string, number], entry: null },
    ];
    expect(steps(planSave(stored, 'run', [loaded, entry(1)]).put)).toEqual([1]);
  });

  test("deletes every other run's records and any version 1 record left over", () => {
    const stored = [...afterSave('old run', [0, 1].map(entry)), { key: 'v1 run', entry: null }];
    const plan = planSave(stored, 'run', [entry(0)]);
    expect(plan.remove).toEqual([['old run', 0], ['old run', 1], 'v1 run']);
    expect(steps(plan.put)).toEqual([0]);
  });

  test('knows a record key: a run key and a whole step', () => {
    expect(isRecordKey(['run', 3])).toBe(true);
    expect(isRecordKey('run')).toBe(false);
    expect(isRecordKey(['run', 1.5])).toBe(false);
    expect(isRecordKey([3, 'run'])).toBe(false);
  });
});
