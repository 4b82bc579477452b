/**
 * Float values -> colours. The atlases are coloured on the GPU (ATLAS_FRAGMENT_SHADER below);
 * divergingInto is the same map on the CPU, for the legends and for tests, and the two must
 * stay in step (the input digit's grey ramp exists only in the shader). Weights use a diverging map around zero (blue negative, near-black
 * zero, amber positive) over a symmetric range per layer, so the sign of a weight reads at a
 * glance against the dark room and the same colour means the same value everywhere in a layer.
 * The CPU functions write into caller-owned arrays.
 */

export type Rgb = readonly [number, number, number];

/** Colours of the diverging map: the two ends and the centre (zero). */
export const NEGATIVE: Rgb = [70, 150, 255];
export const ZERO: Rgb = [22, 24, 30];
export const POSITIVE: Rgb = [255, 168, 40];

/** Smallest range used, so an all-zero layer does not divide by zero (or flash noise). */
export const MIN_RANGE = 1e-6;

/**
 * The symmetric range of a layer: the largest |v| (at least MIN_RANGE). NaN entries are ignored
 * (a diverged run shows as saturated colour, not a crash).
 */
export function symmetricRange(values: Float32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a > m) m = a;
  }
  return Math.max(m, MIN_RANGE);
}

/**
 * Writes the colour of `v` over [-range, range] at `out[offset..offset+3]` (alpha 255). Values
 * beyond the range saturate at the end colour; NaN is drawn as zero.
 */
export function divergingInto(v: number, range: number, out: Uint8Array, offset: number): void {
  let t = v / range;
  if (!(t === t)) t = 0; // NaN
  if (t > 1) t = 1;
  else if (t < -1) t = -1;
  const end = t >= 0 ? POSITIVE : NEGATIVE;
  // sqrt eases small weights away from the centre colour: most trained weights are small.
  const s = Math.sqrt(Math.abs(t));
  out[offset] = Math.round(ZERO[0] + (end[0] - ZERO[0]) * s);
  out[offset + 1] = Math.round(ZERO[1] + (end[1] - ZERO[1]) * s);
  out[offset + 2] = Math.round(ZERO[2] + (end[2] - ZERO[2]) * s);
  out[offset + 3] = 255;
}

/** A CSS colour string of the map, for the HUD legend (not on the frame path). */
export function divergingCss(t: number): string {
  const px = new Uint8Array(4);
  divergingInto(t, 1, px, 0);
  return `rgb(${px[0]}, ${px[1]}, ${px[2]})`;
}

/** Marks a gutter texel in an atlas: no weight or activation is ever this large. */
export const GUTTER_VALUE = 2 ** 126; // ~8.5e37, exact in float32
/** The gutter colour: darker than a zero weight so the tiles read as separate objects. */
export const GUTTER: Rgb = [8, 9, 12];

const vec3 = (c: Rgb) => `vec3(${c.map((v) => (v / 255).toFixed(4)).join(', ')})`;

/** Passes the plane's UV through. */
export const ATLAS_VERTEX_SHADER = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}`;

/**
 * divergingInto / greyInto on the GPU: one raw float per texel (R32F, nearest), the layer's
 * symmetric range as a uniform. Writes display (sRGB) values directly, as the CPU map's bytes are.
 */
export const ATLAS_FRAGMENT_SHADER = /* glsl */ `
precision highp float;
uniform sampler2D values;
uniform float range;
uniform bool grey;
varying vec2 vUv;
void main() {
  float v = texture2D(values, vUv).r;
  vec3 c;
  if (v > 1.0e37) {
    c = ${vec3(GUTTER)};
  } else if (grey) {
    c = mix(${vec3(ZERO)}, vec3(1.0), clamp(v, 0.0, 1.0));
  } else {
    float t = clamp(v / range, -1.0, 1.0);
    vec3 end = t >= 0.0 ? ${vec3(POSITIVE)} : ${vec3(NEGATIVE)};
    c = mix(${vec3(ZERO)}, end, sqrt(abs(t)));
  }
  gl_FragColor = vec4(c, 1.0);
}`;
