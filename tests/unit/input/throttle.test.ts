import { describe, expect, it } from 'vitest';
import { Throttle } from '../../../src/input/throttle';

describe('Throttle', () => {
  it('fires at most once per interval while requests keep coming', () => {
    const t = new Throttle(100);
    const fired: number[] = [];
    for (let now = 0; now < 1000; now += 16) {
      if (t.request(now) || t.poll(now)) fired.push(now);
    }
    // 60 requests a second become one every 7 frames (112 ms): 9 in the second.
    expect(fired.length).toBe(9);
    for (let i = 1; i < fired.length; i++)
      expect(fired[i]! - fired[i - 1]!).toBeGreaterThanOrEqual(100);
  });

  it('never loses the last request: it fires once the interval has passed', () => {
    const t = new Throttle(100);
    expect(t.request(0)).toBe(true);
    expect(t.request(30)).toBe(false);
    expect(t.poll(60)).toBe(false);
    expect(t.poll(100)).toBe(true);
    expect(t.poll(300)).toBe(false);
  });

  it('drops a kept request when cancelled', () => {
    const t = new Throttle(100);
    t.request(0);
    t.request(10);
    t.cancel();
    expect(t.poll(500)).toBe(false);
  });
});
