/**
 * Highlights drawn as instances of one unit quad in world space: a square outline is four bars, a
 * lit pixel is one quad. Everything a selection lights (up to 32 windows on conv2's input, the
 * kernel's and the map's outlines, the output pixel) is then one draw call per eye, where one mesh
 * per outline cost one each (Meta asks for under 100 a frame on Quest, both eyes counted).
 *
 * Quads are placed on a parent's plane in its local metres and carried to world space with the
 * parent's world matrix (the caller keeps it current). The methods below run every frame: they
 * only write preallocated matrices (scratch below), no allocation.
 */
import {
  InstancedMesh,
  Matrix4,
  MeshBasicMaterial,
  type Object3D,
  PlaneGeometry,
  Quaternion,
  Vector3,
} from 'three';

/** One bar of an outline, in units of the outline's side: centre (x, y), size w x h. */
export interface Bar {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * The four bars of a unit square outline (outer edge at +-0.5) whose border is `t` of the side:
 * top and bottom span the whole width, left and right fill the height between them.
 */
export function outlineBars(t: number): readonly Bar[] {
  const mid = 0.5 - t / 2;
  const inner = 1 - 2 * t;
  return [
    { x: 0, y: mid, w: 1, h: t },
    { x: 0, y: -mid, w: 1, h: t },
    { x: -mid, y: 0, w: t, h: inner },
    { x: mid, y: 0, w: t, h: inner },
  ];
}

// Per-frame scratch (hot path: no allocation).
const centre = new Vector3();
const size = new Vector3();
const noRotation = new Quaternion();
const local = new Matrix4();
const world = new Matrix4();

export class HighlightQuads {
  readonly mesh: InstancedMesh<PlaneGeometry, MeshBasicMaterial>;
  private used = 0;

  constructor(
    color: number,
    private readonly capacity: number,
  ) {
    this.mesh = new InstancedMesh(
      new PlaneGeometry(1, 1),
      new MeshBasicMaterial({ color, toneMapped: false }),
      capacity,
    );
    this.mesh.name = 'selection-highlights';
    // The instances are in world space, anywhere in the room: the unit quad's bounds say nothing.
    this.mesh.frustumCulled = false;
    this.mesh.count = 0;
  }

  /** Starts a new set of quads (the previous frame's are replaced). */
  begin(): void {
    this.used = 0;
  }

  /** A w x h quad centred at (x, y, z) in `parent`'s local metres. Quads past capacity are dropped. */
  quad(parent: Object3D, x: number, y: number, z: number, w: number, h: number): void {
    if (this.used >= this.capacity) return;
    local.compose(centre.set(x, y, z), noRotation, size.set(w, h, 1));
    world.multiplyMatrices(parent.matrixWorld, local);
    this.mesh.setMatrixAt(this.used++, world);
  }

  /** A w x h square outline centred at (x, y, z) in `parent`'s local metres. */
  outline(
    parent: Object3D,
    x: number,
    y: number,
    z: number,
    w: number,
    h: number,
    bars: readonly Bar[],
  ): void {
    for (let i = 0; i < bars.length; i++) {
      const b = bars[i]!;
      this.quad(parent, x + b.x * w, y + b.y * h, z, b.w * w, b.h * h);
    }
  }

  /** Ends the set: draws the quads placed since begin(). */
  end(): void {
    this.mesh.count = this.used;
    this.mesh.instanceMatrix.needsUpdate = true;
  }

  dispose(): void {
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
    this.mesh.dispose();
  }
}
