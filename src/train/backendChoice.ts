/**
 * `backend=auto`: the fastest backend for the machine, chosen from what the worker's GPU is.
 * WebGL 2 on a hardware GPU (the headset, and what the product promises); the WASM backend on a
 * software renderer (SwiftShader, llvmpipe, Microsoft Basic Render Driver), where WebGL trains
 * about 39x slower than WASM (0.32 against 12.4 steps/s on 2 cores) and takes the frames down
 * with it; WASM too where the worker has no WebGL 2 at all. Pure: the probe is passed in.
 */

/** Renderer strings of rasterisers that run on the CPU: frames and training will both suffer. */
const SOFTWARE_RENDERER =
  /swiftshader|llvmpipe|softpipe|software|lavapipe|basic render|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** What a WebGL 2 context in the worker says about the GPU (null renderer: no WebGL 2). */
export interface GpuProbe {
  readonly renderer: string | null;
}

export interface AutoChoice {
  readonly name: 'webgl' | 'wasm';
  /** Why, in words, for the panel and status().backend.reason. */
  readonly reason: string;
}

export function chooseAutoBackend(probe: GpuProbe): AutoChoice {
  if (probe.renderer === null) {
    return { name: 'wasm', reason: 'auto: no WebGL 2 in the worker, so WASM on the CPU' };
  }
  const software = SOFTWARE_RENDERER.exec(probe.renderer);
  if (software) {
    // The renderer's full string is on the panel's render line; the reason names its kind.
    return {
      name: 'wasm',
      reason:
        `auto: WASM, because the GPU is a software renderer (${software[0]}), ` +
        'where WebGL trains far slower and takes the frames down with it',
    };
  }
  return { name: 'webgl', reason: `auto: WebGL 2 on the hardware GPU (${probe.renderer})` };
}

/** The reason for a backend the URL forced. */
export function forcedReason(name: string): string {
  return `chosen by ?backend=${name}`;
}
