/**
 * Weight sharing made visible. For a selected kernel: an outline on the kernel, its 3x3 window on
 * the layer's input (the probe digit for conv1; all 32 pool1 maps at once for conv2) sweeping
 * across every position the kernel is reused at, the output pixel it produces lighting up in its
 * feature map, a line joining the two, and the arithmetic in words.
 *
 * The outlines and the output pixel are quads of one instanced mesh (highlightQuads.ts): one draw
 * call per eye for all of them.
 *
 * update() runs every frame: it only writes preallocated matrices and vectors (scratch below).
 */
import { BufferAttribute, BufferGeometry, Group, Line, LineBasicMaterial, Vector3 } from 'three';
import { cellOrigin } from './atlas';
import type { AtlasPlane } from './frames';
import { HighlightQuads, outlineBars } from './highlightQuads';
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
/** Border of each outline, as a share of its side. */
const WINDOW_BARS = outlineBars(0.16);
const KERNEL_BARS = outlineBars(0.1);
const MAP_BARS = outlineBars(0.05);
/** Up to 32 windows (conv2's input channels), two outlines of four bars, one output pixel. */
const QUADS = 32 * 4 + 4 + 4 + 1;
/** The output pixel's side, in texels of its map. */
const PIXEL = 1.6;

// Per-frame scratch (hot path: no allocation).
const texel = { x: 0, y: 0 };
const pos = { x: 0, y: 0 };
const v = new Vector3();
const from = new Vector3();
const to = new Vector3();

export class SelectionView {
  readonly group = new Group();
  private readonly quads = new HighlightQuads(HIGHLIGHT, QUADS);
  private readonly link: Line<BufferGeometry, LineBasicMaterial>;
  private readonly linkPositions = new Float32Array(6);
  private readonly sentence: Label;
  private selection: SelectionStatus | null = null;
  private clock = 0;

  constructor(
    private readonly net: NetworkView,
    private readonly stack: StationStack,
  ) {
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
    this.group.add(this.quads.mesh, this.link);
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
    this.sentence.setText(selectionSentence(sel));
    // Sentence under the layer's station (its pooled maps are the last thing in it).
    this.stack.station(sel.layer).add(this.sentence.mesh);
    const bottom = this.stack.take(sel.layer, 0, 0);
    this.sentence.mesh.position.set(0, bottom - this.sentence.height / 2, LIFT);

    this.clock = 0;
    this.setVisible(true);
    this.place(0);
  }

  private setVisible(on: boolean): void {
    this.quads.mesh.visible = on;
    this.link.visible = on;
    this.sentence.mesh.visible = on;
  }

  /**
   * Per frame: advance the sweep and lay the highlights out in world space (the network may have
   * moved). Writes preallocated matrices only.
   */
  update(dt: number): void {
    const sel = this.selection;
    if (!sel) return;
    this.clock += dt;
    const spec = CONV_SPECS[sel.layer];
    const n = spec.outSize * spec.outSize;
    this.place(Math.floor(this.clock * SWEEP_RATE[sel.layer]) % n);
  }

  /** Lays out every highlight for sweep position p, and the link between window and pixel. */
  private place(p: number): void {
    const sel = this.selection;
    if (!sel) return;
    const net = this.net;
    const spec = CONV_SPECS[sel.layer];
    const kernels = net.kernelPlane(sel.layer);
    const maps: AtlasPlane = sel.layer === 'conv1' ? net.conv1Maps : net.conv2Maps;
    const input: AtlasPlane = sel.layer === 'conv1' ? net.input : net.pool1;
    // Where the planes are this frame (the network may be being moved), not where they were drawn.
    kernels.mesh.updateWorldMatrix(true, false);
    maps.mesh.updateWorldMatrix(true, false);
    input.mesh.updateWorldMatrix(true, false);
    const q = this.quads;
    q.begin();

    // Kernel outline.
    const kg = kernels.grid;
    cellOrigin(kg, sel.filter, texel);
    kernels.texelToLocal(texel.x + kg.cellW / 2, texel.y + kg.cellH / 2, v, LIFT);
    const kw = (kg.cellW + kg.gutter) * kernels.metresPerTexel;
    const kh = (kg.cellH + kg.gutter) * kernels.metresPerTexel;
    q.outline(kernels.mesh, v.x, v.y, v.z, kw, kh, KERNEL_BARS);

    // Feature map outline and the output pixel of this position.
    const mg = maps.grid;
    cellOrigin(mg, sel.filter, texel);
    maps.texelToLocal(texel.x + mg.cellW / 2, texel.y + mg.cellH / 2, v, LIFT);
    const side = (mg.cellW + mg.gutter * 2) * maps.metresPerTexel;
    q.outline(maps.mesh, v.x, v.y, v.z, side, side, MAP_BARS);
    sweepPosition(spec, p, pos);
    maps.texelToLocal(texel.x + pos.x + 0.5, texel.y + pos.y + 0.5, v, LIFT * 2);
    const px = maps.metresPerTexel * PIXEL;
    q.quad(maps.mesh, v.x, v.y, v.z, px, px);
    to.copy(v);
    maps.mesh.localToWorld(to);

    // Windows: one per input channel, all at the same position.
    const k = spec.kernelSize;
    const ig = input.grid;
    const w = k * input.metresPerTexel;
    for (let c = 0; c < spec.inChannels; c++) {
      cellOrigin(ig, c, texel);
      input.texelToLocal(texel.x + pos.x + k / 2, texel.y + pos.y + k / 2, v, LIFT);
      q.outline(input.mesh, v.x, v.y, v.z, w, w, WINDOW_BARS);
      // The link starts at the first window, in world space.
      if (c === 0) from.copy(v).applyMatrix4(input.mesh.matrixWorld);
    }
    q.end();
    this.updateLink();
  }

  /** The link joins the first window to the output pixel, in world space. */
  private updateLink(): void {
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
    this.quads.dispose();
    this.link.geometry.dispose();
    this.link.material.dispose();
    this.sentence.dispose();
  }
}
