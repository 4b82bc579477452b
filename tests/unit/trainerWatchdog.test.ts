import { describe, expect, test } from 'vitest';
import { WATCHDOG, isStarting, judgeLiveness, silenceLimitMs } from '../../src/trainerWatchdog';

describe('trainer watchdog', () => {
  test('the limit is ten seconds, or ten step times when steps are slower than a second', () => {
    expect(silenceLimitMs(0)).toBe(10_000);
    expect(silenceLimitMs(30)).toBe(10_000);
    expect(silenceLimitMs(0.5)).toBe(20_000);
  });

  test('a heartbeat keeps a paused trainer alive however long no step is made', () => {
    expect(judgeLiveness(100_000, 99_000, 0, false, 0)).toBe('alive');
  });

  test('a running trainer whose step does not move is not responding, then restarted', () => {
    expect(judgeLiveness(15_000, 14_000, 0, true, 5)).toBe('notResponding');
    expect(judgeLiveness(25_000, 24_000, 0, true, 5)).toBe('restart');
  });

  test('silence alone is not responding, then a restart', () => {
    expect(judgeLiveness(11_000, 0, 11_000, false, 0)).toBe('notResponding');
    expect(judgeLiveness(21_000, 0, 21_000, false, 0)).toBe('restart');
  });

  test('a worker compiling shaders may be silent for longer before it is judged, but not for ever', () => {
    // 25 s of silence restarts a trainer that has been stepping, not one that is starting.
    expect(judgeLiveness(25_000, 0, 0, false, 5)).toBe('restart');
    expect(judgeLiveness(25_000, 0, 0, false, 5, true)).toBe('alive');
    const limit = WATCHDOG.startSilenceMs;
    expect(judgeLiveness(limit + 1, 0, 0, false, 5, true)).toBe('notResponding');
    expect(judgeLiveness(2 * limit + 1, 0, 0, false, 5, true)).toBe('restart');
  });

  test('a worker is starting while it loads, compiles, or has made no step yet', () => {
    expect(isStarting('loading', 0)).toBe(true);
    expect(isStarting('warming-up', 0)).toBe(true);
    expect(isStarting('running', 0)).toBe(true);
    expect(isStarting('running', 1)).toBe(false);
    expect(isStarting('paused', 0)).toBe(false);
  });
});
