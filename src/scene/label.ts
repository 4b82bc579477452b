/**
 * Text in the room: a plane with a CanvasTexture. Redrawn only when its text changes (never per
 * frame). Fonts are the system's: nothing is fetched.
 */
import {
  CanvasTexture,
  DoubleSide,
  LinearFilter,
  LinearMipmapLinearFilter,
  Mesh,
  MeshBasicMaterial,
  PlaneGeometry,
  SRGBColorSpace,
} from 'three';

export interface LabelStyle {
  /** Height of one line of text in the room (m). */
  readonly lineHeight: number;
  /** Canvas pixels per line (resolution). */
  readonly px: number;
  readonly color: string;
  readonly background: string | null;
  readonly weight: number;
  readonly align: 'left' | 'center';
  /** Maximum width in metres; longer lines wrap. */
  readonly maxWidth: number;
}

export const LABEL_STYLE: LabelStyle = {
  lineHeight: 0.055,
  px: 64,
  color: '#e8ecf2',
  background: null,
  weight: 600,
  align: 'center',
  maxWidth: 1.2,
};

export class Label {
  readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  private readonly canvas = document.createElement('canvas');
  private readonly texture: CanvasTexture;
  private text = '';

  constructor(
    text: string,
    private readonly style: LabelStyle = LABEL_STYLE,
  ) {
    this.texture = new CanvasTexture(this.canvas);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.minFilter = LinearMipmapLinearFilter;
    this.texture.magFilter = LinearFilter;
    this.texture.anisotropy = 4;
    const material = new MeshBasicMaterial({
      map: this.texture,
      transparent: true,
      side: DoubleSide,
      toneMapped: false,
      depthWrite: false,
      // A flat quad needs no back-then-front pass: three would otherwise draw every transparent
      // double-sided label twice per eye (22 of the room's 86 stereo draw calls).
      forceSinglePass: true,
    });
    this.mesh = new Mesh(new PlaneGeometry(1, 1), material);
    this.setText(text);
  }

  /** Redraws if the text changed. Allocates (a canvas draw): call on change, not per frame. */
  setText(text: string): void {
    if (text === this.text && this.canvas.width > 1) return;
    this.text = text;
    const s = this.style;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const font = `${s.weight} ${Math.round(s.px * 0.62)}px system-ui, "DejaVu Sans", sans-serif`;
    ctx.font = font;
    const maxPx = (s.maxWidth / s.lineHeight) * s.px;
    const lines = wrap(ctx, text, maxPx);
    const pad = Math.round(s.px * 0.25);
    let w = 0;
    for (const l of lines) w = Math.max(w, ctx.measureText(l).width);
    this.canvas.width = Math.ceil(w) + pad * 2;
    this.canvas.height = lines.length * s.px + pad;
    ctx.font = font; // resizing the canvas resets its state
    if (s.background) {
      ctx.fillStyle = s.background;
      ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    }
    ctx.fillStyle = s.color;
    ctx.textBaseline = 'middle';
    ctx.textAlign = s.align;
    const x = s.align === 'center' ? this.canvas.width / 2 : pad;
    lines.forEach((l, i) => ctx.fillText(l, x, pad / 2 + (i + 0.5) * s.px));
    // A resized canvas needs a new GPU texture of the new size.
    this.texture.dispose();
    this.texture.needsUpdate = true;
    const metresPerPx = s.lineHeight / s.px;
    this.mesh.scale.set(this.canvas.width * metresPerPx, this.canvas.height * metresPerPx, 1);
  }

  /** Height in metres (after the last setText). */
  get height(): number {
    return this.mesh.scale.y;
  }

  markDirty(): void {
    this.texture.needsUpdate = true;
  }

  dispose(): void {
    this.texture.dispose();
    this.mesh.material.dispose();
    this.mesh.geometry.dispose();
  }
}

/** Splits text into lines no wider than maxPx (on newlines too). */
export function wrap(ctx: CanvasRenderingContext2D, text: string, maxPx: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (line && ctx.measureText(next).width > maxPx) {
        out.push(line);
        line = word;
      } else line = next;
    }
    out.push(line);
  }
  return out;
}
