/**
 * The network as objects in the room: one station per layer along an arc, each layer's kernels
 * and maps as one atlas texture. Snapshots are queued as they arrive and applied at the start of
 * the next frame (colours computed on the CPU into the textures' own byte arrays, then uploaded
 * before any draw); intermediate snapshots are dropped.
 */
import {
  BoxGeometry,
  CanvasTexture,
  Color,
  Group,
  InstancedMesh,
  LinearFilter,
  Matrix4,
  Mesh,
  MeshBasicMaterial,
  PlaneGeometry,
  Quaternion,
  SRGBColorSpace,
  Vector3,
  type WebGLRenderer,
} from 'three';
import {
  ACTIVATION_SHAPES,
  CONV1,
  CONV2,
  DENSE1_UNITS,
  NUM_CLASSES,
  type LayerId,
} from '../network';
import type { SharingMode } from '../config/schema';
import type { InferenceResult, Snapshot } from '../protocol';
import {
  type KernelAtlas,
  cellOrigin,
  fillKernelAtlas,
  fillMapAtlas,
  gridAtlas,
  kernelAtlas,
  mapAtlas,
  texelOffset,
} from './atlas';
import { GUTTER_VALUE, symmetricRange } from './colorMap';
import { AtlasPlane } from './frames';
import { Label } from './label';
import { ROOM, STATIONS, type StationId, stationAngles } from './layout';
import type { ConvLayerId } from './selection';

/** The per-layer colour ranges of the last applied snapshot (for the legends). */
export interface Ranges {
  conv1Kernel: number;
  conv2Kernel: number;
  conv1: number;
  pool1: number;
  conv2: number;
  pool2: number;
  dense1: number;
}

const BAR_TRUE = new Color(0x3dffb5);
const BAR_OTHER = new Color(0xffa828);

// Scratch objects for the output bars (updated per snapshot).
const m4 = new Matrix4();
const q0 = new Quaternion();
const v0 = new Vector3();
const s0 = new Vector3();

export class NetworkView {
  /** Everything that moves when the user pulls the network closer or pushes it away. */
  readonly root = new Group();
  readonly stations = new Map<StationId, Group>();
  readonly input: AtlasPlane;
  readonly conv1Kernels: AtlasPlane;
  readonly conv1Maps: AtlasPlane;
  readonly pool1: AtlasPlane;
  readonly conv2Kernels: AtlasPlane;
  readonly conv2Maps: AtlasPlane;
  readonly pool2: AtlasPlane;
  readonly dense1: AtlasPlane;
  /** Every atlas plane, for uploads and disposal. */
  readonly planes: readonly AtlasPlane[];
  /**
   * Without sharing only: one conv1 filter's own 3x3 kernel at each of its 26x26 positions, the
   * kernels that sharing collapses into one. Null for the shared network.
   */
  readonly mosaic: AtlasPlane | null;
  private mosaicFilter = 0;
  /** The range of the mosaic's last fill; 0 before any per-position kernels arrived. */
  private mosaicRange = 0;
  private mosaicLabel: Label | null = null;
  readonly kernelAtlases: Readonly<Record<ConvLayerId, KernelAtlas>>;
  readonly bars: InstancedMesh<BoxGeometry, MeshBasicMaterial>;
  readonly ranges: Ranges = {
    conv1Kernel: 0,
    conv2Kernel: 0,
    conv1: 0,
    pool1: 0,
    conv2: 0,
    pool2: 0,
    dense1: 0,
  };
  /** Step of the snapshot on screen (null before the first). */
  shownStep: number | null = null;
  /** Count of snapshots applied to the textures. */
  applied = 0;

  private pending: Snapshot | null = null;
  private latest: Snapshot | null = null;
  /**
   * The learner's digit (drawn or picked) and the network's answer: once there is one, the maps
   * and bars show it instead of the snapshots' fixed probe digit.
   */
  private answerPending: InferenceResult | null = null;
  private answer: InferenceResult | null = null;
  /** What the output strip says under the bars: the true label beside the prediction. */
  private outputPrediction = -1;
  private outputTrueLabel: number | null = null;
  private readonly labels: Label[] = [];
  private readonly inputLabel: Label;
  private readonly outputCanvas = document.createElement('canvas');
  private readonly outputTexture: CanvasTexture;
  private readonly outputProbs = new Float32Array(NUM_CLASSES);
  private outputLabel = -1;
  private outputDirty = true;
  /** Next free height (m) in each station, top-down. */
  private readonly cursor = new Map<StationId, number>();
  private barsBaseY = 0;

  constructor(sharing: SharingMode = 'conv') {
    const t = ROOM.texel;
    const c1 = kernelAtlas(CONV1, 8, 1, 1);
    const c2 = kernelAtlas(CONV2, 8, 8, 2);
    this.kernelAtlases = { conv1: c1, conv2: c2 };
    const [, , c1n] = ACTIVATION_SHAPES.conv1;
    this.input = new AtlasPlane(mapAtlas(28, 1, 1, 1), t.input, true);
    this.conv1Kernels = new AtlasPlane(c1.grid, t.conv1Kernels);
    this.conv1Maps = new AtlasPlane(mapAtlas(26, c1n, 8, 2), t.conv1Maps);
    this.pool1 = new AtlasPlane(mapAtlas(13, 32, 8, 1), t.pool1);
    this.conv2Kernels = new AtlasPlane(c2.grid, t.conv2Kernels);
    this.conv2Maps = new AtlasPlane(mapAtlas(11, 64, 8, 1), t.conv2Maps);
    this.pool2 = new AtlasPlane(mapAtlas(5, 64, 8, 1), t.pool2);
    this.dense1 = new AtlasPlane(mapAtlas(1, DENSE1_UNITS, 16, 1), t.dense1);
    const positions = CONV1.outSize * CONV1.outSize;
    this.mosaic =
      sharing === 'none'
        ? new AtlasPlane(gridAtlas(3, 3, positions, CONV1.outSize, 1), MOSAIC_TEXEL)
        : null;
    this.planes = [
      this.input,
      this.conv1Kernels,
      this.conv1Maps,
      this.pool1,
      this.conv2Kernels,
      this.conv2Maps,
      this.pool2,
      this.dense1,
      ...(this.mosaic ? [this.mosaic] : []),
    ];

    const angles = stationAngles(STATIONS, ROOM.radius, ROOM.gap);
    STATIONS.forEach((st, i) => {
      const g = new Group();
      g.name = `station-${st.id}`;
      const a = angles[i] ?? 0;
      g.position.set(ROOM.radius * Math.sin(a), 0, -ROOM.radius * Math.cos(a));
      g.rotation.y = -a; // face the viewer at the centre
      this.stations.set(st.id, g);
      this.cursor.set(st.id, st.top);
      this.root.add(g);
    });

    this.inputLabel = this.place('input', this.input, 'input: probe digit');
    if (this.mosaic) this.mosaicLabel = this.place('input', this.mosaic, mosaicTitle(0));
    // Without sharing there is no one kernel per filter: show the centre position's.
    const at = sharing === 'none' ? ' at the centre' : '';
    this.place('conv1', this.conv1Kernels, `conv1 kernels${at} · 32 × 3×3`);
    this.place('conv1', this.conv1Maps, 'conv1 maps · 32 × 26×26');
    this.place('conv1', this.pool1, 'pool1 · 32 × 13×13');
    this.place('conv2', this.conv2Kernels, `conv2 kernels${at} · 64 × 3×3×32`);
    this.place('conv2', this.conv2Maps, 'conv2 maps · 64 × 11×11');
    this.place('conv2', this.pool2, 'pool2 · 64 × 5×5');
    this.place('head', this.dense1, 'dense1 · 128 units');

    // Output: ten bars (one instanced draw) over a strip of digit labels and probabilities.
    const o = ROOM.output;
    const head = this.station('head');
    const outTitle = new Label('output · p(digit)');
    outTitle.mesh.position.set(0, this.take('head', outTitle.height, ROOM.labelGap), 0);
    head.add(outTitle.mesh);
    this.labels.push(outTitle);
    this.barsBaseY = this.take('head', o.barHeight, 0) - o.barHeight / 2;
    const barMat = new MeshBasicMaterial({ toneMapped: false });
    this.bars = new InstancedMesh(new BoxGeometry(1, 1, 1), barMat, NUM_CLASSES);
    this.bars.name = 'output-bars';
    for (let i = 0; i < NUM_CLASSES; i++) this.bars.setColorAt(i, BAR_OTHER);
    this.bars.frustumCulled = false; // instances move; the base box's bounds do not cover them
    head.add(this.bars);
    this.setBars(this.outputProbs, -1);

    this.outputCanvas.width = 640;
    this.outputCanvas.height = STRIP_PX;
    this.outputTexture = new CanvasTexture(this.outputCanvas);
    this.outputTexture.colorSpace = SRGBColorSpace;
    this.outputTexture.minFilter = LinearFilter;
    const stripH = o.width * (STRIP_PX / 640);
    const strip = new Mesh(
      new PlaneGeometry(o.width, stripH),
      new MeshBasicMaterial({ map: this.outputTexture, transparent: true, toneMapped: false }),
    );
    strip.position.set(0, this.take('head', stripH, ROOM.itemGap), 0);
    head.add(strip);
    this.drawOutputStrip();
  }

  station(id: StationId): Group {
    const g = this.stations.get(id);
    if (!g) throw new Error(`station ${id} missing`);
    return g;
  }

  /**
   * Stacks an item of `height` under the previous one in a station; returns its centre y.
   * `after` is the space left below it.
   */
  take(id: StationId, height: number, after: number): number {
    const top = this.cursor.get(id) ?? 0;
    this.cursor.set(id, top - height - after);
    return top - height / 2;
  }

  private place(id: StationId, plane: AtlasPlane, title: string): Label {
    const g = this.station(id);
    const label = new Label(title);
    label.mesh.position.set(0, this.take(id, label.height, ROOM.labelGap), 0.001);
    g.add(label.mesh);
    this.labels.push(label);
    plane.mesh.name = title.split(' · ')[0] ?? title;
    plane.mesh.position.set(0, this.take(id, plane.heightM, ROOM.itemGap), 0);
    g.add(plane.mesh);
    return label;
  }

  kernelPlane(layer: ConvLayerId): AtlasPlane {
    return layer === 'conv1' ? this.conv1Kernels : this.conv2Kernels;
  }

  /** Keep the newest snapshot; it is applied at the start of the next frame. */
  queue(s: Snapshot): void {
    this.pending = s;
  }

  /**
   * Frame start: lay the newest snapshot out into the textures and upload them now, before any
   * draw (mid-frame uploads break multiview on Quest). Returns true if anything changed.
   */
  applyPending(renderer: WebGLRenderer): boolean {
    const s = this.pending;
    const answer = this.answerPending;
    if (!s && !answer) return false;
    this.pending = null;
    this.answerPending = null;
    if (s) {
      this.latest = s;
      this.fill(s);
    }
    if (answer) {
      this.answer = answer;
      this.fillActivations(answer.activations, answer.label, answer.prediction);
      this.inputLabel.setText(inputTitle(answer));
    } else if (s && this.answer) {
      // The snapshot laid out the fixed probe's maps: put the learner's digit back over them.
      this.fillActivations(this.answer.activations, this.answer.label, this.answer.prediction);
    }
    for (const p of this.planes) {
      p.texture.needsUpdate = true;
      renderer.initTexture(p.texture);
    }
    this.applied++;
    this.shownStep = s?.step ?? this.shownStep;
    return true;
  }

  /**
   * What the maps show, for tests: the answer on screen (null: the fixed probe) and a checksum of
   * conv1's maps as laid out (it changes when the digit or the weights do).
   */
  shownDigit(): { answerId: number | null; step: number | null; conv1Checksum: number } {
    let sum = 0;
    const d = this.conv1Maps.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i] ?? 0;
      if (v !== GUTTER_VALUE) sum += v * ((i % 7) + 1);
    }
    return {
      answerId: this.answer?.id ?? null,
      step: this.answer?.step ?? null,
      conv1Checksum: sum,
    };
  }

  /** Keep the newest answer for the learner's digit; it is applied at the next frame's start. */
  queueAnswer(r: InferenceResult): void {
    this.answerPending = r;
  }

  /** What the mosaic shows (test hook and HUD), or null for the shared network. */
  mosaicState(): { filter: number; positions: number; range: number } | null {
    if (!this.mosaic) return null;
    return {
      filter: this.mosaicFilter,
      positions: this.mosaic.grid.count,
      range: this.mosaicRange,
    };
  }

  /** Shows filter f's per-position kernels in the mosaic (from the next frame's start). */
  setMosaicFilter(f: number): void {
    if (!this.mosaic || f === this.mosaicFilter) return;
    this.mosaicFilter = f;
    this.mosaicLabel?.setText(mosaicTitle(f));
    if (this.latest && !this.pending) this.pending = this.latest;
  }

  /** After a context restore: everything must go up again, from the latest snapshot. */
  reupload(): void {
    if (this.latest) this.pending = this.latest;
    if (this.answer) this.answerPending = this.answer;
    for (const p of this.planes) p.texture.needsUpdate = true;
    this.outputTexture.needsUpdate = true;
    for (const l of this.labels) l.markDirty();
  }

  private fill(s: Snapshot): void {
    const r = this.ranges;
    const a = s.activations;
    r.conv1Kernel = symmetricRange(s.conv1Kernel);
    r.conv2Kernel = symmetricRange(s.conv2Kernel);
    fillKernelAtlas(this.kernelAtlases.conv1, s.conv1Kernel, this.conv1Kernels.data);
    fillKernelAtlas(this.kernelAtlases.conv2, s.conv2Kernel, this.conv2Kernels.data);
    this.conv1Kernels.setRange(r.conv1Kernel);
    this.conv2Kernels.setRange(r.conv2Kernel);
    if (this.mosaic && s.conv1Positions) {
      this.mosaicRange = fillMosaic(this.mosaic, s.conv1Positions, this.mosaicFilter);
      this.mosaic.setRange(this.mosaicRange);
    }
    if (this.answer) return; // the learner's digit is shown over these (applyPending)
    if (s.probeLabel !== this.outputLabel) {
      this.inputLabel.setText(`input: probe digit (label ${s.probeLabel})`);
    }
    this.fillActivations(a, s.probeLabel, argMax(a.output));
  }

  /** One digit's maps, bars and output strip: the fixed probe's, or the learner's. */
  private fillActivations(a: Snapshot['activations'], label: number | null, prediction: number) {
    fillMapAtlas(this.input.grid, a.input, this.input.data);
    this.fillMap('conv1', this.conv1Maps, a.conv1);
    this.fillMap('pool1', this.pool1, a.pool1);
    this.fillMap('conv2', this.conv2Maps, a.conv2);
    this.fillMap('pool2', this.pool2, a.pool2);
    this.fillMap('dense1', this.dense1, a.dense1);
    this.setBars(a.output, label ?? -1);
    this.outputLabel = label ?? -1;
    this.outputTrueLabel = label;
    this.outputPrediction = prediction;
    this.outputProbs.set(a.output.subarray(0, NUM_CLASSES));
    this.outputDirty = true;
  }

  private fillMap(id: Exclude<LayerId, 'input' | 'output'>, plane: AtlasPlane, v: Float32Array) {
    const range = symmetricRange(v);
    this.ranges[id] = range;
    fillMapAtlas(plane.grid, v, plane.data);
    plane.setRange(range);
  }

  private setBars(probs: Float32Array, label: number): void {
    const o = ROOM.output;
    const pitch = o.width / NUM_CLASSES;
    for (let i = 0; i < NUM_CLASSES; i++) {
      const p = Math.min(1, Math.max(0, probs[i] ?? 0));
      const h = Math.max(0.004, p * o.barHeight);
      v0.set(-o.width / 2 + pitch * (i + 0.5), this.barsBaseY + h / 2, 0);
      s0.set(pitch * 0.62, h, 0.03);
      this.bars.setMatrixAt(i, m4.compose(v0, q0, s0));
      this.bars.setColorAt(i, i === label ? BAR_TRUE : BAR_OTHER);
    }
    this.bars.instanceMatrix.needsUpdate = true;
    if (this.bars.instanceColor) this.bars.instanceColor.needsUpdate = true;
  }

  /** Redraws the digit/probability strip at most this often (it is text: a canvas redraw). */
  private stripClock = 0;
  update(dt: number): void {
    this.stripClock += dt;
    if (this.outputDirty && this.stripClock >= 0.5) {
      this.stripClock = 0;
      this.outputDirty = false;
      this.drawOutputStrip();
    }
  }

  private drawOutputStrip(): void {
    const c = this.outputCanvas;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, c.width, c.height);
    const pitch = c.width / NUM_CLASSES;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < NUM_CLASSES; i++) {
      const x = pitch * (i + 0.5);
      const isLabel = i === this.outputLabel;
      ctx.fillStyle = isLabel ? '#3dffb5' : '#e8ecf2';
      ctx.font = '700 58px system-ui, "DejaVu Sans", sans-serif';
      ctx.fillText(String(i), x, 42);
      ctx.fillStyle = isLabel ? '#3dffb5' : '#9aa3b0';
      ctx.font = '600 22px system-ui, "DejaVu Sans", sans-serif';
      const p = this.outputProbs[i] ?? 0;
      ctx.fillText(this.shownStep === null ? '–' : `${Math.round(p * 100)}%`, x, 110);
    }
    if (this.outputPrediction >= 0) {
      // The true label beside the prediction; a mistake is marked in red.
      const t = this.outputTrueLabel;
      const wrong = t !== null && t !== this.outputPrediction;
      ctx.fillStyle = t === null ? '#e8ecf2' : wrong ? '#ff6b6b' : '#3dffb5';
      ctx.font = '700 34px system-ui, "DejaVu Sans", sans-serif';
      const said = `predicts ${this.outputPrediction}`;
      const text =
        t === null ? `drawn: ${said}` : `label ${t} · ${said}${wrong ? ' ✗ mistake' : ' ✓'}`;
      ctx.fillText(text, c.width / 2, 176);
    }
    this.outputTexture.needsUpdate = true;
  }

  dispose(): void {
    for (const p of this.planes) p.dispose();
    for (const l of this.labels) l.dispose();
    this.bars.geometry.dispose();
    this.bars.material.dispose();
    this.bars.dispose();
    this.outputTexture.dispose();
  }
}

/** Height (px, of 640 wide) of the output strip: digits, probabilities, label and prediction. */
const STRIP_PX = 210;

function argMax(v: Float32Array): number {
  let best = 0;
  for (let i = 1; i < NUM_CLASSES; i++) if ((v[i] ?? 0) > (v[best] ?? 0)) best = i;
  return best;
}

function inputTitle(r: InferenceResult): string {
  return r.source === 'drawn'
    ? 'input: your drawing'
    : `input: ${r.source === 'heldout' ? 'held-out' : 'training'} digit #${r.index} (label ${r.label})`;
}

/** Metres per texel of the mosaic: 105 texels, about as wide as the input digit. */
const MOSAIC_TEXEL = 0.0042;

function mosaicTitle(f: number): string {
  return `no sharing: filter ${f}'s own kernel at 26×26 positions`;
}

// Scratch cell origin for fillMosaic (runs at frame start when a snapshot lands: no allocation).
const cell = { x: 0, y: 0 };

/**
 * Lays filter f's kernel at every position ([positions, 9, filters], position = y * 26 + x) into
 * the mosaic, cell p at row y, column x; returns the symmetric range of what it wrote.
 */
function fillMosaic(plane: AtlasPlane, perPosition: Float32Array, f: number): number {
  const a = plane.grid;
  const k = CONV1.kernelSize;
  const weights = k * k * CONV1.inChannels;
  const filters = CONV1.filters;
  let range = 0;
  for (let p = 0; p < a.count; p++) {
    cellOrigin(a, p, cell);
    for (let i = 0; i < weights; i++) {
      const v = perPosition[(p * weights + i) * filters + f] ?? 0;
      const m = Math.abs(v);
      if (m > range) range = m;
      plane.data[texelOffset(a, cell.x + (i % k), cell.y + Math.floor(i / k))] = v;
    }
  }
  return range;
}
