import { describe, expect, it } from 'vitest';
import { type CpuProfile, scriptTime } from '../../../../scripts/bench/profile';

/** A profile from a list of (function, µs) samples. */
function profile(samples: [string, number][]): CpuProfile {
  const names = [...new Set(samples.map(([n]) => n))];
  return {
    nodes: names.map((functionName, i) => ({ id: i + 1, callFrame: { functionName } })),
    samples: samples.map(([n]) => names.indexOf(n) + 1),
    // Each sample lasts until the next: deltas are shifted by one.
    timeDeltas: [0, ...samples.map(([, us]) => us)].slice(0, samples.length),
    startTime: 0,
    endTime: samples.reduce((a, [, us]) => a + us, 0),
  };
}

describe('scriptTime', () => {
  it('counts JavaScript and garbage collection, not idle or native time, and splits tasks at idle', () => {
    const p = profile([
      ['onFrame', 500],
      ['render', 500],
      ['(garbage collector)', 200],
      ['(idle)', 10_000],
      ['onMessage', 300],
      ['(program)', 4000],
      ['(idle)', 10_000],
      ['onFrame', 700],
      ['(idle)', 1000],
    ]);
    const t = scriptTime(p);
    expect(t.scriptMs).toBeCloseTo((500 + 500 + 200 + 300 + 700) / 1000, 9);
    expect(t.tasks).toBe(3);
    expect(t.taskMaxMs).toBeCloseTo(1.2, 9);
    expect(t.taskP50Ms).toBeCloseTo(0.7, 9);
    expect(t.profiledMs).toBeCloseTo(27.2, 9);
  });

  it('has no tasks in an idle profile', () => {
    const t = scriptTime(
      profile([
        ['(idle)', 1000],
        ['(idle)', 1000],
      ]),
    );
    expect(t.tasks).toBe(0);
    expect(t.taskP95Ms).toBeNull();
    expect(t.scriptMs).toBe(0);
  });
});
