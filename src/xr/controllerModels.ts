/**
 * Real controller models, from the WebXR input profiles, served by the app itself: three's
 * XRControllerModelFactory fetches them from a CDN unless its path is set, and the app never
 * fetches from anywhere but its own origin. scripts/copy-controller-profiles.mjs copies the Meta
 * Quest profiles (Touch Plus, Touch Pro, Touch v3) and the factory's generic fallback into
 * public/xr-profiles/ at build time; any other controller is shown as the generic one.
 *
 * Each Quest model is six meshes with one material (body, trigger, grip, stick, two buttons): six
 * draw calls per controller per eye. They are merged into one mesh when loaded, so both
 * controllers cost four draw calls a stereo frame instead of 24 (Meta's budget is 100 for
 * everything); the price is that the buttons no longer move when pressed.
 *
 * The models' textures are embedded in the .glb files. GLTFLoader would decode them through a
 * blob: URL, which a `default-src 'self'` content security policy refuses; the plugin below
 * decodes the same bytes with createImageBitmap instead, so no URL is involved.
 */
import { type BufferGeometry, type Material, Matrix4, Mesh, type Object3D, Texture } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { GLTFLoader, type GLTFParser } from 'three/addons/loaders/GLTFLoader.js';
import { XRControllerModelFactory } from 'three/addons/webxr/XRControllerModelFactory.js';

/** Where the copied profiles are served (same origin; no trailing slash, as the factory wants). */
export const CONTROLLER_PROFILES_PATH = `${import.meta.env.BASE_URL}xr-profiles`;

interface ImageDef {
  bufferView?: number;
  mimeType?: string;
}

/** Decodes embedded images without blob: URLs (see the file comment). */
function decodeEmbeddedImages(parser: GLTFParser): { name: string } {
  const original = parser.loadImageSource.bind(parser);
  parser.loadImageSource = (sourceIndex, loader) => {
    const def = (parser.json as { images: ImageDef[] }).images[sourceIndex];
    if (def?.bufferView === undefined) return original(sourceIndex, loader);
    const type = def.mimeType ?? 'image/png';
    return (parser.getDependency('bufferView', def.bufferView) as Promise<ArrayBuffer>)
      .then((bytes) =>
        createImageBitmap(new Blob([bytes], { type }), {
          premultiplyAlpha: 'none',
          colorSpaceConversion: 'none',
        }),
      )
      .then((bitmap) => {
        const texture = new Texture(bitmap);
        texture.userData.mimeType = type;
        texture.needsUpdate = true;
        return texture;
      });
  };
  return { name: 'weightroom_decode_embedded_images' };
}

/**
 * Merged geometry per loaded asset, keyed by its first mesh's geometry. The factory hands out a
 * clone of the cached asset at every 'connected' event (each session, each switch back from
 * hands), and clones share the asset's geometries: merging once and reusing the result keeps a
 * session's entry from adding a geometry that nothing would ever dispose.
 */
const mergedByAsset = new WeakMap<BufferGeometry, BufferGeometry | null>();

/** Replaces a loaded model's meshes by one mesh (same material), placed as they were. */
export function mergeModelMeshes(model: Object3D): void {
  model.updateWorldMatrix(true, true);
  const toModel = new Matrix4().copy(model.matrixWorld).invert();
  const meshes: Mesh[] = [];
  model.traverse((o) => {
    if (o instanceof Mesh) meshes.push(o);
  });
  const first = meshes[0];
  if (meshes.length < 2 || !first) return;
  const material = first.material as Material;
  if (meshes.some((m) => m.material !== material)) return; // more than one material: leave it
  const key = first.geometry as BufferGeometry;
  let merged = mergedByAsset.get(key);
  if (merged === undefined) {
    const parts: BufferGeometry[] = meshes.map((m) =>
      (m.geometry as BufferGeometry)
        .clone()
        .applyMatrix4(new Matrix4().multiplyMatrices(toModel, m.matrixWorld)),
    );
    merged = mergeGeometries(parts);
    for (const p of parts) p.dispose();
    mergedByAsset.set(key, merged);
  }
  if (!merged) return; // attributes differ: keep the separate meshes
  for (const m of meshes) m.removeFromParent();
  const one = new Mesh(merged, material);
  one.name = 'controller-merged';
  model.add(one);
}

/** `onLoaded` runs after each model is in place (status counts them; tests wait for them). */
export function createControllerModelFactory(
  onLoaded?: (model: Object3D) => void,
): XRControllerModelFactory {
  const loader = new GLTFLoader();
  loader.register(decodeEmbeddedImages);
  const factory = new XRControllerModelFactory(loader, (model) => {
    mergeModelMeshes(model);
    onLoaded?.(model);
  });
  return factory.setPath(CONTROLLER_PROFILES_PATH);
}
