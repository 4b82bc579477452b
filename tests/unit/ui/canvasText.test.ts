import { describe, expect, it } from 'vitest';
import { canvasFont, clip, wrapText } from '../../../src/ui/canvasText';

/** Records what is filled where; every character is 10 px wide. Test scaffolding only. */
function recordingContext() {
  const filled: { text: string; x: number; y: number }[] = [];
  const g = {
    measureText: (s: string) => ({ width: s.length * 10 }),
    fillText: (text: string, x: number, y: number) => filled.push({ text, x, y }),
  } as unknown as CanvasRenderingContext2D;
  return { g, filled };
}

describe('canvas text', () => {
  it('names the weight and size over the system font stack', () => {
    expect(canvasFont(30)).toBe('500 30px system-ui, "DejaVu Sans", sans-serif');
    expect(canvasFont(40, 700)).toMatch(/^700 40px /);
  });

  it('clips a long string to n characters ending in an ellipsis and leaves a short one', () => {
    expect(clip('abcdefgh', 5)).toBe('abcd…');
    expect(clip('abcde', 5)).toBe('abcde');
  });

  it('wraps words to the width, one line height apart, and returns the y below the text', () => {
    const { g, filled } = recordingContext();
    const y = wrapText(g, 'one two three four', 40, 100, 100, 30, 5);
    expect(filled).toEqual([
      { text: 'one two', x: 40, y: 100 },
      { text: 'three four', x: 40, y: 130 },
    ]);
    expect(y).toBe(160);
  });

  it('stops at the line limit', () => {
    const { g, filled } = recordingContext();
    wrapText(g, 'aaaa bbbb cccc dddd', 0, 0, 40, 10, 2);
    expect(filled.map((f) => f.text)).toEqual(['aaaa', 'bbbb']);
  });
});
