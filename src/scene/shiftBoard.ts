/**
 * The moved digit's results in the room, beside the input station: the prediction under shift
 * (p of the digit's class at each of the 9x9 shifts, the current one white) and each conv layer's
 * equivariance error, with how to move the digit in VR. One canvas texture on one plane: a single
 * draw call. It is redrawn when a measure arrives, never per frame.
 */
import {
  type Object3D,
  CanvasTexture,
  DoubleSide,
  LinearFilter,
  Mesh,
  MeshBasicMaterial,
  PlaneGeometry,
  SRGBColorSpace,
} from 'three';
import type { ShiftMeasureReport } from '../protocol';
import { SHIFT_SIDE, fillShiftHeat, formatError } from '../ui/shiftHeat';
import { STATIONS, type StationStack } from './layout';

/** The board's size in the room (m) and its canvas resolution (px). */
export const SHIFT_BOARD = {
  width: 0.3,
  height: 0.42,
  px: { width: 360, height: 504 },
  /** Space between the board and the input station's edge (m). */
  gap: 0.06,
} as const;

/** What the board shows now (test hook). */
export interface ShiftBoardState {
  shift: [number, number];
  conv1: number;
  conv2: number;
  /** Measures drawn so far. */
  drawn: number;
}

export class ShiftBoard {
  readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  private readonly canvas = document.createElement('canvas');
  private readonly heat = document.createElement('canvas');
  private readonly heatPixels = new ImageData(SHIFT_SIDE, SHIFT_SIDE);
  private readonly texture: CanvasTexture;
  private shown: ShiftBoardState = { shift: [0, 0], conv1: 0, conv2: 0, drawn: 0 };

  constructor() {
    this.canvas.width = SHIFT_BOARD.px.width;
    this.canvas.height = SHIFT_BOARD.px.height;
    this.heat.width = SHIFT_SIDE;
    this.heat.height = SHIFT_SIDE;
    this.texture = new CanvasTexture(this.canvas);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.minFilter = LinearFilter;
    this.texture.generateMipmaps = false;
    this.mesh = new Mesh(
      new PlaneGeometry(SHIFT_BOARD.width, SHIFT_BOARD.height),
      new MeshBasicMaterial({ map: this.texture, side: DoubleSide, toneMapped: false }),
    );
    this.mesh.name = 'shift-board';
    this.draw(null);
  }

  /** Stands at the input station's outer (left) edge, level with the input digit. */
  placeIn(stack: StationStack, inputDigit: Object3D): void {
    const width = STATIONS.find((s) => s.id === 'input')?.width ?? 0;
    const x = -(width / 2 + SHIFT_BOARD.gap + SHIFT_BOARD.width / 2);
    this.mesh.position.set(x, inputDigit.position.y, 0);
    stack.station('input').add(this.mesh);
  }

  /** Draws a measure (on arrival, not per frame). */
  show(m: ShiftMeasureReport): void {
    this.shown = {
      shift: [m.shift[0], m.shift[1]],
      conv1: m.conv1,
      conv2: m.conv2,
      drawn: this.shown.drawn + 1,
    };
    this.draw(m);
  }

  state(): ShiftBoardState {
    return { ...this.shown, shift: [...this.shown.shift] };
  }

  /** After a context restore: the canvas is still here, upload it again. */
  reupload(): void {
    this.texture.needsUpdate = true;
  }

  private draw(m: ShiftMeasureReport | null): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const { width: w, height: h } = this.canvas;
    ctx.fillStyle = '#151922';
    ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = '#e8ecf2';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.font = '600 24px system-ui, "DejaVu Sans", sans-serif';
    const [dx, dy] = m ? m.shift : [0, 0];
    ctx.fillText(m ? `digit moved (${dx}, ${dy})` : 'move the digit', w / 2, 26);
    // The heat map, pixel for pixel (no smoothing: each cell is one shift).
    const side = 270;
    const top = 52;
    if (m) {
      fillShiftHeat(this.heatPixels.data, m.predictionUnderShift, dx, dy);
      this.heat.getContext('2d')?.putImageData(this.heatPixels, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(this.heat, (w - side) / 2, top, side, side);
    } else {
      ctx.strokeStyle = '#3a4254';
      ctx.strokeRect((w - side) / 2, top, side, side);
    }
    ctx.font = '500 18px system-ui, "DejaVu Sans", sans-serif';
    ctx.fillStyle = '#b8c0cc';
    const lines = [
      m ? `p(${m.probeLabel}) at each shift -4..4; white: now` : 'p(class) at each shift -4..4',
      m
        ? `equivariance error conv1 ${formatError(m.conv1)}, conv2 ${formatError(m.conv2)}`
        : 'equivariance error: not measured yet',
      '(0 = the maps move with the digit)',
      'VR: point at the input digit,',
      'flick the thumbstick to move it',
    ];
    lines.forEach((l, i) => ctx.fillText(l, w / 2, top + side + 28 + i * 30));
    this.texture.needsUpdate = true;
  }

  dispose(): void {
    this.texture.dispose();
    this.mesh.material.dispose();
    this.mesh.geometry.dispose();
  }
}
