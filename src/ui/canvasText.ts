/**
 * Text and buttons on a 2D canvas, as the in-VR panel, its digit wing and the room's pad draw
 * them: one font stack (the system's, nothing fetched), one panel background, one button look.
 * Called when a canvas is redrawn (a few times a second at most), never per frame.
 */

/** A canvas font: `weight` and `px` over the system's sans-serif faces. */
export function canvasFont(px: number, weight = 500): string {
  return `${weight} ${px}px system-ui, "DejaVu Sans", sans-serif`;
}

/** The panels' background: near-black, slightly see-through, with a thin border. */
export function paintPanelBackground(g: CanvasRenderingContext2D, w: number, h: number): void {
  g.fillStyle = 'rgba(14, 17, 23, 0.92)';
  g.fillRect(0, 0, w, h);
  g.strokeStyle = '#2a3140';
  g.lineWidth = 4;
  g.strokeRect(2, 2, w - 4, h - 4);
}

/** `s` cut to `n` characters at most, with an ellipsis where it was cut. */
export function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * Fills `text` word-wrapped to `maxW` px from (x, y), `lineH` px a line, at most `maxLines`
 * lines; returns the y below the last line drawn.
 */
export function wrapText(
  g: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  maxW: number,
  lineH: number,
  maxLines: number,
): number {
  let line = '';
  let lines = 0;
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && g.measureText(next).width > maxW) {
      g.fillText(line, x, y);
      y += lineH;
      line = word;
      if (++lines >= maxLines) return y;
    } else line = next;
  }
  if (line) {
    g.fillText(line, x, y);
    y += lineH;
  }
  return y;
}

/** How a canvas button looks. */
export interface ButtonLook {
  readonly fill: string;
  readonly border: string;
  readonly borderWidth: number;
  /** Where the border runs inside the box (px): half its width keeps it on a canvas of its own. */
  readonly borderInset: number;
  readonly textColor: string;
  readonly font: string;
  /** The text's baseline, and how far below the box's centre it is drawn (px). */
  readonly baseline: CanvasTextBaseline;
  readonly textDy: number;
}

/** The in-VR panels' buttons: dark, a 3 px coloured border, a semi-bold label. */
export function panelButtonLook(border: string, px: number): ButtonLook {
  return {
    fill: '#1d232e',
    border,
    borderWidth: 3,
    borderInset: 0,
    textColor: '#e8ecf2',
    font: canvasFont(px, 600),
    baseline: 'alphabetic',
    textDy: 11,
  };
}

/** Paints a button: its box, its border and its text centred on it. The context's state is kept. */
export function paintButton(
  g: CanvasRenderingContext2D,
  box: { readonly x: number; readonly y: number; readonly w: number; readonly h: number },
  text: string,
  look: ButtonLook,
): void {
  const { x, y, w, h } = box;
  const inset = look.borderInset;
  g.save();
  g.fillStyle = look.fill;
  g.fillRect(x, y, w, h);
  g.strokeStyle = look.border;
  g.lineWidth = look.borderWidth;
  g.strokeRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset);
  g.fillStyle = look.textColor;
  g.font = look.font;
  g.textAlign = 'center';
  g.textBaseline = look.baseline;
  g.fillText(text, x + w / 2, y + h / 2 + look.textDy);
  g.restore();
}
