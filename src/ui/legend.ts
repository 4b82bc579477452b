/**
 * The colour legend's numbers: each layer's symmetric range in the last snapshot on screen. The
 * room fills them when a snapshot lands; the panels say them in words.
 */

/** The per-layer colour ranges (max |value|) of the last applied snapshot. */
export interface ColourRanges {
  conv1Kernel: number;
  conv2Kernel: number;
  conv1: number;
  pool1: number;
  conv2: number;
  pool2: number;
  dense1: number;
}

/** The desktop legend's line; before the first snapshot, only what the colours mean. */
export function legendLine(r: ColourRanges, hasSnapshot: boolean): string {
  return hasSnapshot
    ? `blue − · 0 · amber +   kernels conv1 ±${r.conv1Kernel.toPrecision(2)}, conv2 ±${r.conv2Kernel.toPrecision(2)}; maps scaled per layer`
    : 'blue negative · dark zero · amber positive';
}
