/**
 * The room's input station as a pad: a square to draw a digit on (a mouse on the desktop, a
 * controller ray with the trigger held in VR) and a "Clear" button under it. It shows the strokes
 * the person draws, from whichever pad; the station's 28x28 plane above shows what the network
 * reads. Redrawn only when the strokes change, never per frame.
 */
import {
  CanvasTexture,
  Group,
  type Intersection,
  LinearFilter,
  Mesh,
  MeshBasicMaterial,
  type PerspectiveCamera,
  PlaneGeometry,
  type Raycaster,
  SRGBColorSpace,
  Vector3,
} from 'three';
import type { DigitInput } from '../input/digitInput';
import { drawStrokes } from '../input/strokeCanvas';
import type { View } from '../loop';
import { Label } from './label';
import { ROOM, type StationStack } from './layout';
import { type ButtonLook, canvasFont, paintButton } from '../ui/canvasText';

export const ROOM_PAD = {
  /** Side of the drawing square (m). */
  size: 0.34,
  /** Canvas resolution of the square (px) and its pen width (px). */
  px: 256,
  pen: 18,
  /** The Clear button (m). */
  button: { width: 0.14, height: 0.055 },
  /** Room left under the station's legend, whose text hangs below its place (m). */
  belowLegend: 0.13,
} as const;

/** What a ray hit: the pad (the point is in `RoomPad.at`), or the Clear button. */
export type PadHit = 'pad' | 'clear';

// Scratch for ray hits (called from pointer events and controller frames).
/** The Clear button: its own canvas, so its border runs inside it. */
const CLEAR_LOOK: ButtonLook = {
  fill: '#1d232e',
  border: '#ff9b6b',
  borderWidth: 6,
  borderInset: 3,
  textColor: '#e8ecf2',
  font: canvasFont(52, 600),
  baseline: 'middle',
  textDy: 2,
};
const hits: Intersection[] = [];
const pv = new Vector3();

export class RoomPad implements View {
  readonly group = new Group();
  readonly pad: Mesh<PlaneGeometry, MeshBasicMaterial>;
  readonly clearButton: Mesh<PlaneGeometry, MeshBasicMaterial>;
  /** Where the last 'pad' hit landed, in pad units (y down): written in place, no allocation. */
  readonly at = { x: 0, y: 0 };
  /** The meshes a ray can hit, built once. */
  readonly targets: readonly Mesh[];
  private readonly canvas = document.createElement('canvas');
  private readonly texture: CanvasTexture;
  private readonly buttonCanvas = document.createElement('canvas');
  private readonly buttonTexture: CanvasTexture;
  private readonly title: Label;
  private shown = -1;

  constructor(
    stack: StationStack,
    private readonly digit: DigitInput,
  ) {
    const P = ROOM_PAD;
    this.canvas.width = this.canvas.height = P.px;
    this.texture = texture(this.canvas);
    this.pad = new Mesh(
      new PlaneGeometry(P.size, P.size),
      new MeshBasicMaterial({ map: this.texture, toneMapped: false }),
    );
    this.pad.name = 'input-pad';
    this.buttonCanvas.width = 256;
    this.buttonCanvas.height = 100;
    this.buttonTexture = texture(this.buttonCanvas);
    this.clearButton = new Mesh(
      new PlaneGeometry(P.button.width, P.button.height),
      new MeshBasicMaterial({ map: this.buttonTexture, toneMapped: false }),
    );
    this.clearButton.name = 'input-pad-clear';
    this.drawButton();
    this.title = new Label('draw a digit here');
    this.targets = [this.pad, this.clearButton];

    const station = stack.station('input');
    stack.take('input', 0, P.belowLegend);
    this.title.mesh.position.set(0, stack.take('input', this.title.height, ROOM.labelGap), 0);
    this.pad.position.set(0, stack.take('input', P.size, ROOM.itemGap / 2), 0);
    this.clearButton.position.set(0, stack.take('input', P.button.height, 0), 0);
    this.group.add(this.title.mesh, this.pad, this.clearButton);
    station.add(this.group);
    this.draw();
  }

  /** What a ray hits first on the pad or its button, or null. */
  hit(raycaster: Raycaster): PadHit | null {
    hits.length = 0;
    raycaster.intersectObjects(this.targets as Mesh[], false, hits);
    const h = hits[0];
    hits.length = 0;
    if (!h?.uv) return null;
    if (h.object === this.clearButton) return 'clear';
    this.at.x = h.uv.x;
    this.at.y = 1 - h.uv.y;
    return 'pad';
  }

  /** Per frame: redraws the square only when the strokes changed. */
  update(): void {
    if (this.digit.strokes.version !== this.shown) this.draw();
  }

  private draw(): void {
    this.shown = this.digit.strokes.version;
    const g = this.canvas.getContext('2d');
    if (!g) return;
    drawStrokes(g, this.digit.strokes.strokes, ROOM_PAD.px, ROOM_PAD.pen);
    g.strokeStyle = '#3dffb5';
    g.lineWidth = 4;
    g.strokeRect(2, 2, ROOM_PAD.px - 4, ROOM_PAD.px - 4);
    this.texture.needsUpdate = true;
  }

  private drawButton(): void {
    const g = this.buttonCanvas.getContext('2d');
    if (!g) return;
    const { width: w, height: h } = this.buttonCanvas;
    paintButton(g, { x: 0, y: 0, w, h }, 'Clear', CLEAR_LOOK);
    this.buttonTexture.needsUpdate = true;
  }

  /** Where pad point (x, y) (pad units, y down), or the Clear button, is in the room: a test hook. */
  worldPoint(x: number | 'clear', y = 0): { x: number; y: number; z: number } {
    const mesh = x === 'clear' ? this.clearButton : this.pad;
    if (x === 'clear') pv.set(0, 0, 0);
    else pv.set((x - 0.5) * ROOM_PAD.size, (0.5 - y) * ROOM_PAD.size, 0);
    mesh.updateWorldMatrix(true, false);
    mesh.localToWorld(pv);
    return { x: pv.x, y: pv.y, z: pv.z };
  }

  /** Where pad point (x, y) appears on screen, in CSS pixels of the canvas: a test hook. */
  screenPoint(
    x: number,
    y: number,
    camera: PerspectiveCamera,
    canvas: HTMLCanvasElement,
  ): { x: number; y: number } {
    const w = this.worldPoint(x, y);
    pv.set(w.x, w.y, w.z).project(camera);
    const rect = canvas.getBoundingClientRect();
    return {
      x: rect.left + ((pv.x + 1) / 2) * rect.width,
      y: rect.top + ((1 - pv.y) / 2) * rect.height,
    };
  }

  reupload(): void {
    this.texture.needsUpdate = true;
    this.buttonTexture.needsUpdate = true;
    this.title.markDirty();
  }

  dispose(): void {
    this.group.removeFromParent();
    for (const m of this.targets) {
      m.geometry.dispose();
      (m.material as MeshBasicMaterial).dispose();
    }
    this.texture.dispose();
    this.buttonTexture.dispose();
    this.title.dispose();
  }
}

function texture(c: HTMLCanvasElement): CanvasTexture {
  const t = new CanvasTexture(c);
  t.colorSpace = SRGBColorSpace;
  t.minFilter = LinearFilter;
  return t;
}
