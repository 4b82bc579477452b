/**
 * The arithmetic of weight sharing for a selected kernel: how many weights it has, how many
 * positions reuse it, what the same feature map would cost without sharing. All from
 * src/network.ts, so the labels cannot drift from the model.
 */
import { CONV_SPECS, type ConvLayerId, type ConvSpec, kernelWeights, positions } from '../network';
import type { SelectionStatus } from '../status';

export function selectionFor(
  layer: ConvLayerId,
  filter: number,
  source: SelectionStatus['source'],
  sharing: SelectionStatus['sharing'] = 'conv',
): SelectionStatus {
  const spec = CONV_SPECS[layer];
  if (!Number.isInteger(filter) || filter < 0 || filter >= spec.filters) {
    throw new RangeError(`${layer} has filters 0..${spec.filters - 1}, not ${filter}`);
  }
  const weights = kernelWeights(spec);
  const n = positions(spec);
  return {
    layer,
    filter,
    weights,
    bias: 1,
    positions: n,
    unsharedWeights: (weights + 1) * n,
    source,
    sharing,
  };
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The sentence the scene and the HUD show for a selection. */
export function selectionSentence(s: SelectionStatus): string {
  const spec = CONV_SPECS[s.layer];
  const shape =
    spec.inChannels === 1
      ? `${spec.kernelSize}x${spec.kernelSize}`
      : `${spec.kernelSize}x${spec.kernelSize}x${spec.inChannels}`;
  if (s.sharing === 'none') {
    return (
      `${s.layer} kernel ${s.filter} at the centre (${shape}): ${fmt(s.weights)} weights + ` +
      `${s.bias} bias, one of ${fmt(s.positions)} separate kernels, ` +
      `${fmt(s.unsharedWeights)} weights for this map; sharing would need ${fmt(s.weights + s.bias)}`
    );
  }
  return (
    `${s.layer} kernel ${s.filter} (${shape}): ${fmt(s.weights)} weights + ${s.bias} bias, ` +
    `reused at ${fmt(s.positions)} positions; ` +
    `without sharing this map would need ${fmt(s.unsharedWeights)} weights`
  );
}

/** Output position p (0 .. outSize^2 - 1) of a sweep as column/row; writes into `out`. */
export function sweepPosition(spec: ConvSpec, p: number, out: { x: number; y: number }): void {
  const n = spec.outSize;
  const q = ((p % (n * n)) + n * n) % (n * n);
  out.x = q % n;
  out.y = Math.floor(q / n);
}
