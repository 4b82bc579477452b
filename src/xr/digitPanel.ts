/**
 * The in-VR panel's digit wing: the same picks as the desktop pad (previous and next held-out
 * digit, "Show a mistake", a digit of a class 0-9, Clear) and the network's answer, on a canvas
 * beside the panel. It hangs off the panel's mesh, so it tilts, shows and hides with it; a
 * controller's trigger presses its buttons. Redrawn only when the answer changes.
 */
import { type CanvasTexture, Mesh, MeshBasicMaterial, PlaneGeometry } from 'three';
import { type DigitInput, SOURCE_NAMES } from '../input/digitInput';
import type { View } from '../loop';
import { NUM_CLASSES } from '../network';
import { canvasBoxWorldPoint, panelTexture } from './panelCanvas';
import { PANEL_SIZE } from './panelPose';
import type { StatusStore } from '../status';
import { canvasFont, paintButton, paintPanelBackground, panelButtonLook } from '../ui/canvasText';

const W = 512;
const H = 640;

export type DigitButtonId = 'previous' | 'next' | 'clear' | 'mistake' | `class-${number}`;

interface Button {
  readonly id: DigitButtonId;
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const BUTTONS: readonly Button[] = [
  { id: 'previous', text: '◀ previous', x: 20, y: 200, w: 230, h: 70 },
  { id: 'next', text: 'next ▶', x: 262, y: 200, w: 230, h: 70 },
  { id: 'mistake', text: 'Show a mistake', x: 20, y: 285, w: 330, h: 70 },
  { id: 'clear', text: 'Clear', x: 362, y: 285, w: 130, h: 70 },
  ...Array.from({ length: NUM_CLASSES }, (_, d) => ({
    id: `class-${d}` as const,
    text: String(d),
    x: 20 + (d % 5) * 95,
    y: 400 + Math.floor(d / 5) * 90,
    w: 85,
    h: 78,
  })),
];

export class DigitPanel implements View {
  readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  private readonly canvas = document.createElement('canvas');
  private readonly texture: CanvasTexture;
  private shown = -1;

  constructor(
    private readonly digit: DigitInput,
    private readonly status: StatusStore,
  ) {
    this.canvas.width = W;
    this.canvas.height = H;
    this.texture = panelTexture(this.canvas);
    const h = PANEL_SIZE.height;
    const w = (h * W) / H;
    this.mesh = new Mesh(
      new PlaneGeometry(w, h),
      new MeshBasicMaterial({ map: this.texture, toneMapped: false, transparent: true }),
    );
    this.mesh.name = 'vr-digit-panel';
    // To the right of the panel, in its plane.
    this.mesh.position.set(PANEL_SIZE.width / 2 + 0.015 + w / 2, 0, 0);
  }

  /** A controller pressed the wing at `uv`; returns which button it hit, if any. */
  press(u: number, v: number): DigitButtonId | null {
    const x = u * W;
    const y = (1 - v) * H;
    const b = BUTTONS.find((b) => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h);
    if (!b) return null;
    const d = this.digit;
    if (b.id === 'previous') d.step(-1);
    else if (b.id === 'next') d.step(1);
    else if (b.id === 'mistake') d.showMistake();
    else if (b.id === 'clear') d.clear();
    else d.showClass(Number(b.id.slice('class-'.length)));
    return b.id;
  }

  /** Per frame: redraws only when shown and the answer or the note changed. */
  update(): void {
    if (this.digit.version === this.shown || !this.mesh.parent?.visible) return;
    this.shown = this.digit.version;
    this.draw();
  }

  private draw(): void {
    const g = this.canvas.getContext('2d');
    if (!g) return;
    paintPanelBackground(g, W, H);
    g.textAlign = 'left';
    g.textBaseline = 'alphabetic';
    g.fillStyle = '#e8ecf2';
    g.font = canvasFont(36, 700);
    g.fillText('Your digit', 20, 56);
    const p = this.status.probe;
    g.font = canvasFont(28, 600);
    if (p) {
      const wrong = p.label !== null && p.label !== p.prediction;
      g.fillStyle = '#c8d0dc';
      const where = p.source === 'drawn' ? 'drawn' : `${SOURCE_NAMES[p.source]} #${p.index}`;
      g.fillText(p.label === null ? where : `${where} · label ${p.label}`, 20, 110);
      g.fillStyle = p.label === null ? '#e8ecf2' : wrong ? '#ff6b6b' : '#3dffb5';
      const pct = Math.round((p.probabilities[p.prediction] ?? 0) * 100);
      g.fillText(`predicts ${p.prediction} (${pct}%)${wrong ? ' ✗ mistake' : ''}`, 20, 150);
    }
    g.font = canvasFont(22);
    g.fillStyle = '#ffa828';
    g.fillText(this.digit.note.slice(0, 40), 20, 185);
    g.fillStyle = '#8a93a0';
    g.fillText('a held-out digit of class:', 20, 390);
    g.fillText('draw on the pad under the input digit', 20, 612);
    for (const b of BUTTONS) {
      const look = panelButtonLook(
        b.id === 'mistake' ? '#ff6b6b' : '#3dffb5',
        b.id.startsWith('class-') ? 40 : 30,
      );
      paintButton(g, b, b.text, look);
    }
    this.texture.needsUpdate = true;
  }

  /** Where a button's centre is in the room (world space, m): a test hook for aiming. */
  buttonWorldPoint(id: DigitButtonId): { x: number; y: number; z: number } {
    const b = BUTTONS.find((x) => x.id === id);
    if (!b) throw new Error(`no digit panel button ${id}`);
    return canvasBoxWorldPoint(this.mesh, this.canvas, b);
  }

  reupload(): void {
    this.texture.needsUpdate = true;
  }

  dispose(): void {
    this.mesh.removeFromParent();
    this.texture.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
  }
}
