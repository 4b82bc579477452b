/**
 * Compiles every material of the room once, at start, hidden ones included: the selected kernel's
 * highlights and link, its gradient mosaic, heat map and board, and whatever else waits unseen.
 *
 * three compiles a program at its first draw and then reads its link status, info logs, uniform
 * and attribute locations: synchronous calls that wait for the GPU process. On a software renderer
 * the first kernel selected stalled the frame for 0.14 s to 1.2 s in `getProgramInfoLog` and
 * `getShaderInfoLog` (CPU profiles of `npm run bench`), a hitch a headset shows as dropped frames.
 * Here the links run in the background (KHR_parallel_shader_compile), then each program's first
 * use is settled in a task of its own, before anyone selects a kernel.
 */
import type { Camera, Object3D, WebGLRenderer } from 'three';

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Compiles every material under `scene`; resolves when each program's first use is done. */
export async function precompile(
  renderer: WebGLRenderer,
  scene: Object3D,
  camera: Camera,
): Promise<void> {
  // three's compile() walks every object, visible or not (r187), with the scene's lights.
  await renderer.compileAsync(scene, camera);
  const programs = renderer.info.programs ?? [];
  // getUniforms() runs three's once-per-program checks (cached afterwards): one program a task.
  for (let i = 0; i < programs.length; i++) {
    await nextTask();
    // A lost context has no programs to ask about (three rebuilds them after the restore).
    if (renderer.getContext().isContextLost()) return;
    programs[i]?.getUniforms();
  }
}
