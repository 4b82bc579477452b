/** The buffers each message that carries arrays transfers (postMessage's transfer list). */
import { ACTIVATION_KEYS, SNAPSHOT_ARRAYS } from './checks';
import type { InferenceResult, KernelGradient, Snapshot } from './messages';

/** The buffers of a snapshot, for postMessage's transfer list. */
export function snapshotTransferables(s: Snapshot): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const k of SNAPSHOT_ARRAYS) out.push(s[k].buffer as ArrayBuffer);
  for (const k of ACTIVATION_KEYS) out.push(s.activations[k].buffer as ArrayBuffer);
  if (s.conv1Positions) out.push(s.conv1Positions.buffer as ArrayBuffer);
  return out;
}

/** The buffers of a kernel gradient, for postMessage's transfer list. */
export function kernelGradientTransferables(g: KernelGradient): ArrayBuffer[] {
  const out = [g.contributions.buffer as ArrayBuffer, g.magnitudes.buffer as ArrayBuffer];
  if (g.sum) out.push(g.sum.buffer as ArrayBuffer);
  if (g.update) out.push(g.update.buffer as ArrayBuffer);
  return out;
}

/** The buffers of an inference result, for postMessage's transfer list. */
export function inferenceTransferables(r: InferenceResult): ArrayBuffer[] {
  return ACTIVATION_KEYS.map((k) => r.activations[k].buffer as ArrayBuffer);
}
