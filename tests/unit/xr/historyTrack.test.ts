import { describe, expect, test } from 'vitest';
import {
  HISTORY_STRIP,
  stripHit,
  stripPixel,
  trackIndex,
  trackX,
} from '../../../src/xr/historyTrack';

const { track, live } = HISTORY_STRIP;

describe('the in-VR history track', () => {
  test('maps its left end to the first kept step and its right end to the newest', () => {
    expect(trackIndex(track.x0, 10)).toBe(0);
    expect(trackIndex(track.x1, 10)).toBe(9);
    expect(trackIndex(track.x0 - 30, 10)).toBe(0);
    expect(trackIndex(track.x1 + 30, 10)).toBe(9);
    expect(trackIndex((track.x0 + track.x1) / 2, 3)).toBe(1);
  });

  test('puts each kept index where a press there would pick it', () => {
    for (const count of [2, 7, 300]) {
      for (const i of [0, 1, Math.floor(count / 2), count - 1]) {
        expect(trackIndex(trackX(i, count), count)).toBe(i);
      }
    }
  });

  test('tells a press on the track, on Live, and on neither apart', () => {
    expect(stripHit(track.x0, track.y, 5)).toEqual({ kind: 'track', index: 0 });
    expect(stripHit(track.x1, track.y - 10, 5)).toEqual({ kind: 'track', index: 4 });
    expect(stripHit(live.x + 1, live.y + 1, 5)).toEqual({ kind: 'live' });
    expect(stripHit(track.x0, 0, 5)).toBeNull();
    // Nothing kept yet: the track takes no press, Live still does.
    expect(stripHit(track.x0, track.y, 0)).toBeNull();
    expect(stripHit(live.x + live.w / 2, live.y + live.h / 2, 0)).toEqual({ kind: 'live' });
  });

  test('reads a texture coordinate (v up) as a canvas pixel (y down)', () => {
    const p = { x: 0, y: 0 };
    stripPixel(0.5, 1, p);
    expect(p).toEqual({ x: HISTORY_STRIP.px.width / 2, y: 0 });
    stripPixel(0, 0, p);
    expect(p).toEqual({ x: 0, y: HISTORY_STRIP.px.height });
  });
});
