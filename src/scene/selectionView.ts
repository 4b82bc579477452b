/**
 * Weight sharing made visible. For a selected kernel: an outline on the kernel, its 3x3 window on
 * the layer's input (the probe digit for conv1; all 32 pool1 maps at once for conv2) sweeping
 * across every position the kernel is reused at, the output pixel it produces lighting up in its
 * feature map, a line joining the two, and the arithmetic in words.
 *
 * update() runs every frame: it only moves preallocated objects (scratch vectors and matrices
 * below) and only when the sweep position changes.
 */
import {
  BufferAttribute,
  BufferGeometry,
  Group,
  InstancedMesh,
  Line,
  LineBasicMaterial,
  Matrix4,
  Mesh,
  MeshBasicMaterial,
  PlaneGeometry,
  Quaternion,
  Vector3,
} from 'three';
import { cellOrigin } from './atlas';
import { type AtlasPlane, frameGeometry } from './frames';
import { Label } from './label';
import type { StationStack } from './layout';
import type { NetworkView } from './networkView';
import { CONV_SPECS, type ConvLayerId } from '../network';
import { selectionSentence, sweepPosition } from './selection';
import type { SelectionStatus } from '../status';

const HIGHLIGHT = 0x3dffb5;
/** Positions per second of the sweep, per layer: a full pass takes ~6 s (conv1) / ~4 s (conv2). */
const SWEEP_RATE: Readonly<Record<ConvLayerId, number>> = { conv1: 112, conv2: 30 };
/** Lift of the highlights off their planes (m), so they never z-fight. */
const LIFT = 0.003;

// Per-frame scratch (hot path: no allocation).
const texel = { x: 0, y: 0 };
const pos = { x: 0, y: 0 };
const v = new Vector3();
const scale = new Vector3();
const quat = new Quaternion();
const mat = new Matrix4();
const from = new Vector3();
const to = new Vector3();

export class SelectionView {
  readonly group = new Group();
  private readonly windows: InstancedMesh<BufferGeometry, MeshBasicMaterial>;
  private readonly kernelFrame: Mesh<BufferGeometry, MeshBasicMaterial>;
  private readonly mapFrame: Mesh<BufferGeometry, MeshBasicMaterial>;
  private readonly outPixel: Mesh<PlaneGeometry, MeshBasicMaterial>;
  private readonly link: Line<BufferGeometry, LineBasicMaterial>;
  private readonly linkPositions = new Float32Array(6);
  private readonly sentence: Label;
  private selection: SelectionStatus | null = null;
  private clock = 0;
  private lastPosition = -1;

  constructor(
    private readonly net: NetworkView,
    private readonly stack: StationStack,
  ) {
    const hl = () => new MeshBasicMaterial({ color: HIGHLIGHT, toneMapped: false });
    this.windows = new InstancedMesh(frameGeometry(0.16), hl(), 32);
    this.windows.frustumCulled = false;
    this.kernelFrame = new Mesh(frameGeometry(0.1), hl());
    this.mapFrame = new Mesh(frameGeometry(0.05), hl());
    this.outPixel = new Mesh(new PlaneGeometry(1, 1), hl());
    const lineGeom = new BufferGeometry();
    lineGeom.setAttribute('position', new BufferAttribute(this.linkPositions, 3));
    this.link = new Line(
      lineGeom,
      new LineBasicMaterial({ color: HIGHLIGHT, transparent: true, opacity: 0.55 }),
    );
    this.link.frustumCulled = false;
    this.sentence = new Label('', {
      lineHeight: 0.04,
      px: 56,
      color: '#d8fff0',
      background: 'rgba(8, 30, 24, 0.85)',
      weight: 500,
      align: 'left',
      maxWidth: 0.74,
    });
    this.group.add(this.link);
    this.setVisible(false);
  }

  get current(): SelectionStatus | null {
    return this.selection;
  }

  /** Shows a selection (or hides everything for null). Allocates a label redraw: on change only. */
  set(sel: SelectionStatus | null): void {
    const prev = this.selection;
    this.selection = sel;
    if (!sel) {
      this.setVisible(false);
      return;
    }
    if (prev && prev.layer === sel.layer && prev.filter === sel.filter) return;
    const net = this.net;
    const spec = CONV_SPECS[sel.layer];
    const kernels = net.kernelPlane(sel.layer);
    const input = sel.layer === 'conv1' ? net.input : net.pool1;
    const maps = sel.layer === 'conv1' ? net.conv1Maps : net.conv2Maps;

    // Kernel outline.
    kernels.mesh.add(this.kernelFrame);
    const kg = kernels.grid;
    cellOrigin(kg, sel.filter, texel);
    kernels.texelToLocal(
      texel.x + kg.cellW / 2,
      texel.y + kg.cellH / 2,
      this.kernelFrame.position,
      LIFT,
    );
    const pad = kg.gutter;
    this.kernelFrame.scale.set(
      (kg.cellW + pad) * kernels.metresPerTexel,
      (kg.cellH + pad) * kernels.metresPerTexel,
      1,
    );

    // Feature map outline and output pixel.
    maps.mesh.add(this.mapFrame);
    maps.mesh.add(this.outPixel);
    const mg = maps.grid;
    cellOrigin(mg, sel.filter, texel);
    maps.texelToLocal(texel.x + mg.cellW / 2, texel.y + mg.cellH / 2, this.mapFrame.position, LIFT);
    const side = (mg.cellW + mg.gutter * 2) * maps.metresPerTexel;
    this.mapFrame.scale.set(side, side, 1);
    this.outPixel.scale.set(maps.metresPerTexel * 1.6, maps.metresPerTexel * 1.6, 1);

    // Windows: one per input channel, all at the same position.
    input.mesh.add(this.windows);
    this.windows.count = spec.inChannels;

    this.sentence.setText(selectionSentence(sel));
    // Sentence under the layer's station (its pooled maps are the last thing in it).
    this.stack.station(sel.layer).add(this.sentence.mesh);
    const bottom = this.stack.take(sel.layer, 0, 0);
    this.sentence.mesh.position.set(0, bottom - this.sentence.height / 2, LIFT);

    this.clock = 0;
    this.lastPosition = -1;
    this.setVisible(true);
    this.place(0);
  }

  private setVisible(on: boolean): void {
    this.windows.visible = on;
    this.kernelFrame.visible = on;
    this.mapFrame.visible = on;
    this.outPixel.visible = on;
    this.link.visible = on;
    this.sentence.mesh.visible = on;
  }

  /** Per frame: advance the sweep. Moves objects only when the position changes. */
  update(dt: number): void {
    const sel = this.selection;
    if (!sel) return;
    this.clock += dt;
    const spec = CONV_SPECS[sel.layer];
    const n = spec.outSize * spec.outSize;
    const p = Math.floor(this.clock * SWEEP_RATE[sel.layer]) % n;
    if (p !== this.lastPosition) {
      this.lastPosition = p;
      this.place(p);
    }
    this.updateLink(sel.layer);
  }

  private place(p: number): void {
    const sel = this.selection;
    if (!sel) return;
    const net = this.net;
    const spec = CONV_SPECS[sel.layer];
    sweepPosition(spec, p, pos);
    const input: AtlasPlane = sel.layer === 'conv1' ? net.input : net.pool1;
    const maps: AtlasPlane = sel.layer === 'conv1' ? net.conv1Maps : net.conv2Maps;
    const k = spec.kernelSize;
    const ig = input.grid;
    scale.set(k * input.metresPerTexel, k * input.metresPerTexel, 1);
    for (let c = 0; c < spec.inChannels; c++) {
      cellOrigin(ig, c, texel);
      input.texelToLocal(texel.x + pos.x + k / 2, texel.y + pos.y + k / 2, v, LIFT);
      this.windows.setMatrixAt(c, mat.compose(v, quat, scale));
    }
    this.windows.instanceMatrix.needsUpdate = true;
    cellOrigin(maps.grid, sel.filter, texel);
    maps.texelToLocal(
      texel.x + pos.x + 0.5,
      texel.y + pos.y + 0.5,
      this.outPixel.position,
      LIFT * 2,
    );
  }

  /** The link joins the first window to the output pixel, in world space (the network moves). */
  private updateLink(layer: ConvLayerId): void {
    const input = layer === 'conv1' ? this.net.input : this.net.pool1;
    this.windows.getMatrixAt(0, mat);
    from.setFromMatrixPosition(mat);
    input.mesh.localToWorld(from);
    this.outPixel.getWorldPosition(to);
    const a = this.linkPositions;
    a[0] = from.x;
    a[1] = from.y;
    a[2] = from.z;
    a[3] = to.x;
    a[4] = to.y;
    a[5] = to.z;
    const attr = this.link.geometry.getAttribute('position');
    attr.needsUpdate = true;
  }

  reupload(): void {
    this.sentence.markDirty();
  }

  dispose(): void {
    this.windows.geometry.dispose();
    this.windows.material.dispose();
    this.windows.dispose();
    this.kernelFrame.geometry.dispose();
    this.kernelFrame.material.dispose();
    this.mapFrame.geometry.dispose();
    this.mapFrame.material.dispose();
    this.outPixel.geometry.dispose();
    this.outPixel.material.dispose();
    this.link.geometry.dispose();
    this.link.material.dispose();
    this.sentence.dispose();
  }
}
