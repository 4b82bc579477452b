/**
 * Real controller models, from the WebXR input profiles, served by the app itself: three's
 * XRControllerModelFactory fetches them from a CDN unless its path is set, and the app never
 * fetches from anywhere but its own origin. scripts/copy-controller-profiles.mjs copies the Meta
 * Quest profiles (Touch Plus, Touch Pro, Touch v3) and the factory's generic fallback into
 * public/xr-profiles/ at build time; any other controller is shown as the generic one.
 *
 * The models' textures are embedded in the .glb files. GLTFLoader would decode them through a
 * blob: URL, which a `default-src 'self'` content security policy refuses; the plugin below
 * decodes the same bytes with createImageBitmap instead, so no URL is involved.
 */
import { Texture } from 'three';
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

export function createControllerModelFactory(): XRControllerModelFactory {
  const loader = new GLTFLoader();
  loader.register(decodeEmbeddedImages);
  return new XRControllerModelFactory(loader).setPath(CONTROLLER_PROFILES_PATH);
}
