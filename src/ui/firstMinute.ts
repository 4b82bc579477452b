/**
 * The first minute in words: while the network loads and warms up, what is happening and how
 * long it usually takes, so a first visitor looking at an empty room knows it is on its way.
 */
import type { Status } from '../status';

/**
 * How long the start usually takes, from opening the page to the first training step, measured
 * on this project's test machine (2 shared cores, headless Chromium, SwiftShader, three runs
 * each): WASM 5.4-6.5 s; WebGL on the software renderer 96-101 s, most of it compiling shaders
 * for the first step. Not yet measured on a graphics card, so that sentence gives no figure.
 */
export const USUAL_START = {
  wasm: 'usually 5 to 10 seconds',
  webglSoftware: 'one to two minutes on a software renderer like this one',
  webgl: 'much sooner on a graphics card than on a software renderer',
} as const;

function usual(s: Status): string {
  const name = s.backend?.name ?? s.config?.backend ?? 'webgl';
  if (name === 'wasm') return USUAL_START.wasm;
  return s.render.software || s.backend?.software ? USUAL_START.webglSoftware : USUAL_START.webgl;
}

/**
 * The sentence for the panel while the run starts (null once it trains, pauses or fails).
 * `elapsedS` is the time since the page opened.
 */
export function startSentence(s: Status, elapsedS: number): string | null {
  const t = s.training;
  const so = `${Math.round(elapsedS)} s so far`;
  if (t.state === 'loading' || (t.state === 'idle' && t.step === 0 && s.config?.autostart)) {
    return (
      'Loading 10,000 real MNIST digits and starting the trainer in its own thread; the ' +
      `stations are already in the room and fill in when the first step lands (${usual(s)}; ${so}).`
    );
  }
  if (t.state === 'warming-up') {
    return (
      'Preparing the first training step: the backend compiles the network’s programs. ' +
      `Then kernels and maps change as it learns (${usual(s)}; ${so}).`
    );
  }
  return null;
}
