/**
 * The confusion matrix as a station in the room, to the right of the outputs: a 10x10 board of
 * the newest evaluation's held-out digits, row = the digit it was, column = what the network said,
 * coloured as in the desktop panel. Drawn into a canvas texture only when an evaluation brings
 * new counts (every `evalEvery` steps), never per frame.
 */
import {
  CanvasTexture,
  DoubleSide,
  Group,
  LinearFilter,
  Mesh,
  MeshBasicMaterial,
  PlaneGeometry,
  SRGBColorSpace,
} from 'three';
import { cellColour, cellCss } from '../ui/confusionColours';
import { ROOM } from './layout';

const CLASSES = 10;
/** Canvas pixels per cell; one header row and column of the same size. */
const CELL_PX = 48;
const TITLE_PX = 56;
/** The board's side in the room (m), its centre's height, and its angle on the arc (rad). */
export const CONFUSION_STATION = { size: 0.56, height: 1.25, angle: 1.18 } as const;

export class ConfusionStation {
  readonly group = new Group();
  private readonly canvas = document.createElement('canvas');
  private readonly texture: CanvasTexture;
  private readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  private shownStep = -1;

  constructor() {
    const side = CELL_PX * (CLASSES + 1);
    this.canvas.width = side;
    this.canvas.height = side + TITLE_PX;
    this.texture = new CanvasTexture(this.canvas);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.minFilter = LinearFilter;
    const aspect = this.canvas.height / this.canvas.width;
    this.mesh = new Mesh(
      new PlaneGeometry(CONFUSION_STATION.size, CONFUSION_STATION.size * aspect),
      new MeshBasicMaterial({ map: this.texture, side: DoubleSide, toneMapped: false }),
    );
    this.mesh.name = 'confusion-matrix';
    this.mesh.position.y = CONFUSION_STATION.height;
    this.group.add(this.mesh);
    const a = CONFUSION_STATION.angle;
    this.group.position.set(ROOM.radius * Math.sin(a), 0, -ROOM.radius * Math.cos(a));
    this.group.rotation.y = -a; // face the viewer at the centre
    this.draw(null, null);
  }

  /** Shows an evaluation's counts (row-major, counts[true * 10 + predicted]) once per step. */
  show(step: number, counts: readonly number[]): void {
    if (step === this.shownStep) return;
    this.shownStep = step;
    this.draw(step, counts);
  }

  /** The step whose matrix is on the board (null before the first evaluation). */
  get step(): number | null {
    return this.shownStep < 0 ? null : this.shownStep;
  }

  private draw(step: number | null, counts: readonly number[] | null): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const c = CELL_PX;
    ctx.fillStyle = '#141821';
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#e8ecf2';
    ctx.font = '600 26px system-ui, "DejaVu Sans", sans-serif';
    ctx.fillText(
      step === null
        ? 'confusion matrix: after the first evaluation'
        : `confusion matrix, step ${step}`,
      this.canvas.width / 2,
      TITLE_PX / 2,
    );
    ctx.font = '500 20px system-ui, "DejaVu Sans", sans-serif';
    ctx.fillStyle = '#8a93a0';
    ctx.fillText('true↓ said→', c / 2, TITLE_PX + c / 2, c - 2);
    for (let i = 0; i < CLASSES; i++) {
      ctx.fillText(String(i), c * (i + 1.5), TITLE_PX + c / 2);
      ctx.fillText(String(i), c / 2, TITLE_PX + c * (i + 1.5));
    }
    if (!counts) {
      this.texture.needsUpdate = true;
      return;
    }
    ctx.font = '600 22px system-ui, "DejaVu Sans", sans-serif';
    for (let t = 0; t < CLASSES; t++) {
      let rowTotal = 0;
      for (let p = 0; p < CLASSES; p++) rowTotal += counts[t * CLASSES + p] ?? 0;
      for (let p = 0; p < CLASSES; p++) {
        const n = counts[t * CLASSES + p] ?? 0;
        const x = c * (p + 1);
        const y = TITLE_PX + c * (t + 1);
        ctx.fillStyle = cellCss(cellColour(t, p, n, rowTotal));
        ctx.fillRect(x + 1, y + 1, c - 2, c - 2);
        if (n > 0) {
          ctx.fillStyle = '#e8ecf2';
          ctx.fillText(String(n), x + c / 2, y + c / 2, c - 4);
        }
      }
    }
    this.texture.needsUpdate = true;
  }

  dispose(): void {
    this.texture.dispose();
    this.mesh.material.dispose();
    this.mesh.geometry.dispose();
  }
}
