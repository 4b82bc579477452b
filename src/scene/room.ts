/**
 * The room: scene, floor, the network view, the selection view and the colour legend. It knows
 * how to pick a kernel under a ray and where a kernel is on screen; it never touches the DOM
 * beyond its own canvases, and never imports the trainer.
 */
import {
  Box3,
  BufferGeometry,
  Color,
  DataTexture,
  Float32BufferAttribute,
  GridHelper,
  type Intersection,
  Line,
  LineBasicMaterial,
  Mesh,
  MeshBasicMaterial,
  type Object3D,
  type PerspectiveCamera,
  PlaneGeometry,
  type Raycaster,
  RGBAFormat,
  RingGeometry,
  Scene,
  SRGBColorSpace,
  Vector3,
  type WebGLRenderer,
} from 'three';
import type { SharingMode } from '../config/schema';
import type { InferenceResult, Snapshot } from '../protocol';
import type { SelectionStatus } from '../status';
import { kernelAtUv, kernelCenterUv } from './atlas';
import { divergingInto } from './colorMap';
import { refreshTurns } from '../ui/refreshTurns';
import { Label } from './label';
import type { StationName } from '../network';
import { ROOM, StationStack } from './layout';
import { NetworkView } from './networkView';
import type { ConvLayerId } from '../network';
import { selectionFor } from './selection';
import { SelectionView } from './selectionView';

/** What a ray hit: a kernel of a conv layer. */
export interface KernelHit {
  layer: ConvLayerId;
  filter: number;
  distance: number;
}

const LEGEND_STEPS = 64;
// Scratch for picking and projecting (called on pointer moves and controller frames).
const hits: Intersection[] = [];
const pv = new Vector3();
const box = new Box3();

const fmt = (x: number) => (x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));

export class Room {
  readonly scene = new Scene();
  readonly stack = new StationStack();
  readonly network: NetworkView;
  readonly selection: SelectionView;
  private readonly legendLabel: Label;
  private readonly legendTexture: DataTexture;
  private readonly disposables: { dispose(): void }[] = [];
  private readonly pickTargets: Object3D[];
  private legendClock = 0;
  private legendShown = -1;
  private legendTop = 0;

  private lastSelection: SelectionStatus | null = null;

  /**
   * `sharing` none adds the mosaic of conv1's per-position kernels; `switchable` builds it anyway,
   * for a page that shows either twin of a comparison (setSharing).
   */
  constructor(
    private sharing: SharingMode = 'conv',
    switchable = false,
  ) {
    this.network = new NetworkView(this.stack, sharing, switchable);
    this.scene.background = new Color(ROOM.background);
    this.scene.add(this.stack.root);
    this.selection = new SelectionView(this.network, this.stack);
    this.scene.add(this.selection.group);
    this.pickTargets = [this.network.conv1Kernels.mesh, this.network.conv2Kernels.mesh];

    // Floor: a faint grid, the arc the network stands on, and a ring where the viewer stands.
    const grid = new GridHelper(8, 16, 0x2a3140, 0x1a1f28);
    this.scene.add(grid);
    this.disposables.push(grid.geometry, grid.material as LineBasicMaterial);
    const arc: number[] = [];
    for (let i = 0; i <= 64; i++) {
      const a = -1.35 + (2.7 * i) / 64;
      arc.push(ROOM.radius * Math.sin(a), 0.005, -ROOM.radius * Math.cos(a));
    }
    const arcGeom = new BufferGeometry();
    arcGeom.setAttribute('position', new Float32BufferAttribute(arc, 3));
    const arcLine = new Line(
      arcGeom,
      new LineBasicMaterial({ color: 0x3dffb5, transparent: true, opacity: 0.35 }),
    );
    this.stack.root.add(arcLine);
    this.disposables.push(arcGeom, arcLine.material);
    const ring = new Mesh(
      new RingGeometry(0.28, 0.3, 48),
      new MeshBasicMaterial({ color: 0x3dffb5, transparent: true, opacity: 0.4 }),
    );
    ring.rotation.x = -Math.PI / 2;
    ring.position.y = 0.004;
    this.scene.add(ring);
    this.disposables.push(ring.geometry, ring.material);

    // Legend: the colour map as a bar, with each layer's range, under the conv2 station.
    const bar = new Uint8Array(LEGEND_STEPS * 4);
    for (let i = 0; i < LEGEND_STEPS; i++)
      divergingInto((i / (LEGEND_STEPS - 1)) * 2 - 1, 1, bar, i * 4);
    this.legendTexture = new DataTexture(bar, LEGEND_STEPS, 1, RGBAFormat);
    this.legendTexture.colorSpace = SRGBColorSpace;
    this.legendTexture.needsUpdate = true;
    const legendBar = new Mesh(
      new PlaneGeometry(0.42, 0.03),
      new MeshBasicMaterial({ map: this.legendTexture, toneMapped: false }),
    );
    const station = this.stack.station('input');
    this.stack.take('input', 0.1, 0);
    legendBar.position.set(0, this.stack.take('input', 0.03, 0.015), 0);
    station.add(legendBar);
    this.disposables.push(legendBar.geometry, legendBar.material);
    this.legendLabel = new Label('', {
      lineHeight: 0.034,
      px: 48,
      color: '#b8c0cc',
      background: null,
      weight: 500,
      align: 'center',
      maxWidth: 0.45,
    });
    station.add(this.legendLabel.mesh);
    this.network.parts.input.push(legendBar, this.legendLabel.mesh);
    this.legendTop = this.stack.take('input', 0, 0);
    this.updateLegend();
  }

  /** Queue a snapshot for the next frame start. */
  queue(s: Snapshot): void {
    this.network.queue(s);
  }

  /** Queue the network's answer for the learner's digit for the next frame start. */
  queueAnswer(r: InferenceResult): void {
    this.network.queueAnswer(r);
  }

  /** Frame start: upload the newest snapshot's textures before any draw. */
  applyPending(renderer: WebGLRenderer): boolean {
    return this.network.applyPending(renderer);
  }

  /** Per frame. */
  update(dt: number): void {
    this.network.update(dt);
    this.selection.update(dt);
    // The legend is text: redraw at most twice a second, and only when a new snapshot landed.
    this.legendClock += dt;
    // Also waits for a frame no other periodic refresh ran in (refreshTurns.ts).
    if (
      this.legendClock >= 0.5 &&
      this.legendShown !== this.network.applied &&
      refreshTurns.take(this.legendClock - 0.5)
    ) {
      this.legendClock = 0;
      this.updateLegend();
    }
  }

  private updateLegend(): void {
    this.legendShown = this.network.applied;
    const r = this.network.ranges;
    const text =
      this.network.applied === 0
        ? 'blue negative · dark zero · amber positive\nwaiting for the first snapshot'
        : `blue − · dark 0 · amber +\nkernels: conv1 ±${fmt(r.conv1Kernel)}, conv2 ±${fmt(r.conv2Kernel)}\n` +
          `maps: each layer to its own max`;
    this.legendLabel.setText(text);
    this.legendLabel.mesh.position.set(0, this.legendTop - this.legendLabel.height / 2, 0);
  }

  select(layer: ConvLayerId, filter: number, source: SelectionStatus['source']): SelectionStatus {
    const sel = selectionFor(layer, filter, source, this.sharing);
    this.lastSelection = sel;
    this.selection.set(sel);
    if (layer === 'conv1') this.network.setMosaicFilter(filter);
    return sel;
  }

  /**
   * Shows another network's snapshots (a comparison's other twin): titles, the mosaic and the
   * selected kernel's arithmetic follow. Returns the selection as it now reads, or null.
   */
  setSharing(sharing: SharingMode): SelectionStatus | null {
    if (sharing === this.sharing) return this.lastSelection;
    this.sharing = sharing;
    this.network.setSharing(sharing);
    const s = this.lastSelection;
    return s ? this.select(s.layer, s.filter, s.source) : null;
  }

  /** The kernel under a ray, or null. */
  pickKernel(raycaster: Raycaster): KernelHit | null {
    hits.length = 0;
    raycaster.intersectObjects(this.pickTargets, false, hits);
    const hit = hits[0];
    hits.length = 0;
    if (!hit?.uv) return null;
    const layer: ConvLayerId = hit.object === this.network.conv1Kernels.mesh ? 'conv1' : 'conv2';
    const filter = kernelAtUv(this.network.kernelAtlases[layer], hit.uv.x, hit.uv.y);
    return filter < 0 ? null : { layer, filter, distance: hit.distance };
  }

  /** Distance to the nearest pickable thing along a ray (for drawing controller rays), or null. */
  rayDistance(raycaster: Raycaster, extra: readonly Object3D[]): number | null {
    hits.length = 0;
    raycaster.intersectObjects(this.pickTargets, false, hits);
    raycaster.intersectObjects(extra as Object3D[], false, hits);
    let d: number | null = null;
    for (let i = 0; i < hits.length; i++) {
      const h = hits[i];
      if (h && (d === null || h.distance < d)) d = h.distance;
    }
    hits.length = 0;
    return d;
  }

  /** Where filter f's kernel appears on screen, in CSS pixels of the canvas (a test hook). */
  kernelScreenPoint(
    layer: ConvLayerId,
    f: number,
    camera: PerspectiveCamera,
    canvas: HTMLCanvasElement,
  ): { x: number; y: number } {
    const plane = this.network.kernelPlane(layer);
    const uv = kernelCenterUv(this.network.kernelAtlases[layer], f);
    plane.texelToLocal(uv.u * plane.grid.width, (1 - uv.v) * plane.grid.height, pv);
    plane.mesh.updateWorldMatrix(true, false);
    plane.mesh.localToWorld(pv);
    pv.project(camera);
    const rect = canvas.getBoundingClientRect();
    return {
      x: rect.left + ((pv.x + 1) / 2) * rect.width,
      y: rect.top + ((1 - pv.y) / 2) * rect.height,
    };
  }

  /** Each named station's box in the room (world space), written into `out`. */
  stationBox(name: StationName, out: Box3): Box3 {
    out.makeEmpty();
    // Before the first render the stations' world matrices are not computed yet.
    this.stack.root.updateMatrixWorld();
    for (const o of this.network.parts[name]) out.expandByObject(o);
    return out;
  }

  /**
   * Where a station is on screen: the rectangle around its box's projected corners, in CSS
   * pixels of the page (a test hook, and how a learner's eye finds it).
   */
  stationScreenRect(
    name: StationName,
    camera: PerspectiveCamera,
    canvas: HTMLCanvasElement,
  ): { x: number; y: number; width: number; height: number } {
    this.stationBox(name, box);
    camera.updateMatrixWorld();
    const rect = canvas.getBoundingClientRect();
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < 8; i++) {
      pv.set(
        i & 1 ? box.max.x : box.min.x,
        i & 2 ? box.max.y : box.min.y,
        i & 4 ? box.max.z : box.min.z,
      );
      pv.project(camera);
      const x = rect.left + ((pv.x + 1) / 2) * rect.width;
      const y = rect.top + ((1 - pv.y) / 2) * rect.height;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
    return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  }

  /** Where filter f's kernel is in the room (world space, m): a test hook for aiming. */
  kernelWorldPoint(layer: ConvLayerId, f: number): { x: number; y: number; z: number } {
    const plane = this.network.kernelPlane(layer);
    const uv = kernelCenterUv(this.network.kernelAtlases[layer], f);
    plane.texelToLocal(uv.u * plane.grid.width, (1 - uv.v) * plane.grid.height, pv);
    plane.mesh.updateWorldMatrix(true, false);
    plane.mesh.localToWorld(pv);
    return { x: pv.x, y: pv.y, z: pv.z };
  }

  /** After a WebGL context restore: every texture goes up again. */
  reupload(): void {
    this.network.reupload();
    this.selection.reupload();
    this.legendTexture.needsUpdate = true;
    this.legendLabel.markDirty();
  }

  dispose(): void {
    this.network.dispose();
    this.selection.dispose();
    this.legendLabel.dispose();
    this.legendTexture.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
