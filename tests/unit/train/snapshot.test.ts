import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { packParts, unpackParts } from '../../../src/train/snapshot';

describe('snapshot packing', () => {
  it('unpacks every part by its name, whatever its position', async () => {
    // tidy keeps only tensors: the layout leaves it the way readSnapshot's does.
    let layout: ReturnType<typeof packParts<'bias' | 'kernel' | 'norm'>>['layout'] = [];
    const flat = tf.tidy(() => {
      const packed = packParts([
        ['bias', tf.tensor1d([1, 2])],
        ['kernel', tf.tensor2d([3, 4, 5, 6, 7, 8], [2, 3])],
        ['norm', tf.scalar(9)],
      ] as const);
      layout = packed.layout;
      return packed.flat;
    });
    const values = (await flat.data()) as Float32Array;
    flat.dispose();
    const parts = unpackParts(values, layout);
    expect([...parts.get('kernel')!]).toEqual([3, 4, 5, 6, 7, 8]);
    expect([...parts.get('bias')!]).toEqual([1, 2]);
    expect([...parts.get('norm')!]).toEqual([9]);
  });

  it('gives each part its own buffer, so transferring one leaves the others intact', () => {
    const values = new Float32Array([1, 2, 3]);
    const parts = unpackParts(values, [
      { name: 'a', size: 1 },
      { name: 'b', size: 2 },
    ]);
    expect(parts.get('a')!.buffer).not.toBe(values.buffer);
    expect(parts.get('a')!.buffer).not.toBe(parts.get('b')!.buffer);
  });

  it('refuses a read-back whose length does not match the layout', () => {
    expect(() => unpackParts(new Float32Array(4), [{ name: 'a', size: 3 }])).toThrow(
      /layout holds 3 floats, the read-back 4/,
    );
  });
});
