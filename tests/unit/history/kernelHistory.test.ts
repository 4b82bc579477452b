import { describe, expect, test } from 'vitest';
import {
  HISTORY_MAX_BYTES,
  type KeptKernels,
  KernelHistory,
} from '../../../src/history/kernelHistory';
import { LAYER_IDS, type LayerId, activationSize } from '../../../src/network';

/** Kernels at `step` whose first value names the step, so a kept entry shows where it came from. */
function kernels(step: number, conv1 = 288, conv2 = 18432): KeptKernels {
  const a = new Float32Array(conv1);
  a[0] = step;
  return { step, conv1: a, conv2: new Float32Array(conv2) };
}

const ENTRY = (288 + 18432) * 4;

describe('KernelHistory', () => {
  test('keeps every snapshot while there is room', () => {
    const h = new KernelHistory(10 * ENTRY);
    for (let s = 1; s <= 10; s++) h.add(kernels(s));
    expect(h.steps()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(h.bytes).toBe(10 * ENTRY);
  });

  test('never holds more than its bound, whatever the run length', () => {
    const h = new KernelHistory(50 * ENTRY + 100);
    for (let s = 1; s <= 5000; s++) {
      h.add(kernels(s));
      expect(h.bytes).toBeLessThanOrEqual(h.maxBytes);
    }
    expect(h.size).toBe(50);
  });

  test('thins late steps first: the first steps all stay, later ones about log-spaced', () => {
    // Tiny entries (8 bytes): the thinning depends on counts, not on sizes.
    const capacity = 64;
    const h = new KernelHistory(capacity * 8);
    const last = 100_000;
    for (let s = 1; s <= last; s++) h.add(kernels(s, 1, 1));
    const steps = h.steps();
    expect(steps[0]).toBe(1);
    expect(steps[steps.length - 1]).toBe(last);
    // Every one of the first steps is still there.
    expect(steps.slice(0, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Log spacing: consecutive kept steps differ by a bounded ratio everywhere after the start.
    // Evenly log-spaced, 64 entries over 1..100,000 would be a ratio of 100000^(1/63) = 1.20.
    const ideal = Math.pow(last, 1 / (capacity - 1));
    const ratios = steps.slice(1).map((s, i) => s / steps[i]!);
    expect(Math.max(...ratios.slice(10))).toBeLessThan(ideal * ideal);
    // ...and a uniform thinning would not: the gaps grow with the step.
    const gaps = steps.slice(1).map((s, i) => s - steps[i]!);
    expect(gaps[gaps.length - 1]!).toBeGreaterThan(100 * gaps[5]!);
  });

  test('finds the kept kernels at or before a step', () => {
    const h = new KernelHistory(4 * ENTRY);
    for (const s of [5, 10, 20, 40]) h.add(kernels(s));
    expect(h.at(4)).toBeNull();
    expect(h.at(5)?.conv1[0]).toBe(5);
    expect(h.at(19)?.conv1[0]).toBe(10);
    expect(h.at(1e9)?.conv1[0]).toBe(40);
    expect(h.first()?.step).toBe(5);
    expect(h.latest()?.step).toBe(40);
  });

  test('a step that goes back (a restored checkpoint) drops the entries from that step on', () => {
    const h = new KernelHistory(10 * ENTRY);
    for (const s of [1, 2, 3, 4, 5]) h.add(kernels(s));
    h.add(kernels(3));
    expect(h.steps()).toEqual([1, 2, 3]);
    expect(h.bytes).toBe(3 * ENTRY);
  });

  test('refuses an entry larger than the bound, and the default bound is 64 MB', () => {
    expect(() => new KernelHistory(ENTRY - 1).add(kernels(1))).toThrow(/does not fit the bound/);
    expect(new KernelHistory().maxBytes).toBe(64 * 1024 * 1024);
    expect(HISTORY_MAX_BYTES).toBe(64 * 1024 * 1024);
  });

  test('keeps the latest when only one entry fits', () => {
    const h = new KernelHistory(ENTRY + 10);
    h.add(kernels(1));
    h.add(kernels(2));
    expect(h.steps()).toEqual([2]);
  });
});

describe('KernelHistory.prepend (a saved history after a reload)', () => {
  test('puts older entries first, skips any at or after the first kept step, and keeps the bound', () => {
    const h = new KernelHistory(5 * ENTRY);
    for (const s of [10, 11, 12]) h.add(kernels(s));
    h.prepend([kernels(1), kernels(2), kernels(3), kernels(10)]);
    expect(h.steps()[0]).toBe(1);
    expect(h.steps().at(-1)).toBe(12);
    expect(h.size).toBe(5);
    expect(h.bytes).toBeLessThanOrEqual(h.maxBytes);
    expect(h.entriesList().map((e) => e.step)).toEqual(h.steps());
  });
});

describe('KernelHistory with the probe maps kept beside the kernels', () => {
  const withMaps = (step: number): KeptKernels => ({
    ...kernels(step),
    maps: {
      probeLabel: 7,
      activations: Object.fromEntries(
        LAYER_IDS.map((id) => [id, new Float32Array(activationSize(id))]),
      ) as Record<LayerId, Float32Array>,
    },
  });

  test('counts the maps against the 64 MB bound: 299 entries of the seed CNN fit', () => {
    const h = new KernelHistory();
    for (let s = 0; s < 2000; s++) h.add(withMaps(s));
    expect(h.bytes).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    expect(h.size).toBe(299);
    expect(h.at(0)?.maps?.probeLabel).toBe(7);
    expect(h.latest()?.step).toBe(1999);
  });
});
