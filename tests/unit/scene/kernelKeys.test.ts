import { describe, expect, it } from 'vitest';
import { type KernelRef, moveKernel } from '../../../src/scene/kernelKeys';

// conv1: 32 kernels in rows of 8 (4 rows); conv2: 64 in rows of 8 (8 rows).
const grids = { conv1: { count: 32, cols: 8 }, conv2: { count: 64, cols: 8 } };
const at = (layer: 'conv1' | 'conv2', filter: number): KernelRef => ({ layer, filter });

describe('moveKernel', () => {
  it('steps one kernel left and right, carrying over between the layers', () => {
    expect(moveKernel(at('conv1', 5), 'ArrowRight', grids)).toEqual(at('conv1', 6));
    expect(moveKernel(at('conv1', 5), 'ArrowLeft', grids)).toEqual(at('conv1', 4));
    expect(moveKernel(at('conv1', 31), 'ArrowRight', grids)).toEqual(at('conv2', 0));
    expect(moveKernel(at('conv2', 0), 'ArrowLeft', grids)).toEqual(at('conv1', 31));
  });

  it('steps one row up and down, from conv1 into conv2 and back in the same column', () => {
    expect(moveKernel(at('conv1', 3), 'ArrowDown', grids)).toEqual(at('conv1', 11));
    expect(moveKernel(at('conv1', 27), 'ArrowDown', grids)).toEqual(at('conv2', 3));
    expect(moveKernel(at('conv2', 3), 'ArrowUp', grids)).toEqual(at('conv1', 27));
    expect(moveKernel(at('conv2', 20), 'ArrowUp', grids)).toEqual(at('conv2', 12));
  });

  it('stays put at the outer edges', () => {
    expect(moveKernel(at('conv1', 0), 'ArrowLeft', grids)).toEqual(at('conv1', 0));
    expect(moveKernel(at('conv1', 2), 'ArrowUp', grids)).toEqual(at('conv1', 2));
    expect(moveKernel(at('conv2', 63), 'ArrowRight', grids)).toEqual(at('conv2', 63));
    expect(moveKernel(at('conv2', 60), 'ArrowDown', grids)).toEqual(at('conv2', 60));
  });

  it('jumps to the first and last kernel of the layer with Home and End', () => {
    expect(moveKernel(at('conv2', 20), 'Home', grids)).toEqual(at('conv2', 0));
    expect(moveKernel(at('conv1', 4), 'End', grids)).toEqual(at('conv1', 31));
  });
});
