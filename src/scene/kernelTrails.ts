/**
 * Each conv1 kernel's trail in the room: a small line in the gutter under every kernel of the
 * conv1 atlas, its distance from its first kept value over the run (src/history/trailSegments.ts).
 * All 32 are one LineSegments (one draw call), a child of the kernel plane so it moves with it.
 * Updated when a snapshot arrives, never per frame; the vertex buffer is allocated once.
 */
import { BufferAttribute, BufferGeometry, LineBasicMaterial, LineSegments, Vector3 } from 'three';
import type { KeptKernels } from '../history/kernelHistory';
import {
  allTrails,
  fillTrailSegments,
  trailSegmentFloats,
  type TrailBox,
} from '../history/trailSegments';
import { type KernelAtlas, cellOrigin } from './atlas';
import type { AtlasPlane } from './frames';

/** In front of the kernel plane (m), so the lines are not hidden in it. */
const LIFT_M = 0.002;
/** Of the gutter under a kernel, the share the trail's height uses (the rest is a margin). */
const GUTTER_SHARE = 0.8;

export class KernelTrails {
  readonly lines: LineSegments<BufferGeometry, LineBasicMaterial>;
  private readonly positions: Float32Array;
  private readonly boxes: readonly TrailBox[];
  /** The largest distance from the start of any kernel drawn now (a test and HUD reading). */
  maxDistance = 0;
  /** Kept steps the trails were drawn from. */
  points = 0;

  constructor(
    plane: AtlasPlane,
    private readonly atlas: KernelAtlas,
  ) {
    const g = atlas.grid;
    const origin = { x: 0, y: 0 };
    const bottom = new Vector3();
    const top = new Vector3();
    const margin = (g.gutter * (1 - GUTTER_SHARE)) / 2;
    this.boxes = Array.from({ length: g.count }, (_, f) => {
      cellOrigin(g, f, origin);
      // Texel y runs down: the gutter under the cell is rows y + cellH .. y + cellH + gutter.
      plane.texelToLocal(origin.x, origin.y + g.cellH + g.gutter - margin, bottom);
      plane.texelToLocal(origin.x + g.cellW, origin.y + g.cellH + margin, top);
      return { x: bottom.x, y: bottom.y, w: top.x - bottom.x, h: top.y - bottom.y };
    });
    this.positions = new Float32Array(trailSegmentFloats(g.count));
    const geometry = new BufferGeometry();
    // BufferAttribute keeps this very array (Float32BufferAttribute would copy it).
    geometry.setAttribute('position', new BufferAttribute(this.positions, 3));
    this.lines = new LineSegments(
      geometry,
      new LineBasicMaterial({ color: 0xe8ecf2, toneMapped: false }),
    );
    this.lines.name = 'conv1-kernel-trails';
    this.lines.position.z = LIFT_M;
    // Bounds change with the data; the plane behind them is culled (or not) the same way.
    this.lines.frustumCulled = false;
    plane.mesh.add(this.lines);
  }

  /** Redraws every trail from the kept entries (on a snapshot, not per frame). */
  show(entries: readonly KeptKernels[]): void {
    const filters = this.atlas.spec.filters;
    const trails = allTrails(entries, filters);
    this.maxDistance = fillTrailSegments(trails, entries.length, this.boxes, this.positions);
    this.points = entries.length;
    const attr = this.lines.geometry.getAttribute('position');
    attr.needsUpdate = true;
  }

  dispose(): void {
    this.lines.removeFromParent();
    this.lines.geometry.dispose();
    this.lines.material.dispose();
  }
}
