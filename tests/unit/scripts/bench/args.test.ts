import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../../../scripts/bench/args';
import { DEFAULT_SCENARIOS } from '../../../../scripts/bench/scenarios';

describe('parseBenchArgs', () => {
  it('defaults to every scenario but the naive peer, 20 s each, on SwiftShader', () => {
    const o = parseBenchArgs([], {});
    expect(o.scenarios).toEqual(DEFAULT_SCENARIOS);
    expect(o.scenarios).not.toContain('naive');
    expect(o.scenarios).toEqual(expect.arrayContaining(['desktop-auto', 'xr-wasm', 'room-xr']));
    expect(o).toMatchObject({ seconds: 20, settle: 20, browser: null, headed: false, build: true });
    expect(o.scenarios, 'the frontier only when named').not.toContain('pace-4');
  });

  it('takes a duration, a list of scenarios and a real browser', () => {
    const o = parseBenchArgs(
      [
        '--seconds',
        '8',
        '--scenarios',
        'room,trainer-wasm',
        '--browser',
        '/opt/chrome',
        '--headed',
      ],
      {},
    );
    expect(o).toMatchObject({
      seconds: 8,
      scenarios: ['room', 'trainer-wasm'],
      browser: '/opt/chrome',
      headed: true,
    });
  });

  it('names what is wrong', () => {
    expect(() => parseBenchArgs(['--seconds', 'x'], {})).toThrow('--seconds needs a number');
    expect(() => parseBenchArgs(['--scenarios', 'room,nope'], {})).toThrow('unknown nope');
    expect(() => parseBenchArgs(['--bogus'], {})).toThrow(/bogus/);
    expect(() => parseBenchArgs(['--settle=-1'], {})).toThrow('--settle needs a number >= 0');
  });
});
