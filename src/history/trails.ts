/**
 * A kernel's path over the run: its distance from its first kept value at every kept step. Pure
 * arithmetic over the history's entries (kernels in tfjs's layout, [kh, kw, in, out] flattened).
 */
import type { KeptKernels } from './kernelHistory';

/**
 * ||k_f(step) - k_f(first)|| (L2) of filter `filter` of conv1 at every entry, oldest first.
 * `filters` is the layer's output channels (the stride between one filter's weights).
 */
export function kernelTrail(
  entries: readonly KeptKernels[],
  filters: number,
  filter: number,
): Float32Array {
  const out = new Float32Array(entries.length);
  const first = entries[0]?.conv1;
  if (!first) return out;
  const weights = first.length / filters;
  entries.forEach((e, i) => {
    let s = 0;
    for (let w = 0; w < weights; w++) {
      const d = e.conv1[w * filters + filter]! - first[w * filters + filter]!;
      s += d * d;
    }
    out[i] = Math.sqrt(s);
  });
  return out;
}
