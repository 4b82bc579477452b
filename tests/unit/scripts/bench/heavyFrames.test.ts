import { describe, expect, it } from 'vitest';
import { frameOfSamples, heavyFrames } from '../../../../scripts/bench/heavyFrames';
import type { CpuProfile } from '../../../../scripts/bench/profile';
import { heavyTable } from '../../../../scripts/bench/report';

describe('frameOfSamples', () => {
  it('gives each sample the frame it falls in, and -1 outside the complete frames', () => {
    const frames = frameOfSamples([50, 100, 115, 116, 140, 148, 200], [100, 116, 132, 148]);
    expect([...frames]).toEqual([-1, 0, 0, 1, 2, -1, -1]);
  });
});

describe('heavyFrames', () => {
  // (root) -> frame (app.js:1:10) -> drawLabel (app.js:5:2) -> measureText (native)
  //        -> frame -> update (app.js:9:0)
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)' }, children: [2] },
      {
        id: 2,
        callFrame: {
          functionName: 'frame',
          url: 'http://x/assets/app.js',
          lineNumber: 0,
          columnNumber: 10,
        },
        children: [3, 5],
      },
      {
        id: 3,
        callFrame: {
          functionName: 'drawLabel',
          url: 'http://x/assets/app.js',
          lineNumber: 4,
          columnNumber: 2,
        },
        children: [4],
      },
      { id: 4, callFrame: { functionName: 'measureText', url: '' } },
      {
        id: 5,
        callFrame: {
          functionName: 'update',
          url: 'http://x/assets/app.js',
          lineNumber: 8,
          columnNumber: 0,
        },
      },
    ],
    startTime: 0,
    endTime: 0,
  };

  it('sums self and total time per function over the frames at or above the threshold only', () => {
    // Frame 0 is light (0.5 ms in update), frame 1 heavy (2 ms label, 1 ms update).
    const nodeOf = [5, 4, 3, 4, 5];
    const appMs = [0.5, 1, 1, 0, 1];
    const frameOf = Int32Array.from([0, 1, 1, 1, 1]);
    const h = heavyFrames(profile, nodeOf, appMs, frameOf, [0.5, 3], 3);
    expect(h).toMatchObject({ frames: 1, thresholdMs: 3, scriptMs: 3 });
    expect(h.bySelf.map((c) => [c.functionName, c.selfMs])).toEqual([
      ['measureText', 1],
      ['drawLabel', 1],
      ['update', 1],
    ]);
    expect(h.byTotal.map((c) => [c.functionName, c.totalMs])).toEqual([
      ['frame', 3],
      ['drawLabel', 2],
      ['measureText', 1],
      ['update', 1],
    ]);
    expect(h.byTotal[1]).toMatchObject({ file: 'app.js', line: 4, column: 2 });
    expect(h.bySelf[0]).toMatchObject({ file: '', line: -1 });
  });

  it('prints the heaviest functions per heavy frame, named by their source when known', () => {
    const h = heavyFrames(profile, [3, 5], [2, 1], Int32Array.from([0, 0]), [3], 3);
    h.bySelf[0]!.source = 'src/scene/label.ts:42 drawLabel';
    const lines = heavyTable([{ scenario: 'room', heavyFrames: h } as never]);
    expect(lines[0]).toBe(
      'room: 1 frames at or above 3.00 ms of script (3.00 ms each on average); by self time:',
    );
    expect(lines[1]).toBe('    2.00 ms/frame  drawLabel (src/scene/label.ts:42 drawLabel)');
    expect(lines[2]).toBe('    1.00 ms/frame  update (app.js:9)');
  });
});
