/**
 * How the selected kernel learns, in the room: each position's contribution to its gradient on
 * the probe digit as a mosaic of small kernels laid over the input digit (where on the digit it
 * learns from), a heat map of their magnitude, their sum (the kernel's gradient) and the update
 * Adam applied at the last step. Without sharing: the same mosaic, and no sum.
 *
 * Nothing here runs per frame: a gradient is laid out and uploaded at the start of the frame after
 * it arrives (applyPending), like a snapshot.
 */
import {
  DataTexture,
  FloatType,
  Group,
  Mesh,
  NearestFilter,
  type Object3D,
  PlaneGeometry,
  RedFormat,
  ShaderMaterial,
  type WebGLRenderer,
} from 'three';
import type { KernelGradient } from '../protocol';
import { atlasBuffer, fillMapAtlas, gridAtlas, mapAtlas, type GridAtlas } from './atlas';
import { ATLAS_VERTEX_SHADER, MIN_RANGE, NEGATIVE, POSITIVE } from './colorMap';
import { AtlasPlane } from './frames';
import { type LabelStyle } from './label';
import { TextSheet } from './textSheet';
import {
  fillContributionMosaic,
  maxValue,
  mosaicGrid,
  mosaicSpan,
  POSITION_SIDE,
} from './gradientMosaic';

type ConvLayer = KernelGradient['layer'];
const LAYERS: readonly ConvLayer[] = ['conv1', 'conv2'];

/** Sizes on the board (m). */
const BOARD = {
  heat: 0.15,
  kernel: 0.075,
  gap: 0.045,
  /** Lift of the overlay off the digit, so they never z-fight. */
  lift: 0.004,
} as const;

const rgb = (c: readonly number[]) => c.map((v) => (v / 255).toFixed(4)).join(', ');

/**
 * The mosaic over the digit: gutters are holes (the digit shows through them) and a contribution
 * is as opaque as it is large, so the strokes it learns from stay visible under small ones.
 */
const OVERLAY_FRAGMENT_SHADER = /* glsl */ `
precision highp float;
uniform sampler2D values;
uniform float range;
varying vec2 vUv;
void main() {
  float v = texture2D(values, vUv).r;
  if (v > 1.0e37) discard;
  float t = clamp(v / range, -1.0, 1.0);
  vec3 end = t >= 0.0 ? vec3(${rgb(POSITIVE)}) : vec3(${rgb(NEGATIVE)});
  float a = sqrt(abs(t));
  if (a < 0.04) discard;
  gl_FragColor = vec4(end, 0.25 + 0.75 * a);
}`;

interface Overlay {
  readonly grid: GridAtlas;
  readonly data: Float32Array;
  readonly texture: DataTexture;
  readonly mesh: Mesh<PlaneGeometry, ShaderMaterial>;
}

function overlay(layer: ConvLayer, metresPerInputPixel: number): Overlay {
  const grid = mosaicGrid(POSITION_SIDE[layer], 3);
  const data = atlasBuffer(grid);
  const texture = new DataTexture(data, grid.width, grid.height, RedFormat, FloatType);
  texture.internalFormat = 'R32F';
  texture.magFilter = NearestFilter;
  texture.minFilter = NearestFilter;
  texture.generateMipmaps = false;
  const side = mosaicSpan(layer) * metresPerInputPixel;
  const mesh = new Mesh(
    new PlaneGeometry(side, side),
    new ShaderMaterial({
      uniforms: { values: { value: texture }, range: { value: 1 } },
      vertexShader: ATLAS_VERTEX_SHADER,
      fragmentShader: OVERLAY_FRAGMENT_SHADER,
      transparent: true,
      depthWrite: false,
      toneMapped: false,
    }),
  );
  mesh.position.z = BOARD.lift;
  mesh.visible = false;
  mesh.name = `gradient-mosaic-${layer}`;
  return { grid, data, texture, mesh };
}

/** The board's text: its title and a caption under each picture, all on one sheet. */
const TEXT: LabelStyle = {
  lineHeight: 0.026,
  px: 44,
  color: '#d8fff0',
  background: null,
  weight: 500,
  align: 'center',
  maxWidth: 0.45,
};
/** Widths the title and the captions wrap at (m). */
const WRAP = { title: 0.45, heat: BOARD.heat + 0.02, kernel: BOARD.kernel + BOARD.gap - 0.01 };

/** What the view shows now (test hook), or null when nothing is shown. */
export interface GradientViewState {
  layer: ConvLayer;
  filter: number;
  step: number;
  positions: number;
  /** Largest |contribution| in the mosaic. */
  mosaicRange: number;
  sum: boolean;
  update: boolean;
}

export class GradientView {
  /** The board (heat map, sum, update); placed by whoever owns the layout. */
  readonly board = new Group();
  private readonly overlays: Record<ConvLayer, Overlay>;
  private readonly heat: Record<ConvLayer, AtlasPlane>;
  private readonly sum = new AtlasPlane(gridAtlas(3, 3, 1, 1, 1), BOARD.kernel / 5);
  private readonly update = new AtlasPlane(gridAtlas(3, 3, 1, 1, 1), BOARD.kernel / 5);
  private readonly text = new TextSheet(TEXT);
  /** Where the captions go: x of each picture, the heat map caption's middle (m). */
  private readonly captions: { heatX: number; heatY: number; sumX: number; updateX: number };
  private pending: KernelGradient | null = null;
  private shown: GradientViewState | null = null;

  /**
   * @param digit the input digit's plane: the mosaic is laid over it.
   * @param metresPerInputPixel the size of one digit pixel on that plane.
   */
  constructor(digit: Object3D, metresPerInputPixel: number) {
    this.overlays = {
      conv1: overlay('conv1', metresPerInputPixel),
      conv2: overlay('conv2', metresPerInputPixel),
    };
    for (const l of LAYERS) digit.add(this.overlays[l].mesh);
    this.heat = {
      conv1: new AtlasPlane(mapAtlas(26, 1, 1, 1), BOARD.heat / 28),
      conv2: new AtlasPlane(mapAtlas(11, 1, 1, 1), BOARD.heat / 13),
    };
    const b = this.board;
    b.name = 'gradient-board';
    b.visible = false;
    b.add(this.text.mesh);
    // Row: heat map | sum | update, centres along x; labels under each.
    const row = -0.05 - BOARD.heat / 2;
    const heatX = -(BOARD.heat + BOARD.kernel + BOARD.gap) / 2;
    const sumX = heatX + BOARD.heat / 2 + BOARD.gap + BOARD.kernel / 2;
    const updateX = sumX + BOARD.kernel + BOARD.gap;
    for (const l of LAYERS) {
      this.heat[l].mesh.position.set(heatX, row, 0);
      b.add(this.heat[l].mesh);
    }
    this.sum.mesh.position.set(sumX, row + BOARD.heat / 2 - BOARD.kernel / 2, 0);
    this.update.mesh.position.set(updateX, row + BOARD.heat / 2 - BOARD.kernel / 2, 0);
    b.add(this.sum.mesh, this.update.mesh);
    this.captions = { heatX, heatY: row - BOARD.heat / 2 - 0.03, sumX, updateX };
  }

  /** Keeps the newest gradient for the next frame start. */
  queue(g: KernelGradient): void {
    this.pending = g;
  }

  /** The selection changed: hide what belonged to the old kernel until the new one's arrives. */
  clear(): void {
    this.pending = null;
    this.shown = null;
    this.board.visible = false;
    for (const l of LAYERS) this.overlays[l].mesh.visible = false;
  }

  state(): GradientViewState | null {
    return this.shown ? { ...this.shown } : null;
  }

  /** Frame start: lays out and uploads the newest gradient, before any draw. */
  applyPending(renderer: WebGLRenderer): boolean {
    const g = this.pending;
    if (!g) return false;
    this.pending = null;
    const o = this.overlays[g.layer];
    const mosaicRange = fillContributionMosaic(o.grid, g.contributions, o.data);
    o.mesh.material.uniforms.range!.value = Math.max(mosaicRange, MIN_RANGE);
    o.texture.needsUpdate = true;
    renderer.initTexture(o.texture);
    const heat = this.heat[g.layer];
    fillMapAtlas(heat.grid, g.magnitudes, heat.data);
    heat.setRange(maxValue(g.magnitudes));
    this.upload(renderer, heat);
    this.show3x3(renderer, this.sum, g.sum);
    this.show3x3(renderer, this.update, g.update);
    for (const l of LAYERS) {
      this.overlays[l].mesh.visible = l === g.layer;
      this.heat[l].mesh.visible = l === g.layer;
    }
    const channels = g.layer === 'conv2' ? ' (summed over 32 input channels)' : '';
    const where = g.sharing === 'none' ? ' (centre position)' : '';
    const c = this.captions;
    // Captions hang under their pictures, however many lines they wrap to.
    const under = this.sum.mesh.position.y - BOARD.kernel / 2 - 0.008;
    this.text.set([
      {
        text:
          `${g.layer} kernel ${g.filter} learns from ${g.positions} positions of the digit ` +
          `(label ${g.probeLabel}), step ${g.step}${channels}`,
        x: 0,
        y: 0,
        maxWidth: WRAP.title,
      },
      {
        text: '|contribution| per position',
        x: c.heatX,
        y: c.heatY,
        middle: true,
        maxWidth: WRAP.heat,
      },
      {
        text: g.sum
          ? `sum = gradient (vs tfjs ${g.sumRelativeError.toExponential(0)})`
          : 'no sum: each position keeps its own',
        x: c.sumX,
        y: under,
        maxWidth: WRAP.kernel,
      },
      {
        text: g.update ? `Adam's last update${where}` : 'no update yet',
        x: c.updateX,
        y: under,
        maxWidth: WRAP.kernel,
      },
    ]);
    this.board.visible = true;
    this.shown = {
      layer: g.layer,
      filter: g.filter,
      step: g.step,
      positions: g.positions,
      mosaicRange,
      sum: g.sum !== null,
      update: g.update !== null,
    };
    return true;
  }

  /** Re-uploads every texture (after a context restore). */
  reupload(): void {
    for (const l of LAYERS) {
      this.overlays[l].texture.needsUpdate = true;
      this.heat[l].texture.needsUpdate = true;
    }
    this.sum.texture.needsUpdate = true;
    this.update.texture.needsUpdate = true;
    this.text.markDirty();
  }

  dispose(): void {
    for (const l of LAYERS) {
      const o = this.overlays[l];
      o.mesh.removeFromParent();
      o.texture.dispose();
      o.mesh.geometry.dispose();
      o.mesh.material.dispose();
      this.heat[l].dispose();
    }
    this.sum.dispose();
    this.update.dispose();
    this.text.dispose();
    this.board.removeFromParent();
  }

  private show3x3(renderer: WebGLRenderer, plane: AtlasPlane, values: Float32Array | null): void {
    plane.mesh.visible = values !== null;
    if (!values) return;
    fillMapAtlas(plane.grid, values, plane.data);
    let range = 0;
    for (let i = 0; i < values.length; i++) range = Math.max(range, Math.abs(values[i]!));
    plane.setRange(range);
    this.upload(renderer, plane);
  }

  private upload(renderer: WebGLRenderer, plane: AtlasPlane): void {
    plane.texture.needsUpdate = true;
    renderer.initTexture(plane.texture);
  }
}
