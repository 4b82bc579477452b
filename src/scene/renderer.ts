/**
 * The render canvas: WebGL renderer, desktop camera, resizing, and WebGL context loss. On loss the
 * renderer stops drawing (three prevents the default so the browser may restore it); on restore
 * the caller re-uploads every texture from the latest snapshot. Training never notices: it runs
 * in its own worker context.
 */
import { PerspectiveCamera, WebGLRenderer } from 'three';
import type { StatusStore } from '../status';
import { ROOM } from './layout';

/** Cap on devicePixelRatio: beyond 2 the fill cost grows and nothing gets more legible. */
export const MAX_PIXEL_RATIO = 2;

/** The desktop HUD's width (see hud.css) and the window width from which it sits beside the room. */
const HUD_WIDTH_PX = 320;
const WIDE_WINDOW_PX = 900;

const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render/i;

export interface RenderSurface {
  readonly renderer: WebGLRenderer;
  readonly camera: PerspectiveCamera;
  readonly canvas: HTMLCanvasElement;
  dispose(): void;
}

export function createRenderSurface(
  container: HTMLElement,
  status: StatusStore,
  onRestored: () => void,
): RenderSurface {
  const renderer = new WebGLRenderer({ antialias: true, powerPreference: 'high-performance' });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO));
  renderer.setSize(container.clientWidth, container.clientHeight);
  renderer.xr.enabled = true;
  renderer.xr.setReferenceSpaceType('local-floor');
  const canvas = renderer.domElement;
  canvas.id = 'room';
  canvas.tabIndex = 0;
  container.append(canvas);

  const gl = renderer.getContext();
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(
    info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
  );
  status.render.renderer = name;
  status.render.software = SOFTWARE_GL.test(name);

  const d = ROOM.desktopCamera;
  const camera = new PerspectiveCamera(
    d.fov,
    container.clientWidth / container.clientHeight,
    0.05,
    50,
  );
  camera.position.set(...d.position);
  camera.lookAt(...d.target);
  resize();

  function resize(): void {
    const w = container.clientWidth;
    const h = container.clientHeight;
    if (w === 0 || h === 0 || renderer.xr.isPresenting) return;
    renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO));
    renderer.setSize(w, h);
    camera.aspect = w / h;
    // On a wide window the HUD covers the left edge: centre the room in what is left of it.
    const shift = w >= WIDE_WINDOW_PX ? HUD_WIDTH_PX / 2 + 12 : 0;
    if (shift > 0) camera.setViewOffset(w, h, -shift, 0, w, h);
    else camera.clearViewOffset();
    camera.updateProjectionMatrix();
  }
  window.addEventListener('resize', resize);
  // devicePixelRatio changes (moving between monitors, zoom) do not fire resize everywhere.
  let dprQuery: MediaQueryList | null = null;
  const watchDpr = () => {
    dprQuery?.removeEventListener('change', onDpr);
    dprQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
    dprQuery.addEventListener('change', onDpr);
  };
  const onDpr = () => {
    resize();
    watchDpr();
  };
  watchDpr();

  const lost = (e: Event) => {
    e.preventDefault(); // lets the browser restore the context
    status.renderContext.lost++;
  };
  const restored = () => {
    status.renderContext.restored++;
    onRestored();
  };
  canvas.addEventListener('webglcontextlost', lost);
  canvas.addEventListener('webglcontextrestored', restored);

  return {
    renderer,
    camera,
    canvas,
    dispose() {
      window.removeEventListener('resize', resize);
      dprQuery?.removeEventListener('change', onDpr);
      canvas.removeEventListener('webglcontextlost', lost);
      canvas.removeEventListener('webglcontextrestored', restored);
      renderer.dispose();
      canvas.remove();
    },
  };
}
