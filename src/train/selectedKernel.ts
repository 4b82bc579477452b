/**
 * The worker's side of a selected kernel: while the page has a conv kernel selected, remember what
 * Adam changed in it at each step, and at snapshot time explain its gradient on the probe digit as
 * a sum over positions (a `KernelGradient` message). Nothing runs while nothing is selected.
 */
import * as tf from '@tensorflow/tfjs';
import { CONV1, CONV2, type ConvSpec } from '../network';
import type { KernelGradient, KernelRef } from '../protocol';
import {
  type ConvGeometry,
  contributionMagnitudes,
  kernelContributions,
  relativeError,
  sumLastAxis,
} from './kernelContributions';
import { kernelGradientParts, kernelVariable } from './kernelGradient';
import { partOf, readParts } from './snapshot';

const SPECS: Record<KernelRef['layer'], ConvSpec> = { conv1: CONV1, conv2: CONV2 };

function geometry(spec: ConvSpec): ConvGeometry {
  return {
    height: spec.inSize,
    width: spec.inSize,
    channels: spec.inChannels,
    kernelSize: spec.kernelSize,
    filters: spec.filters,
  };
}

/** One filter of a kernel tensor (its last axis): [kh, kw, in] shared, [P, K] unshared. */
function filterOf(kernel: tf.Tensor, filter: number): tf.Tensor {
  const begin = kernel.shape.map((_, i) => (i === kernel.rank - 1 ? filter : 0));
  const size = kernel.shape.map((n, i) => (i === kernel.rank - 1 ? 1 : n));
  return tf.squeeze(tf.slice(kernel, begin, size), [kernel.rank - 1]);
}

export class SelectedKernel {
  private kernel: KernelRef | null = null;
  /** The selected filter's weights before the step now running. */
  private before: tf.Tensor | null = null;
  /** after - before of the last step that ran while this kernel was selected. */
  private update: tf.Tensor | null = null;

  get selected(): KernelRef | null {
    return this.kernel;
  }

  /** A new selection (or none) forgets the last update, which belonged to the old one. */
  select(kernel: KernelRef | null): void {
    const same =
      kernel !== null &&
      this.kernel !== null &&
      kernel.layer === this.kernel.layer &&
      kernel.filter === this.kernel.filter;
    if (same) return;
    this.kernel = kernel;
    this.forget();
  }

  /** Call right before an optimizer step: keeps a copy of the selected filter (on the GPU). */
  beforeStep(model: tf.LayersModel): void {
    if (this.kernel === null) return;
    const { layer, filter } = this.kernel;
    this.before?.dispose();
    this.before = tf.tidy(() => filterOf(kernelVariable(model, layer), filter));
  }

  /** Call right after the step: what it changed, kept until the next snapshot reads it. */
  afterStep(model: tf.LayersModel): void {
    if (this.kernel === null || this.before === null) return;
    const { layer, filter } = this.kernel;
    const before = this.before;
    this.update?.dispose();
    this.update = tf.tidy(() => tf.sub(filterOf(kernelVariable(model, layer), filter), before));
    before.dispose();
    this.before = null;
  }

  /** Drops the kept tensors (a new run, a restored checkpoint, a new selection). */
  forget(): void {
    tf.dispose([this.before, this.update].filter((t): t is tf.Tensor => t !== null));
    this.before = null;
    this.update = null;
  }

  dispose(): void {
    this.forget();
    this.kernel = null;
  }

  /**
   * The selected kernel's gradient on the probe digit xs [1, 28, 28, 1] as a sum over positions,
   * or null when nothing is selected. Reads back with await data() only.
   */
  async report(
    model: tf.LayersModel,
    sharing: 'conv' | 'none',
    probe: tf.Tensor4D,
    probeLabel: number,
    step: number,
  ): Promise<KernelGradient | null> {
    if (this.kernel === null) return null;
    // Timed from here to the message: the cost a selected kernel adds to each snapshot.
    const started = performance.now();
    const { layer, filter } = this.kernel;
    const spec = SPECS[layer];
    const g = geometry(spec);
    const update = this.update;
    // One read-back for everything instead of one per tensor.
    const parts = await readParts(() => {
      const label = tf.tensor1d([probeLabel], 'int32');
      const p = kernelGradientParts(model, layer, probe, label);
      return [
        ['input', p.input],
        ['gradient', p.preActivationGradient],
        ['tfjsGradient', filterOf(p.kernelGradient, filter)],
        ...(update ? [['applied', update] as const] : []),
      ] as const;
    });
    const input = partOf(parts, 'input');
    const gradient = partOf(parts, 'gradient');
    const tfjsGradient = partOf(parts, 'tfjsGradient');
    const applied = update ? partOf(parts, 'applied') : null;

    const perChannel = kernelContributions(input, gradient, g, filter, false);
    const summed = kernelContributions(input, gradient, g, filter, true);
    const taps = spec.kernelSize * spec.kernelSize;
    // The centre position, as the snapshot's centre kernel (without sharing) is chosen.
    const middle = Math.floor(spec.outSize / 2);
    const centre = middle * spec.outSize + middle;
    const perPosition = taps * spec.inChannels;
    return {
      step,
      layer,
      filter,
      sharing,
      probeLabel,
      positions: perChannel.positions,
      contributions: summed.contributions,
      magnitudes: contributionMagnitudes(perChannel),
      sum: sharing === 'conv' ? summed.sum : null,
      sumRelativeError:
        sharing === 'conv'
          ? relativeError(perChannel.sum, tfjsGradient)
          : relativeError(perChannel.contributions, tfjsGradient),
      update:
        applied === null
          ? null
          : sumLastAxis(
              sharing === 'conv'
                ? applied
                : applied.subarray(centre * perPosition, (centre + 1) * perPosition),
              spec.inChannels,
            ),
      ms: performance.now() - started,
    };
  }
}
