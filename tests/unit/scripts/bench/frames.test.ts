import { describe, expect, it } from 'vitest';
import {
  bestClockOffsetUs,
  clockOffsetUs,
  frameFigures,
  scriptPerFrame,
} from '../../../../scripts/bench/frames';
import { appScriptSamples, type CpuProfile } from '../../../../scripts/bench/profile';

describe('scriptPerFrame', () => {
  it('charges each sample to the frame it falls in, one value per complete frame', () => {
    const starts = [100, 116, 132, 148];
    const at = [101, 105, 117, 140, 147];
    const ms = [0.5, 0.25, 1, 2, 0.125];
    expect(scriptPerFrame(at, ms, starts)).toEqual([0.75, 1, 2.125]);
  });

  it('charges a sample exactly on a frame start to the frame starting there', () => {
    expect(scriptPerFrame([116], [1], [100, 116, 132])).toEqual([0, 1]);
    expect(scriptPerFrame([100], [1], [100, 116, 132])).toEqual([1, 0]);
  });

  it('counts a frame with no samples as 0 ms', () => {
    expect(scriptPerFrame([101, 150], [1, 1], [100, 116, 132, 148, 164])).toEqual([1, 0, 0, 1]);
  });

  it('leaves out samples before the first start and from the last start on', () => {
    expect(scriptPerFrame([50, 101, 132, 200], [9, 1, 9, 9], [100, 116, 132])).toEqual([1, 0]);
    expect(scriptPerFrame([101], [1], [100])).toEqual([]);
  });
});

describe('appScriptSamples', () => {
  // (root) -> onFrame (app.js) -> getParameter (native); (root) -> iwer (emulator.js);
  // (root) -> mark (the bench's clock mark); (idle).
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)' }, children: [2, 4, 5, 6] },
      {
        id: 2,
        callFrame: { functionName: 'onFrame', url: 'http://x/assets/app.js' },
        children: [3],
      },
      { id: 3, callFrame: { functionName: 'getParameter' } },
      { id: 4, callFrame: { functionName: 'tick', url: 'http://x/assets/emulator.js' } },
      { id: 5, callFrame: { functionName: '(idle)' } },
      { id: 6, callFrame: { functionName: '', url: 'mark.js' } },
    ],
    samples: [2, 3, 4, 6, 6, 5],
    timeDeltas: [10, 100, 200, 300, 400, 500],
    startTime: 1000,
    endTime: 3000,
  };
  const owner = (url: string) =>
    url.endsWith('emulator.js')
      ? ('emulator' as const)
      : url === 'mark.js'
        ? ('bench' as const)
        : ('app' as const);

  it("gives each sample's time and the app's own script time, emulator and mark excluded", () => {
    const s = appScriptSamples(profile, owner);
    expect(s.atUs).toEqual([1010, 1110, 1310, 1610, 2010, 2510]);
    // onFrame and its native call both stand for the app; the emulator, mark and idle count 0.
    expect(s.appUs).toEqual([100, 200, 0, 0, 0, 0]);
    expect(s.bench).toEqual(new Map([['mark.js', { firstUs: 1610, lastUs: 2010 }]]));
  });

  it('excludes the emulator from the per-frame figures', () => {
    const s = appScriptSamples(profile, owner);
    const perFrame = scriptPerFrame(
      s.atUs.map((u) => u / 1000),
      s.appUs.map((u) => u / 1000),
      [1, 1.3, 3],
    );
    expect(perFrame[0]).toBeCloseTo(0.3, 12);
    expect(perFrame[1]).toBe(0);
  });
});

describe('clockOffsetUs', () => {
  it("averages the offsets from the mark's first and last samples", () => {
    const off = clockOffsetUs(
      { pageStartMs: 10, pageEndMs: 14, firstSampleUs: 5_010_100, lastSampleUs: 5_013_900 },
      1000,
    );
    expect(off).toEqual({ offsetUs: 5_000_000, uncertaintyUs: 100 });
  });

  it('refuses a mark whose samples bound the offset too loosely', () => {
    expect(() =>
      clockOffsetUs(
        { pageStartMs: 10, pageEndMs: 14, firstSampleUs: 5_011_000, lastSampleUs: 5_013_000 },
        500,
      ),
    ).toThrow(/does not match/);
  });

  it('refuses clocks that do not differ by one offset', () => {
    expect(() =>
      clockOffsetUs(
        { pageStartMs: 10, pageEndMs: 14, firstSampleUs: 5_010_000, lastSampleUs: 5_020_000 },
        1000,
      ),
    ).toThrow(/does not match/);
  });
});

describe('bestClockOffsetUs', () => {
  it('takes the mark that bounds the offset most tightly, skipping one out of bounds', () => {
    const loose = {
      pageStartMs: 10,
      pageEndMs: 15,
      firstSampleUs: 5_011_000,
      lastSampleUs: 5_014_000,
    };
    const tight = {
      pageStartMs: 20,
      pageEndMs: 25,
      firstSampleUs: 5_020_050,
      lastSampleUs: 5_024_950,
    };
    const wrong = {
      pageStartMs: 30,
      pageEndMs: 35,
      firstSampleUs: 5_029_000,
      lastSampleUs: 5_036_000,
    };
    expect(bestClockOffsetUs([loose, wrong, tight], 2000)).toEqual({
      offsetUs: 5_000_000,
      uncertaintyUs: 50,
    });
    expect(() => bestClockOffsetUs([wrong], 2000)).toThrow(/does not match/);
    expect(() => bestClockOffsetUs([], 2000)).toThrow(/no clock mark/);
  });
});

describe('frameFigures', () => {
  it('gives the mean and nearest-rank percentiles across frames', () => {
    const f = frameFigures([...new Array<number>(95).fill(1), 2, 3, 4, 5, 6]);
    expect(f.frames).toBe(100);
    expect(f.meanMs).toBeCloseTo((95 + 20) / 100, 12);
    expect(f.p50Ms).toBe(1);
    expect(f.p95Ms).toBe(1);
    expect(f.p99Ms).toBe(5);
    expect(f.maxMs).toBe(6);
  });

  it('has no figures without frames', () => {
    expect(frameFigures([])).toMatchObject({ frames: 0, meanMs: null, p95Ms: null });
  });
});
