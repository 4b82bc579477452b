/**
 * The kernels' history in VR: a strip along the top of the in-VR panel with a track of the kept steps and a
 * "Live" button. The controller's ray with the trigger held (or a hand's ray while pinching)
 * drags the knob along the track to scrub; "Live" returns. It drives the desktop's timeline
 * (timelinePanel.ts), so both show the same step and status().kernels.shownStep follows either.
 * One more mesh (one draw call): a CanvasTexture redrawn only when what it shows changed, at most
 * a few times a second, never on every frame.
 */
import {
  CanvasTexture,
  type Intersection,
  LinearFilter,
  Mesh,
  MeshBasicMaterial,
  type Object3D,
  PlaneGeometry,
  type Raycaster,
  SRGBColorSpace,
  Vector3,
} from 'three';
import type { View } from '../loop';
import { refreshTurns } from '../ui/refreshTurns';
import type { TimelinePanel } from '../ui/timelinePanel';
import { HISTORY_STRIP, stripHit, stripPixel, trackIndex, trackX } from './historyTrack';
import { PANEL_SIZE } from './panelPose';

/** What the slider needs of the timeline. */
export type Timeline = Pick<TimelinePanel, 'keptSteps' | 'index' | 'live' | 'scrubTo' | 'goLive'>;

const REFRESH_S = 0.25;
/** Gap between the panel's upper edge and the strip (m). */
const GAP_M = 0.012;
const { px, size, track, live: LIVE } = HISTORY_STRIP;

// Scratch for the per-frame drag (no allocation on the hot path).
const hits: Intersection[] = [];
const at = { x: 0, y: 0 };

export class HistorySlider implements View {
  readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  readonly targets: readonly Object3D[];
  private readonly canvas = document.createElement('canvas');
  private readonly texture: CanvasTexture;
  /** Per hand: dragging the knob now. */
  private readonly dragging = [false, false];
  private clock = REFRESH_S;
  /** What was drawn last (redraw only when it changes). */
  private drawn = { index: -1, count: -1, live: false, step: -1 };

  constructor(
    panel: Object3D,
    private readonly timeline: Timeline,
  ) {
    this.canvas.width = px.width;
    this.canvas.height = px.height;
    this.texture = new CanvasTexture(this.canvas);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.minFilter = LinearFilter;
    this.texture.generateMipmaps = false;
    this.mesh = new Mesh(
      new PlaneGeometry(size.width, size.height),
      new MeshBasicMaterial({ map: this.texture, toneMapped: false, transparent: true }),
    );
    this.mesh.name = 'vr-history-slider';
    // Above the panel, in its plane: below it the strip would stand between the hands and the
    // room's drawing pad (a ray to the pad's Clear button met the track first).
    this.mesh.position.set(0, PANEL_SIZE.height / 2 + GAP_M + size.height / 2, 0);
    this.targets = [this.mesh];
    panel.add(this.mesh);
  }

  /** How many kept steps the track spans. */
  get keptCount(): number {
    return this.timeline.keptSteps.length;
  }

  /** The trigger or pinch went down: on the track it takes the knob there, on Live it returns. */
  start(hand: number, raycaster: Raycaster): boolean {
    if (!this.hitPixel(raycaster)) return false;
    const hit = stripHit(at.x, at.y, this.timeline.keptSteps.length);
    if (!hit) return false;
    if (hit.kind === 'live') this.timeline.goLive();
    else {
      this.dragging[hand] = true;
      this.timeline.scrubTo(hit.index);
    }
    this.clock = REFRESH_S;
    return true;
  }

  /** Per frame: while dragging, the knob follows the ray along the track. */
  move(hand: number, raycaster: Raycaster): void {
    if (!this.dragging[hand] || !this.hitPixel(raycaster)) return;
    const index = trackIndex(at.x, this.timeline.keptSteps.length);
    if (index !== this.timeline.index || this.timeline.live) this.timeline.scrubTo(index);
  }

  end(hand: number): void {
    this.dragging[hand] = false;
  }

  /** Per frame: redraw at most every REFRESH_S, and only when the shown step or list changed. */
  update(dt: number): void {
    if (!this.mesh.parent?.visible) return;
    this.clock += dt;
    if (this.clock < REFRESH_S) return;
    const steps = this.timeline.keptSteps;
    const index = this.timeline.index;
    const d = this.drawn;
    const step = steps[index] ?? -1;
    if (d.index === index && d.count === steps.length && d.live === this.timeline.live) {
      if (d.step === step) {
        this.clock = 0;
        return;
      }
    }
    // Another periodic refresh ran this frame: draw on the next (refreshTurns.ts).
    if (!refreshTurns.take(this.clock - REFRESH_S)) return;
    this.clock = 0;
    d.index = index;
    d.count = steps.length;
    d.live = this.timeline.live;
    d.step = step;
    this.draw(steps, index);
  }

  /** Where the ray meets the strip, as a canvas pixel in `at`; false if it misses. */
  private hitPixel(raycaster: Raycaster): boolean {
    if (!this.mesh.parent?.visible) return false;
    hits.length = 0;
    raycaster.intersectObject(this.mesh, false, hits);
    const uv = hits[0]?.uv;
    hits.length = 0;
    if (!uv) return false;
    stripPixel(uv.x, uv.y, at);
    return true;
  }

  private draw(steps: readonly number[], index: number): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const isLive = this.timeline.live;
    ctx.fillStyle = 'rgba(14, 17, 23, 0.92)';
    ctx.fillRect(0, 0, px.width, px.height);
    ctx.strokeStyle = '#2a3140';
    ctx.lineWidth = 4;
    ctx.strokeRect(2, 2, px.width - 4, px.height - 4);
    const font = (size: number, weight = 500) =>
      `${weight} ${size}px system-ui, "DejaVu Sans", sans-serif`;
    ctx.font = font(24);
    ctx.fillStyle = '#8a93a0';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText('Training history', track.x0, 40);
    const step = steps[index];
    ctx.fillStyle = isLive ? '#3dffb5' : '#e8ecf2';
    ctx.font = font(28, 600);
    const shown = step === undefined ? '-' : `step ${step}${isLive ? ' (live)' : ''}`;
    ctx.fillText(shown, track.x0 + 230, 40);
    // The track, a tick per kept step while they fit, and the knob at the step shown.
    ctx.strokeStyle = '#5a6372';
    ctx.lineWidth = 8;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(track.x0, track.y);
    ctx.lineTo(track.x1, track.y);
    ctx.stroke();
    if (steps.length > 0) {
      ctx.fillStyle = isLive ? '#3dffb5' : '#ffa828';
      ctx.beginPath();
      ctx.arc(trackX(index, steps.length), track.y, 18, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.fillStyle = isLive ? '#1d232e' : '#3dffb5';
    ctx.fillRect(LIVE.x, LIVE.y, LIVE.w, LIVE.h);
    ctx.strokeStyle = '#3dffb5';
    ctx.lineWidth = 3;
    ctx.strokeRect(LIVE.x, LIVE.y, LIVE.w, LIVE.h);
    ctx.fillStyle = isLive ? '#8a93a0' : '#0d0f13';
    ctx.font = font(32, 700);
    ctx.textAlign = 'center';
    ctx.fillText('Live', LIVE.x + LIVE.w / 2, LIVE.y + LIVE.h / 2 + 11);
    this.texture.needsUpdate = true;
  }

  /**
   * Where strip pixel (x, y) is in the room (world space, m), or `depth` m in front of it: a
   * test hook for aiming a ray at the track or at Live.
   */
  worldPoint(target: 'live' | number, depth = 0): { x: number; y: number; z: number } {
    const count = this.timeline.keptSteps.length;
    const x = target === 'live' ? LIVE.x + LIVE.w / 2 : trackX(target, count);
    const y = target === 'live' ? LIVE.y + LIVE.h / 2 : track.y;
    const v = new Vector3(
      (x / px.width - 0.5) * size.width,
      (0.5 - y / px.height) * size.height,
      depth,
    );
    this.mesh.updateWorldMatrix(true, false);
    this.mesh.localToWorld(v);
    return { x: v.x, y: v.y, z: v.z };
  }

  reupload(): void {
    this.texture.needsUpdate = true;
  }

  dispose(): void {
    this.mesh.removeFromParent();
    this.texture.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
  }
}
