import { describe, expect, test } from 'vitest';
import { sheetLayout } from '../../../src/scene/textSheet';

const STYLE = { lineHeight: 0.026, px: 44 };
const M = STYLE.lineHeight / STYLE.px;

describe('a text sheet', () => {
  test('spans every block, each as tall as its lines plus padding, around its anchor', () => {
    const box = sheetLayout(
      [
        { text: 'title', x: 0, y: 0, maxWidth: 0.45 },
        { text: 'caption', x: -0.1, y: -0.2, middle: true, maxWidth: 0.17 },
      ],
      [
        { count: 2, widthPx: 400 },
        { count: 1, widthPx: 100 },
      ],
      STYLE,
      11,
    );
    expect(box.heights[0]).toBeCloseTo((2 * 44 + 11) * M, 12);
    expect(box.heights[1]).toBeCloseTo((44 + 11) * M, 12);
    // The title hangs from y; the caption is centred on it.
    expect(box.tops[0]).toBe(0);
    expect(box.tops[1]).toBeCloseTo(-0.2 + box.heights[1]! / 2, 12);
    expect(box.top).toBe(0);
    expect(box.bottom).toBeCloseTo(-0.2 - box.heights[1]! / 2, 12);
    // Each block's widest line and padding either side: the caption reaches further left.
    expect(box.left).toBeCloseTo(-0.1 - (50 + 11) * M, 12);
    expect(box.right).toBeCloseTo((200 + 11) * M, 12);
  });

  test('is an empty box with no blocks', () => {
    expect(sheetLayout([], [], STYLE, 11)).toMatchObject({ left: 0, right: 0, top: 0, bottom: 0 });
  });
});
