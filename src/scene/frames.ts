/**
 * Geometry and helpers shared by the views: a flat square outline (for windows and highlights)
 * and a DataTexture-backed atlas plane.
 */
import {
  BufferGeometry,
  DataTexture,
  Float32BufferAttribute,
  FloatType,
  Mesh,
  NearestFilter,
  PlaneGeometry,
  RedFormat,
  ShaderMaterial,
  type Vector3,
} from 'three';
import { type GridAtlas, atlasBuffer } from './atlas';
import { ATLAS_FRAGMENT_SHADER, ATLAS_VERTEX_SHADER, MIN_RANGE } from './colorMap';

/**
 * A unit square outline in the xy plane (outer edge at +-0.5) whose border is `t` of the side.
 * Eight triangles: four bars.
 */
export function frameGeometry(t: number): BufferGeometry {
  const o = 0.5;
  const i = 0.5 - t;
  // prettier-ignore
  const quads = [
    [-o, o, o, o, o, i, -o, i], // top
    [-o, -i, o, -i, o, -o, -o, -o], // bottom
    [-o, i, -i, i, -i, -i, -o, -i], // left
    [i, i, o, i, o, -i, i, -i], // right
  ];
  const pos: number[] = [];
  for (const [ax, ay, bx, by, cx, cy, dx, dy] of quads as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ][]) {
    pos.push(ax, ay, 0, dx, dy, 0, bx, by, 0, bx, by, 0, dx, dy, 0, cx, cy, 0);
  }
  const g = new BufferGeometry();
  g.setAttribute('position', new Float32BufferAttribute(pos, 3));
  return g;
}

/**
 * One atlas texture on a plane, sized in metres per texel. The texture holds raw values (R32F);
 * the plane's shader colours them, so a new snapshot is a relayout and an upload, not a colour
 * pass over every texel on the render thread.
 */
export class AtlasPlane {
  readonly data: Float32Array;
  readonly texture: DataTexture;
  readonly mesh: Mesh<PlaneGeometry, ShaderMaterial>;
  readonly widthM: number;
  readonly heightM: number;

  constructor(
    readonly grid: GridAtlas,
    readonly metresPerTexel: number,
    /** Grey ramp 0..1 (the input digit) instead of the diverging map. */
    grey = false,
  ) {
    this.data = atlasBuffer(grid);
    const tex = new DataTexture(this.data, grid.width, grid.height, RedFormat, FloatType);
    tex.internalFormat = 'R32F';
    // Nearest: a kernel weight is a pixel and must look like one. (Float32 textures are not
    // filterable in WebGL 2, so no mipmaps; at standing distance a texel spans several pixels.)
    tex.magFilter = NearestFilter;
    tex.minFilter = NearestFilter;
    tex.generateMipmaps = false;
    tex.needsUpdate = true;
    this.texture = tex;
    this.widthM = grid.width * metresPerTexel;
    this.heightM = grid.height * metresPerTexel;
    this.mesh = new Mesh(
      new PlaneGeometry(this.widthM, this.heightM),
      new ShaderMaterial({
        uniforms: {
          values: { value: tex },
          range: { value: 1 },
          grey: { value: grey },
        },
        vertexShader: ATLAS_VERTEX_SHADER,
        fragmentShader: ATLAS_FRAGMENT_SHADER,
        toneMapped: false,
      }),
    );
  }

  /** The symmetric range the diverging map spans (a layer's max |value|). */
  setRange(range: number): void {
    this.mesh.material.uniforms.range!.value = Math.max(range, MIN_RANGE);
  }

  /** Local position (on the plane, metres) of texel coordinate (tx, ty), y down from the top. */
  texelToLocal(tx: number, ty: number, out: Vector3, z = 0): Vector3 {
    return out.set(
      (tx / this.grid.width - 0.5) * this.widthM,
      (0.5 - ty / this.grid.height) * this.heightM,
      z,
    );
  }

  dispose(): void {
    this.texture.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
  }
}
