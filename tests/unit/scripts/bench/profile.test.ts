import { describe, expect, it } from 'vitest';
import { type CpuProfile, type OwnerOf, scriptTime } from '../../../../scripts/bench/profile';

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

  it("charges the emulator's scripts, and the native calls they make, apart from the app's", () => {
    // (root) -> onDeviceFrame (IWER's chunk) -> getParameter (native, no URL);
    // (root) -> onFrame (the app's chunk) -> texSubImage2D (native).
    const p: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '' }, children: [2, 4, 6] },
        {
          id: 2,
          callFrame: { functionName: 'onDeviceFrame', url: 'http://x/assets/lib-iwer.js' },
          children: [3],
        },
        { id: 3, callFrame: { functionName: 'getParameter', url: '' } },
        {
          id: 4,
          callFrame: { functionName: 'onFrame', url: 'http://x/assets/index-app.js' },
          children: [5],
        },
        { id: 5, callFrame: { functionName: 'texSubImage2D', url: '' } },
        { id: 6, callFrame: { functionName: '(idle)', url: '' } },
      ],
      samples: [2, 3, 3, 4, 5, 6],
      timeDeltas: [0, 100, 5000, 5000, 300, 200],
      startTime: 0,
      endTime: 11_000,
    };
    const owner: OwnerOf = (url) => (url.endsWith('lib-iwer.js') ? 'emulator' : 'app');
    const t = scriptTime(p, owner);
    expect(t.emulatorMs).toBeCloseTo((100 + 5000 + 5000) / 1000, 9);
    expect(t.scriptMs).toBeCloseTo((300 + 200) / 1000, 9);
    expect(t.taskMaxMs).toBeCloseTo(0.5, 9);
    // Without owners, all of it is the app's.
    expect(scriptTime(p).scriptMs).toBeCloseTo(10.6, 9);
    expect(scriptTime(p).emulatorMs).toBe(0);
  });
});
