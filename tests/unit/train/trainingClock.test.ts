import { describe, expect, it } from 'vitest';
import { TrainingClock } from '../../../src/train/trainingClock';

/** A clock whose time the test moves by hand. */
function manualClock(): { clock: TrainingClock; advance(ms: number): void } {
  let now = 1000;
  return {
    clock: new TrainingClock(() => now),
    advance: (ms) => {
      now += ms;
    },
  };
}

describe('TrainingClock', () => {
  it('counts no time before it is started', () => {
    const { clock, advance } = manualClock();
    advance(500);
    expect(clock.elapsed()).toBe(0);
    expect(clock.running).toBe(false);
  });

  it('counts the time while running, live', () => {
    const { clock, advance } = manualClock();
    expect(clock.start()).toBe(true);
    advance(300);
    expect(clock.running).toBe(true);
    expect(clock.elapsed()).toBe(300);
  });

  it('does not count a pause, and adds the stretches on either side of it', () => {
    const { clock, advance } = manualClock();
    clock.start();
    advance(200);
    clock.stop();
    advance(10_000);
    expect(clock.elapsed()).toBe(200);
    clock.start();
    advance(50);
    expect(clock.elapsed()).toBe(250);
  });

  it('says a second start is not a new stretch, and keeps the first one', () => {
    const { clock, advance } = manualClock();
    clock.start();
    advance(100);
    expect(clock.start()).toBe(false);
    advance(100);
    expect(clock.elapsed()).toBe(200);
  });

  it('ignores a stop while stopped', () => {
    const { clock, advance } = manualClock();
    clock.start();
    advance(100);
    clock.stop();
    advance(100);
    clock.stop();
    expect(clock.elapsed()).toBe(100);
  });

  it('continues from a set time (a restored checkpoint), counting on from the moment it is set', () => {
    const { clock, advance } = manualClock();
    clock.start();
    advance(5000);
    clock.set(42_000);
    expect(clock.elapsed()).toBe(42_000);
    advance(100);
    expect(clock.elapsed()).toBe(42_100);
  });

  it('starts a new run from zero when set to 0 while stopped', () => {
    const { clock, advance } = manualClock();
    clock.start();
    advance(700);
    clock.stop();
    clock.set(0);
    advance(700);
    expect(clock.elapsed()).toBe(0);
  });
});
