/**
 * Several pieces of text that belong together (a board's title and its captions) drawn into one
 * canvas on one plane: one texture and one draw call per eye for all of them, where a Label each
 * cost one apiece. Redrawn only when the text changes (never per frame); fonts are the system's.
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
import { type LabelStyle, wrap } from './label';

/**
 * One piece of text, wrapped at maxWidth and centred on x (metres on the sheet's parent): its top
 * at y, or its middle at y with `middle` (a caption that grows both ways as it wraps).
 */
export interface TextBlock {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly middle?: boolean;
  readonly maxWidth: number;
}

/** Where the blocks fall in metres: each block's height and top, and the box around them all. */
export interface SheetLayout {
  readonly heights: readonly number[];
  readonly tops: readonly number[];
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/**
 * The box a set of blocks needs, from each block's line count and widest line (in canvas px):
 * pure, so the layout is tested without a canvas. `pad` px surround every block.
 */
export function sheetLayout(
  blocks: readonly TextBlock[],
  lines: readonly { count: number; widthPx: number }[],
  style: Pick<LabelStyle, 'lineHeight' | 'px'>,
  pad: number,
): SheetLayout {
  const m = style.lineHeight / style.px;
  let left = Infinity;
  let right = -Infinity;
  let top = -Infinity;
  let bottom = Infinity;
  const heights: number[] = [];
  const tops: number[] = [];
  blocks.forEach((b, i) => {
    const l = lines[i] ?? { count: 0, widthPx: 0 };
    const h = (l.count * style.px + pad) * m;
    const half = (l.widthPx / 2 + pad) * m;
    const t = b.middle ? b.y + h / 2 : b.y;
    heights.push(h);
    tops.push(t);
    left = Math.min(left, b.x - half);
    right = Math.max(right, b.x + half);
    top = Math.max(top, t);
    bottom = Math.min(bottom, t - h);
  });
  if (blocks.length === 0) return { heights, tops, left: 0, right: 0, top: 0, bottom: 0 };
  return { heights, tops, left, right, top, bottom };
}

export class TextSheet {
  readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  private readonly canvas = document.createElement('canvas');
  private readonly texture: CanvasTexture;
  private key = '';

  constructor(private readonly style: LabelStyle) {
    this.texture = new CanvasTexture(this.canvas);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.minFilter = LinearMipmapLinearFilter;
    this.texture.magFilter = LinearFilter;
    this.texture.anisotropy = 4;
    this.mesh = new Mesh(
      new PlaneGeometry(1, 1),
      new MeshBasicMaterial({
        map: this.texture,
        transparent: true,
        side: DoubleSide,
        toneMapped: false,
        depthWrite: false,
        // A flat quad: one pass, not three's back-then-front pair for double-sided transparency.
        forceSinglePass: true,
      }),
    );
  }

  /** Redraws if any block changed. Allocates (a canvas draw): call on change, not per frame. */
  set(blocks: readonly TextBlock[]): void {
    const key = JSON.stringify(blocks);
    if (key === this.key) return;
    this.key = key;
    const s = this.style;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const font = `${s.weight} ${Math.round(s.px * 0.62)}px system-ui, "DejaVu Sans", sans-serif`;
    const pad = Math.round(s.px * 0.25);
    ctx.font = font;
    const wrapped = blocks.map((b) => wrap(ctx, b.text, (b.maxWidth / s.lineHeight) * s.px));
    const lines = wrapped.map((ls) => ({
      count: ls.length,
      widthPx: Math.max(0, ...ls.map((l) => ctx.measureText(l).width)),
    }));
    const box = sheetLayout(blocks, lines, s, pad);
    const pxPerM = s.px / s.lineHeight;
    this.canvas.width = Math.max(1, Math.ceil((box.right - box.left) * pxPerM));
    this.canvas.height = Math.max(1, Math.ceil((box.top - box.bottom) * pxPerM));
    ctx.font = font; // resizing the canvas resets its state
    ctx.fillStyle = s.color;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    blocks.forEach((b, i) => {
      const x = (b.x - box.left) * pxPerM;
      const y = (box.top - (box.tops[i] ?? 0)) * pxPerM + pad / 2;
      (wrapped[i] ?? []).forEach((l, j) => ctx.fillText(l, x, y + (j + 0.5) * s.px));
    });
    // A resized canvas needs a new GPU texture of the new size.
    this.texture.dispose();
    this.texture.needsUpdate = true;
    this.mesh.scale.set(box.right - box.left, box.top - box.bottom, 1);
    this.mesh.position.x = (box.left + box.right) / 2;
    this.mesh.position.y = (box.top + box.bottom) / 2;
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
