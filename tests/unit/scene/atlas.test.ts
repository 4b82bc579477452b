import { describe, expect, it } from 'vitest';
import { CONV1, CONV2 } from '../../../src/network';
import {
  atlasBuffer,
  cellAtTexel,
  cellOrigin,
  dataRow,
  fillKernelAtlas,
  fillMapAtlas,
  gridAtlas,
  kernelAtUv,
  kernelAtlas,
  kernelCenterUv,
  kernelIndex,
  mapAtlas,
  texelOffset,
  weightTexel,
} from '../../../src/scene/atlas';
import { GUTTER_VALUE } from '../../../src/scene/colorMap';

describe('gridAtlas', () => {
  it('sizes the texture as cells plus gutters on every side', () => {
    const a = gridAtlas(3, 3, 32, 8, 1);
    expect(a.rows).toBe(4);
    expect(a.width).toBe(1 + 8 * 4);
    expect(a.height).toBe(1 + 4 * 4);
  });

  it('finds every cell back from any of its texels, and -1 in gutters', () => {
    const a = mapAtlas(26, 32, 8, 2);
    const o = { x: 0, y: 0 };
    for (let i = 0; i < a.count; i++) {
      cellOrigin(a, i, o);
      expect(cellAtTexel(a, o.x, o.y)).toBe(i);
      expect(cellAtTexel(a, o.x + 25, o.y + 25)).toBe(i);
      expect(cellAtTexel(a, o.x - 1, o.y)).toBe(-1);
      expect(cellAtTexel(a, o.x, o.y + 26)).toBe(-1);
    }
    expect(cellAtTexel(a, 0, 0)).toBe(-1);
    expect(cellAtTexel(a, a.width + 3, 5)).toBe(-1);
  });

  it('does not report cells past the count in a partly filled last row', () => {
    const a = gridAtlas(2, 2, 5, 4, 1); // second row holds one cell
    const o = { x: 0, y: 0 };
    cellOrigin(a, 4, o);
    expect(cellAtTexel(a, o.x, o.y)).toBe(4);
    expect(cellAtTexel(a, o.x + 3, o.y)).toBe(-1);
  });

  it('stores texel row 0 (the top) in the last data row, as an unflipped DataTexture shows it', () => {
    const a = gridAtlas(2, 2, 1, 1, 1);
    expect(dataRow(a, 0)).toBe(a.height - 1);
    expect(dataRow(a, a.height - 1)).toBe(0);
    expect(texelOffset(a, 1, 0)).toBe((a.height - 1) * a.width + 1);
  });

  it('starts with every texel the gutter marker', () => {
    const a = gridAtlas(3, 3, 4, 2, 1);
    const buf = atlasBuffer(a);
    expect(buf.length).toBe(a.width * a.height);
    for (const v of buf) expect(v).toBe(GUTTER_VALUE);
  });
});

describe('kernel atlases', () => {
  it('reads tfjs kernels as [kh, kw, in, out] row-major', () => {
    // A kernel whose value encodes its own (ky, kx, c, f), written in tfjs's flat order.
    const s = CONV2;
    const flat: number[] = [];
    for (let ky = 0; ky < 3; ky++)
      for (let kx = 0; kx < 3; kx++)
        for (let c = 0; c < s.inChannels; c++)
          for (let f = 0; f < s.filters; f++) flat.push(((ky * 3 + kx) * 100 + c) * 100 + f);
    for (const [f, c, ky, kx] of [
      [0, 0, 0, 0],
      [63, 31, 2, 2],
      [5, 17, 1, 2],
      [40, 3, 2, 0],
    ] as const) {
      expect(flat[kernelIndex(s, f, c, ky, kx)]).toBe(((ky * 3 + kx) * 100 + c) * 100 + f);
    }
  });

  it('gives every weight of conv2 its own texel, inside its kernel cell', () => {
    const ka = kernelAtlas(CONV2, 8, 8, 2);
    const seen = new Set<number>();
    const t = { x: 0, y: 0 };
    for (let f = 0; f < 64; f++)
      for (let c = 0; c < 32; c++)
        for (let ky = 0; ky < 3; ky++)
          for (let kx = 0; kx < 3; kx++) {
            weightTexel(ka, f, c, ky, kx, t);
            expect(cellAtTexel(ka.grid, t.x, t.y)).toBe(f);
            seen.add(t.y * ka.grid.width + t.x);
          }
    expect(seen.size).toBe(64 * 32 * 9);
  });

  it('maps kernel index -> UV -> kernel index for both layers', () => {
    for (const ka of [kernelAtlas(CONV1, 8, 1, 1), kernelAtlas(CONV2, 8, 8, 2)]) {
      for (let f = 0; f < ka.spec.filters; f++) {
        const { u, v } = kernelCenterUv(ka, f);
        expect(u).toBeGreaterThan(0);
        expect(u).toBeLessThan(1);
        expect(kernelAtUv(ka, u, v)).toBe(f);
      }
    }
  });

  it('puts conv1 kernel 0 top-left and kernel 31 bottom-right (v up)', () => {
    const ka = kernelAtlas(CONV1, 8, 1, 1);
    const first = kernelCenterUv(ka, 0);
    const last = kernelCenterUv(ka, 31);
    expect(first.u).toBeLessThan(0.2);
    expect(first.v).toBeGreaterThan(0.8);
    expect(last.u).toBeGreaterThan(0.8);
    expect(last.v).toBeLessThan(0.2);
    expect(kernelAtUv(ka, 0, 0)).toBe(-1); // the border gutter
  });

  it('puts each weight at its own texel and leaves the gutters marked', () => {
    const ka = kernelAtlas(CONV2, 8, 8, 2);
    const kernel = new Float32Array(3 * 3 * 32 * 64);
    kernel[kernelIndex(CONV2, 9, 20, 2, 1)] = 0.5;
    kernel[kernelIndex(CONV2, 50, 0, 0, 2)] = -0.25;
    const data = atlasBuffer(ka.grid);
    fillKernelAtlas(ka, kernel, data);
    const t = { x: 0, y: 0 };
    weightTexel(ka, 9, 20, 2, 1, t);
    expect(data[texelOffset(ka.grid, t.x, t.y)]).toBe(0.5);
    weightTexel(ka, 50, 0, 0, 2, t);
    expect(data[texelOffset(ka.grid, t.x, t.y)]).toBe(-0.25);
    weightTexel(ka, 9, 20, 1, 1, t);
    expect(data[texelOffset(ka.grid, t.x, t.y)]).toBe(0);
    expect(data[0]).toBe(GUTTER_VALUE);
    // Every weight lands somewhere, and only weights replace the gutter marker.
    expect(data.filter((v) => v !== GUTTER_VALUE).length).toBe(kernel.length);
  });
});

describe('map atlases', () => {
  it('reads activations as [h, w, channels] row-major and puts each at its texel', () => {
    const a = mapAtlas(26, 32, 8, 2);
    const acts = new Float32Array(26 * 26 * 32);
    acts[(4 * 26 + 7) * 32 + 13] = 2; // y 4, x 7, channel 13
    const data = atlasBuffer(a);
    fillMapAtlas(a, acts, data);
    const o = { x: 0, y: 0 };
    cellOrigin(a, 13, o);
    expect(data[texelOffset(a, o.x + 7, o.y + 4)]).toBe(2);
    expect(data[texelOffset(a, o.x + 4, o.y + 7)]).toBe(0);
  });
});
