import { describe, expect, it } from 'vitest';
import {
  AutoFrameRate,
  chooseFrameRate,
  holdableHz,
  nextLowerRate,
} from '../../../src/telemetry/frameRate';

const QUEST3 = Float32Array.of(72, 80, 90, 120);

describe('chooseFrameRate', () => {
  it('takes the configured rate when the headset offers it', () => {
    expect(chooseFrameRate(QUEST3, 72)).toBe(72);
    expect(chooseFrameRate(QUEST3, 90)).toBe(90);
    expect(chooseFrameRate(QUEST3, 120)).toBe(120);
  });

  it('takes the highest offered rate below a configured rate the headset lacks', () => {
    expect(chooseFrameRate([60, 72, 90], 120)).toBe(90);
    expect(chooseFrameRate([72, 80], 90)).toBe(80);
  });

  it('takes the lowest offered rate when all are above the configured one', () => {
    expect(chooseFrameRate([90, 120], 72)).toBe(90);
  });

  it('takes the highest offered rate for auto before anything is measured', () => {
    expect(chooseFrameRate([90, 72, 120], 'auto')).toBe(120);
  });

  it('lets auto pick only rates whose budget the measured frame work fits with headroom', () => {
    // 8 ms of work: 120 Hz (8.3 ms) leaves no headroom, 90 Hz (11.1 ms) does.
    expect(chooseFrameRate(QUEST3, 'auto', Infinity, 8)).toBe(90);
    expect(chooseFrameRate(QUEST3, 'auto', Infinity, 4)).toBe(120);
    expect(chooseFrameRate(QUEST3, 'auto', 90, 4)).toBe(90);
    expect(holdableHz(10)).toBeCloseTo(80, 9);
  });

  it('leaves the rate alone when the session offers no list', () => {
    expect(chooseFrameRate(undefined, 90)).toBeNull();
    expect(chooseFrameRate([], 'auto')).toBeNull();
  });
});

describe('nextLowerRate', () => {
  it('steps down one offered rate at a time and stops at the lowest', () => {
    expect(nextLowerRate(QUEST3, 120)).toBe(90);
    expect(nextLowerRate(QUEST3, 90)).toBe(80);
    expect(nextLowerRate(QUEST3, 72)).toBeNull();
  });
});

describe('AutoFrameRate', () => {
  it('starts auto at the highest rate and steps down on each rising cannotHoldBudget', () => {
    const auto = new AutoFrameRate('auto', QUEST3);
    expect(auto.initial()).toBe(120);
    expect(auto.onGovernor(false)).toBeNull();
    expect(auto.onGovernor(true)).toBe(90);
    expect(auto.rate).toBe(90);
    // Still true from the old rate's judgement: no second step until it clears and rises again.
    expect(auto.onGovernor(false)).toBeNull();
    expect(auto.onGovernor(true)).toBe(80);
    expect(auto.onGovernor(true)).toBeNull();
    expect(auto.onGovernor(false)).toBeNull();
    expect(auto.onGovernor(true)).toBe(72);
    expect(auto.onGovernor(false)).toBeNull();
    expect(auto.onGovernor(true)).toBeNull();
    expect(auto.rate).toBe(72);
  });

  it('never steps a configured rate', () => {
    const fixed = new AutoFrameRate(90, QUEST3);
    expect(fixed.initial()).toBe(90);
    expect(fixed.onGovernor(true)).toBeNull();
    expect(fixed.rate).toBe(90);
  });
});
