/**
 * What the in-VR panel and its digit wing share about being a canvas on a plane: the texture
 * (sRGB, mipmapped: read at an angle from arm's length) and where a button of the canvas is in
 * the room, for aiming a ray or a fingertip in tests.
 */
import {
  CanvasTexture,
  LinearFilter,
  LinearMipmapLinearFilter,
  type Mesh,
  type PlaneGeometry,
  SRGBColorSpace,
  Vector3,
} from 'three';

export function panelTexture(canvas: HTMLCanvasElement): CanvasTexture {
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.minFilter = LinearMipmapLinearFilter;
  texture.magFilter = LinearFilter;
  return texture;
}

/**
 * Where the centre of `box` (canvas px, y down) on `mesh`'s canvas is in the room (world space,
 * m), or `depth` m in front of it along the plane's normal. Called by test hooks, not per frame.
 */
export function canvasBoxWorldPoint(
  mesh: Mesh<PlaneGeometry>,
  canvas: HTMLCanvasElement,
  box: { readonly x: number; readonly y: number; readonly w: number; readonly h: number },
  depth = 0,
): { x: number; y: number; z: number } {
  const { width, height } = mesh.geometry.parameters;
  const v = new Vector3(
    ((box.x + box.w / 2) / canvas.width - 0.5) * width,
    (0.5 - (box.y + box.h / 2) / canvas.height) * height,
    depth,
  );
  mesh.updateWorldMatrix(true, false);
  mesh.localToWorld(v);
  return { x: v.x, y: v.y, z: v.z };
}
