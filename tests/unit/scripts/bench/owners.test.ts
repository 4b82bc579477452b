import { describe, expect, it } from 'vitest';
import { chunkOwner, ownerByChunk } from '../../../../scripts/bench/owners';

describe('chunkOwner', () => {
  it("names a chunk of IWER's packages the emulator's, and any chunk with the app's sources the app's", () => {
    expect(
      chunkOwner([
        '../../../node_modules/gl-matrix/esm/mat3.js',
        '../../../node_modules/iwer/lib/device/XRDevice.js',
      ]),
    ).toBe('emulator');
    expect(
      chunkOwner([
        '../../../node_modules/react/jsx-runtime.js',
        '../../../node_modules/@iwer/devui/lib/index.js',
      ]),
    ).toBe('emulator');
    expect(
      chunkOwner([
        '../../../node_modules/three/build/three.module.js',
        '../../../src/xr/emulate.ts',
        '../../../node_modules/iwer/lib/index.js',
      ]),
    ).toBe('app');
    expect(chunkOwner(['../../../node_modules/three/build/three.module.js'])).toBe('app');
  });
});

describe('ownerByChunk', () => {
  it('matches a script URL by its file name, ignoring a query', () => {
    const owner = ownerByChunk(new Set(['lib-abc.js']));
    expect(owner('http://127.0.0.1:4188/assets/lib-abc.js')).toBe('emulator');
    expect(owner('http://127.0.0.1:4188/assets/lib-abc.js?v=1')).toBe('emulator');
    expect(owner('http://127.0.0.1:4188/assets/index-def.js')).toBe('app');
  });
});
