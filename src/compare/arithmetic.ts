/**
 * The arithmetic of weight sharing, for both modes, as plain numbers and the sentences the panel
 * shows. Everything here follows from src/network.ts: nothing is measured, so nothing here can
 * disagree with the network the trainer builds.
 */
import type { SharingMode } from '../config/schema';
import {
  CONV_SPECS,
  type ConvLayerId,
  type LayerParams,
  parameterCounts,
  positions,
  totalParameters,
  trainingBytesEstimate,
} from '../network';

export const MODES: readonly SharingMode[] = ['conv', 'none'];

/** What the panel calls each mode. */
export const MODE_NAMES: Readonly<Record<SharingMode, string>> = {
  conv: 'shared',
  none: 'unshared',
};

/** One trainable layer's parameters in both modes. */
export interface LayerComparison {
  readonly id: LayerParams['id'];
  readonly shared: number;
  readonly unshared: number;
}

/** One convolution's sharing figure. */
export interface SharingFigure {
  readonly id: ConvLayerId;
  /** Parameters (kernels and biases) with sharing. */
  readonly shared: number;
  /** The same layer with one kernel per output position. */
  readonly unshared: number;
  /** Positions that reuse each weight: unshared / shared (676 for conv1, 121 for conv2). */
  readonly positions: number;
}

export interface SharingArithmetic {
  readonly layers: readonly LayerComparison[];
  readonly totals: Readonly<Record<SharingMode, number>>;
  readonly figures: readonly SharingFigure[];
  /** Bytes each mode needs to train with Adam (trainingBytesEstimate). */
  readonly trainingBytes: Readonly<Record<SharingMode, number>>;
  /** Unshared parameters over shared: how many times more the unshared network holds. */
  readonly parameterRatio: number;
}

/** Parameters per layer and in total, sharing figures and training memory, for both modes. */
export function sharingArithmetic(): SharingArithmetic {
  const shared = parameterCounts('conv');
  const unshared = parameterCounts('none');
  const layers = shared.map((l, i) => {
    const u = unshared[i];
    if (!u || u.id !== l.id) throw new Error(`layer ${l.id} differs between modes`);
    return { id: l.id, shared: l.params, unshared: u.params };
  });
  const figures = (['conv1', 'conv2'] as const).map((id) => sharingFigure(id, layers));
  const totals = { conv: totalParameters('conv'), none: totalParameters('none') };
  return {
    layers,
    totals,
    figures,
    trainingBytes: { conv: trainingBytesEstimate('conv'), none: trainingBytesEstimate('none') },
    parameterRatio: totals.none / totals.conv,
  };
}

function sharingFigure(id: ConvLayerId, layers: readonly LayerComparison[]): SharingFigure {
  const layer = layers.find((l) => l.id === id);
  if (!layer) throw new Error(`no layer ${id}`);
  const s = layer.unshared / layer.shared;
  // The ratio is the number of output positions by construction; say so if that ever breaks.
  if (s !== positions(CONV_SPECS[id])) {
    throw new Error(
      `${id}: ${layer.unshared} / ${layer.shared} is not ${positions(CONV_SPECS[id])}`,
    );
  }
  return { id, shared: layer.shared, unshared: layer.unshared, positions: s };
}

/** 216320 -> "216,320", the same on every locale (tests and screenshots read it). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Bytes in binary units: "3.4 MiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** A ratio as the panel says it: "11.8x". */
export function formatRatio(r: number): string {
  return `${r >= 100 ? r.toFixed(0) : r.toFixed(1)}x`;
}

/** "conv1: 320 parameters shared by 676 positions; without sharing 216,320". */
export function figureLabel(f: SharingFigure): string {
  return (
    `${f.id}: ${formatCount(f.shared)} parameters shared by ${formatCount(f.positions)} ` +
    `positions; without sharing ${formatCount(f.unshared)}`
  );
}

/** "total: 225,034 parameters shared; 2,660,554 without sharing (11.8x)". */
export function totalLabel(a: SharingArithmetic): string {
  return (
    `total: ${formatCount(a.totals.conv)} parameters shared; ` +
    `${formatCount(a.totals.none)} without sharing (${formatRatio(a.parameterRatio)})`
  );
}

/** "training memory (weights, gradients, Adam moments): shared 3.4 MiB, unshared 40.6 MiB". */
export function memoryLabel(a: SharingArithmetic): string {
  return (
    `training memory estimate (weights, gradients, Adam moments): ` +
    `shared ${formatBytes(a.trainingBytes.conv)}, unshared ${formatBytes(a.trainingBytes.none)}`
  );
}
