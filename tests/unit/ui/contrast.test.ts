/**
 * WCAG AA for the panels' text: every text colour in the panel style sheets against the docks'
 * background (4.5:1 for normal text), and the room's label colour against the room's background.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOM } from '../../../src/scene/layout';
import { LABEL_STYLE } from '../../../src/scene/label';

/** WCAG 2 relative luminance of a #rgb or #rrggbb colour. */
function luminance(hex: string): number {
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `color:` declarations (not background or border colours) with the selector they sit in. */
function textColours(path: string): { selector: string; colour: string }[] {
  const css = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const out: { selector: string; colour: string }[] = [];
  for (const block of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    for (const m of block[2]!.matchAll(/(?:^|[;\s])color:\s*(#[0-9a-fA-F]{3,6})\b/g)) {
      out.push({ selector: block[1]!.trim(), colour: m[1]! });
    }
  }
  return out;
}

/** The docks' background (hud.css .wr-dock), and the few boxes with their own. */
const DOCK = '#11151c';
const OWN_BACKGROUND: Readonly<Record<string, string>> = {
  '#enter-vr': '#3dffb5',
  '#enter-vr:disabled': '#3a4354',
  '.hud-warning': '#3a2a10',
  '#error-panel': '#3a1115',
};

describe('text contrast (WCAG AA)', () => {
  const rules = [...textColours('src/hud/hud.css'), ...textColours('src/compare/panel.css')];

  it('finds the style sheets’ text colours', () => {
    expect(rules.length).toBeGreaterThan(10);
  });

  for (const { selector, colour } of rules) {
    const bg = OWN_BACKGROUND[selector] ?? DOCK;
    it(`${selector} (${colour} on ${bg}) is at least 4.5:1`, () => {
      expect(contrast(colour, bg)).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('the room’s labels stand out from the room’s background', () => {
    const room = `#${ROOM.background.toString(16).padStart(6, '0')}`;
    expect(contrast(LABEL_STYLE.color, room)).toBeGreaterThanOrEqual(4.5);
  });
});
