/**
 * The network as objects in the room: each layer's kernels and maps as one atlas texture of raw
 * values, standing in the stations of a StationStack, and the outputs (outputView.ts). Snapshots
 * are queued as they arrive and applied at the start of the next frame: laid out into the
 * textures' own float arrays and uploaded before any draw (the shader colours them);
 * intermediate snapshots are dropped.
 */
import type { Group, Object3D, WebGLRenderer } from 'three';
import {
  ACTIVATION_SHAPES,
  CONV1,
  CONV2,
  type ConvLayerId,
  DENSE1_UNITS,
  type LayerId,
  NUM_CLASSES,
  type StationName,
} from '../network';
import type { SharingMode } from '../config/schema';
import type { InferenceResult, Snapshot } from '../protocol';
import { type KernelAtlas, fillKernelAtlas, fillMapAtlas, kernelAtlas, mapAtlas } from './atlas';
import { GUTTER_VALUE, symmetricRange } from './colorMap';
import { AtlasPlane } from './frames';
import { refreshTurns } from '../ui/refreshTurns';
import { Label } from './label';
import { ROOM, type StationId, type StationStack } from './layout';
import { Mosaic } from './mosaic';
import { OutputView } from './outputView';
import type { ColourRanges } from '../ui/legend';

export class NetworkView {
  /** Everything that moves when the user pulls the network closer or pushes it away. */
  readonly root: Group;
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
  /** Without sharing only: conv1's per-position kernels. Null for the shared network. */
  readonly mosaic: Mosaic | null;
  readonly output: OutputView;
  readonly kernelAtlases: Readonly<Record<ConvLayerId, KernelAtlas>>;
  readonly ranges: ColourRanges = {
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
  /** Step of the network whose maps are on screen (the probe's, or the learner's digit's). */
  mapsStep: number | null = null;

  private pending: Snapshot | null = null;
  private pendingMapsStep: number | null = null;
  /**
   * Scrubbed back in the kernels' history: the kept probe maps stay on screen, and answers for
   * the learner's digit (from the live network) wait until the view is live again.
   */
  private historic = false;
  private latest: Snapshot | null = null;
  /**
   * The learner's digit (drawn or picked) and the network's answer: once there is one, the maps
   * and bars show it instead of the snapshots' fixed probe digit.
   */
  private answerPending: InferenceResult | null = null;
  private answer: InferenceResult | null = null;
  private readonly labels: Label[] = [];
  /** Titles and planes placed in each station, in order. */
  private readonly placed = new Map<StationId, Object3D[]>();
  private readonly inputLabel: Label;
  private outputLabel = -1;

  private readonly kernelLabels: Readonly<Record<ConvLayerId, Label>>;
  /** What makes up each named station on screen (dense1 and output share the head station). */
  readonly parts: Readonly<Record<StationName, Object3D[]>>;

  /**
   * `withMosaic` builds the mosaic even for a shared network: a page that compares shows either
   * twin's snapshots and switches with setSharing.
   */
  constructor(
    private readonly stack: StationStack,
    sharing: SharingMode = 'conv',
    withMosaic = sharing === 'none',
  ) {
    this.root = stack.root;
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

    this.inputLabel = this.place('input', this.input, 'input: probe digit');
    this.mosaic = withMosaic || sharing === 'none' ? new Mosaic(stack) : null;
    this.planes = [
      this.input,
      this.conv1Kernels,
      this.conv1Maps,
      this.pool1,
      this.conv2Kernels,
      this.conv2Maps,
      this.pool2,
      this.dense1,
      ...(this.mosaic ? [this.mosaic.plane] : []),
    ];
    const conv1Title = this.place('conv1', this.conv1Kernels, kernelTitle('conv1', sharing));
    this.place('conv1', this.conv1Maps, 'conv1 maps · 32 × 26×26');
    this.place('conv1', this.pool1, 'pool1 · 32 × 13×13');
    const conv2Title = this.place('conv2', this.conv2Kernels, kernelTitle('conv2', sharing));
    this.kernelLabels = { conv1: conv1Title, conv2: conv2Title };
    this.place('conv2', this.conv2Maps, 'conv2 maps · 64 × 11×11');
    this.place('conv2', this.pool2, 'pool2 · 64 × 5×5');
    const dense1Title = this.place('head', this.dense1, 'dense1 · 128 units');
    this.output = new OutputView(stack);
    this.parts = {
      // Each station's titled planes (the room adds its legend to the input's), not what comes
      // and goes (a selection's sentence, a gradient board): framing stays still while one hovers.
      input: [
        ...(this.placed.get('input') ?? []),
        ...(this.mosaic ? [this.mosaic.label.mesh, this.mosaic.plane.mesh] : []),
      ],
      conv1: this.placed.get('conv1') ?? [],
      conv2: this.placed.get('conv2') ?? [],
      dense1: [dense1Title.mesh, this.dense1.mesh],
      output: [this.output.title.mesh, this.output.bars, this.output.strip],
    };
  }

  private place(id: StationId, plane: AtlasPlane, title: string): Label {
    const label = new Label(title);
    this.stack.placeTitled(id, label, plane, title.split(' · ')[0] ?? title);
    this.labels.push(label);
    const list = this.placed.get(id) ?? [];
    list.push(label.mesh, plane.mesh);
    this.placed.set(id, list);
    return label;
  }

  /** Which network's snapshots the view shows: the kernel titles and the mosaic follow. */
  setSharing(sharing: SharingMode): void {
    this.kernelLabels.conv1.setText(kernelTitle('conv1', sharing));
    this.kernelLabels.conv2.setText(kernelTitle('conv2', sharing));
    if (!this.mosaic) return;
    this.mosaic.plane.mesh.visible = sharing === 'none';
    this.mosaic.label.mesh.visible = sharing === 'none';
  }

  kernelPlane(layer: ConvLayerId): AtlasPlane {
    return layer === 'conv1' ? this.conv1Kernels : this.conv2Kernels;
  }

  /**
   * Keep the newest snapshot; it is applied at the start of the next frame. `mapsStep` is the
   * step its activations come from, when they are not its own (a kept entry without maps).
   */
  queue(s: Snapshot, mapsStep = s.step): void {
    this.pending = s;
    this.pendingMapsStep = mapsStep;
  }

  /** Scrubbed back (true) or live (false): see `historic`. */
  setHistoric(on: boolean): void {
    this.historic = on;
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
    if (answer) this.answer = answer;
    if (this.historic) {
      // The kept maps (laid out by fill) stay; a newer answer waits for the live view.
    } else if (answer) {
      this.fillActivations(answer.activations, answer.label, answer.prediction);
      this.inputLabel.setText(inputTitle(answer));
      this.mapsStep = answer.step;
    } else if (s && this.answer) {
      // The snapshot laid out the fixed probe's maps: put the learner's digit back over them.
      this.fillActivations(this.answer.activations, this.answer.label, this.answer.prediction);
      this.inputLabel.setText(inputTitle(this.answer));
      this.mapsStep = this.answer.step;
    }
    for (const p of this.planes) {
      p.texture.needsUpdate = true;
      renderer.initTexture(p.texture);
    }
    this.applied++;
    this.shownStep = s?.step ?? this.shownStep;
    // This frame has had its lump: periodic refreshes (a label, the HUD) wait for the next one.
    refreshTurns.take();
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
    return this.mosaic?.state() ?? null;
  }

  /** Shows filter f's per-position kernels in the mosaic (from the next frame's start). */
  setMosaicFilter(f: number): void {
    if (!this.mosaic?.setFilter(f)) return;
    if (this.latest && !this.pending) this.pending = this.latest;
  }

  /** After a context restore: everything must go up again, from the latest snapshot. */
  reupload(): void {
    if (this.latest) this.pending = this.latest;
    if (this.answer) this.answerPending = this.answer;
    for (const p of this.planes) p.texture.needsUpdate = true;
    this.output.reupload();
    for (const l of this.labels) l.markDirty();
    this.mosaic?.label.markDirty();
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
    if (this.mosaic && s.conv1Positions) this.mosaic.fill(s.conv1Positions);
    if (this.answer && !this.historic) return; // the learner's digit is shown (applyPending)
    this.mapsStep = this.pendingMapsStep ?? s.step;
    if (s.probeLabel !== this.outputLabel || this.historic) {
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
    this.output.set(a.output, label, prediction);
    this.outputLabel = label ?? -1;
  }

  private fillMap(id: Exclude<LayerId, 'input' | 'output'>, plane: AtlasPlane, v: Float32Array) {
    const range = symmetricRange(v);
    this.ranges[id] = range;
    fillMapAtlas(plane.grid, v, plane.data);
    plane.setRange(range);
  }

  /** Per frame: the output strip's redraw clock. */
  update(dt: number): void {
    this.output.update(dt);
  }

  dispose(): void {
    for (const p of this.planes) p.dispose();
    for (const l of this.labels) l.dispose();
    this.mosaic?.label.dispose();
    this.output.dispose();
  }
}

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

/** Without sharing there is no one kernel per filter: the room shows the centre position's. */
function kernelTitle(layer: ConvLayerId, sharing: SharingMode): string {
  const at = sharing === 'none' ? ' at the centre' : '';
  return layer === 'conv1' ? `conv1 kernels${at} · 32 × 3×3` : `conv2 kernels${at} · 64 × 3×3×32`;
}
