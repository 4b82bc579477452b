/**
 * The output station's lower half: ten probability bars (one instanced draw) over a strip of the
 * digits and their probabilities, and the true label beside the prediction (a mistake marked in
 * red). Bars move when a snapshot or an answer lands; the strip is text on a canvas, redrawn at most
 * twice a second.
 */
import {
  BoxGeometry,
  CanvasTexture,
  Color,
  InstancedMesh,
  LinearFilter,
  Matrix4,
  Mesh,
  MeshBasicMaterial,
  PlaneGeometry,
  Quaternion,
  SRGBColorSpace,
  Vector3,
} from 'three';
import { NUM_CLASSES } from '../network';
import { refreshTurns } from '../ui/refreshTurns';
import { Label } from './label';
import { ROOM, type StationStack } from './layout';

const BAR_TRUE = new Color(0x3dffb5);
const BAR_OTHER = new Color(0xffa828);
/** Seconds between redraws of the digit/probability strip. */
const STRIP_REFRESH_S = 0.5;
/** Height (px, of 640 wide) of the strip: digits, probabilities, label and prediction. */
const STRIP_PX = 210;

// Scratch objects for the bars (updated per snapshot).
const m4 = new Matrix4();
const q0 = new Quaternion();
const v0 = new Vector3();
const s0 = new Vector3();

export class OutputView {
  readonly title: Label;
  readonly bars: InstancedMesh<BoxGeometry, MeshBasicMaterial>;
  /** The digits and probabilities under the bars. */
  readonly strip: Mesh<PlaneGeometry, MeshBasicMaterial>;
  private readonly canvas = document.createElement('canvas');
  private readonly texture: CanvasTexture;
  private readonly probs = new Float32Array(NUM_CLASSES);
  /** The true label (null for a drawn digit) and what the network predicted (-1: nothing yet). */
  private label: number | null = null;
  private prediction = -1;
  private hasData = false;
  private dirty = true;
  private clock = 0;
  private readonly barsBaseY: number;

  constructor(stack: StationStack) {
    const o = ROOM.output;
    const head = stack.station('head');
    this.title = new Label('output · p(digit)');
    this.title.mesh.position.set(0, stack.take('head', this.title.height, ROOM.labelGap), 0);
    head.add(this.title.mesh);
    this.barsBaseY = stack.take('head', o.barHeight, 0) - o.barHeight / 2;
    const barMat = new MeshBasicMaterial({ toneMapped: false });
    this.bars = new InstancedMesh(new BoxGeometry(1, 1, 1), barMat, NUM_CLASSES);
    this.bars.name = 'output-bars';
    for (let i = 0; i < NUM_CLASSES; i++) this.bars.setColorAt(i, BAR_OTHER);
    this.bars.frustumCulled = false; // instances move; the base box's bounds do not cover them
    head.add(this.bars);
    this.setBars();

    this.canvas.width = 640;
    this.canvas.height = STRIP_PX;
    this.texture = new CanvasTexture(this.canvas);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.minFilter = LinearFilter;
    const stripH = o.width * (STRIP_PX / 640);
    this.strip = new Mesh(
      new PlaneGeometry(o.width, stripH),
      new MeshBasicMaterial({ map: this.texture, transparent: true, toneMapped: false }),
    );
    this.strip.position.set(0, stack.take('head', stripH, ROOM.itemGap), 0);
    head.add(this.strip);
    this.drawStrip();
  }

  /** A snapshot or an answer landed (frame start): a digit's probabilities, label, prediction. */
  set(probs: Float32Array, label: number | null, prediction: number): void {
    this.probs.set(probs.subarray(0, NUM_CLASSES));
    this.label = label;
    this.prediction = prediction;
    this.hasData = true;
    this.dirty = true;
    this.setBars();
  }

  private setBars(): void {
    const o = ROOM.output;
    const pitch = o.width / NUM_CLASSES;
    for (let i = 0; i < NUM_CLASSES; i++) {
      const p = Math.min(1, Math.max(0, this.probs[i] ?? 0));
      const h = Math.max(0.004, p * o.barHeight);
      v0.set(-o.width / 2 + pitch * (i + 0.5), this.barsBaseY + h / 2, 0);
      s0.set(pitch * 0.62, h, 0.03);
      this.bars.setMatrixAt(i, m4.compose(v0, q0, s0));
      this.bars.setColorAt(i, i === this.label ? BAR_TRUE : BAR_OTHER);
    }
    this.bars.instanceMatrix.needsUpdate = true;
    if (this.bars.instanceColor) this.bars.instanceColor.needsUpdate = true;
  }

  /** Per frame: redraws the strip at most every STRIP_REFRESH_S, only when it changed. */
  update(dt: number): void {
    this.clock += dt;
    // Due, and no other periodic refresh ran this frame (else the next frame: refreshTurns.ts).
    if (
      this.dirty &&
      this.clock >= STRIP_REFRESH_S &&
      refreshTurns.take(this.clock - STRIP_REFRESH_S)
    ) {
      this.clock = 0;
      this.dirty = false;
      this.drawStrip();
    }
  }

  private drawStrip(): void {
    const c = this.canvas;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, c.width, c.height);
    const pitch = c.width / NUM_CLASSES;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < NUM_CLASSES; i++) {
      const x = pitch * (i + 0.5);
      const isLabel = i === this.label;
      ctx.fillStyle = isLabel ? '#3dffb5' : '#e8ecf2';
      ctx.font = '700 58px system-ui, "DejaVu Sans", sans-serif';
      ctx.fillText(String(i), x, 42);
      ctx.fillStyle = isLabel ? '#3dffb5' : '#9aa3b0';
      ctx.font = '600 22px system-ui, "DejaVu Sans", sans-serif';
      const p = this.probs[i] ?? 0;
      ctx.fillText(this.hasData ? `${Math.round(p * 100)}%` : '–', x, 110);
    }
    if (this.prediction >= 0) {
      // The true label beside the prediction; a mistake is marked in red.
      const t = this.label;
      const wrong = t !== null && t !== this.prediction;
      ctx.fillStyle = t === null ? '#e8ecf2' : wrong ? '#ff6b6b' : '#3dffb5';
      ctx.font = '700 34px system-ui, "DejaVu Sans", sans-serif';
      const said = `predicts ${this.prediction}`;
      const text =
        t === null ? `drawn: ${said}` : `label ${t} · ${said}${wrong ? ' ✗ mistake' : ' ✓'}`;
      ctx.fillText(text, c.width / 2, 176);
    }
    this.texture.needsUpdate = true;
  }

  /** After a context restore. */
  reupload(): void {
    this.texture.needsUpdate = true;
    this.title.markDirty();
  }

  dispose(): void {
    this.title.dispose();
    this.bars.geometry.dispose();
    this.bars.material.dispose();
    this.bars.dispose();
    this.texture.dispose();
    this.strip.geometry.dispose();
    this.strip.material.dispose();
  }
}
