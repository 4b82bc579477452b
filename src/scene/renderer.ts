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

const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * The GPU's name from a throwaway WebGL 2 context ('' without one), read before the renderer is
 * made because multisampling is chosen at creation. The context is released at once.
 */
function probeRendererName(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(
    info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
  );
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}

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
  /** After the canvas changed size (the window, or a docked panel opening or closing). */
  onResized: () => void = () => {},
): RenderSurface {
  // Multisampling on a software renderer is four times the rasterising on the CPU that training
  // needs too: without it the room alone drew 46 fps instead of 41, and 37 instead of 32 with
  // training at 4 steps/s (SwiftShader, 2 cores). A GPU keeps it.
  const antialias = !SOFTWARE_GL.test(probeRendererName());
  const renderer = new WebGLRenderer({ antialias, powerPreference: 'high-performance' });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO));
  renderer.setSize(container.clientWidth, container.clientHeight);
  renderer.xr.enabled = true;
  renderer.xr.setReferenceSpaceType('local-floor');
  const canvas = renderer.domElement;
  canvas.id = 'room';
  canvas.tabIndex = 0;
  // The room takes the arrow keys (kernel selection) and digit keys (camera presets).
  canvas.setAttribute('role', 'application');
  canvas.setAttribute(
    'aria-label',
    'The network room. Arrow keys choose a kernel to see its weights shared; keys 1 to 5 fly to a station, 0 to the overview.',
  );
  container.append(canvas);

  const gl = renderer.getContext();
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(
    info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
  );
  status.render.renderer = name;
  status.render.software = SOFTWARE_GL.test(name);
  status.render.antialias = antialias;

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
    camera.updateProjectionMatrix();
    onResized();
  }
  window.addEventListener('resize', resize);
  // The canvas fills what the docked panels leave: it also changes size when one collapses.
  const observer = new ResizeObserver(() => resize());
  observer.observe(container);
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
      observer.disconnect();
      dprQuery?.removeEventListener('change', onDpr);
      canvas.removeEventListener('webglcontextlost', lost);
      canvas.removeEventListener('webglcontextrestored', restored);
      renderer.dispose();
      canvas.remove();
    },
  };
}
