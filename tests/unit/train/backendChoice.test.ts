import { describe, expect, it } from 'vitest';
import { chooseAutoBackend, isSoftwareRenderer } from '../../../src/train/backendChoice';

describe('chooseAutoBackend', () => {
  it('chooses WebGL 2 on a hardware GPU and says which', () => {
    const c = chooseAutoBackend({ renderer: 'Adreno (TM) 740' });
    expect(c.name).toBe('webgl');
    expect(c.reason).toBe('auto: WebGL 2 on the hardware GPU (Adreno (TM) 740)');
  });

  it.each([
    [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'SwiftShader',
    ],
    ['llvmpipe (LLVM 15.0.7, 256 bits)', 'llvmpipe'],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)', 'Basic Render'],
  ])('chooses WASM on the software renderer %s, saying why', (renderer, kind) => {
    const c = chooseAutoBackend({ renderer });
    expect(c.name).toBe('wasm');
    expect(c.reason).toBe(
      `auto: WASM, because the GPU is a software renderer (${kind}), ` +
        'where WebGL trains far slower and takes the frames down with it',
    );
  });

  it('chooses WASM where the worker has no WebGL 2', () => {
    expect(chooseAutoBackend({ renderer: null })).toEqual({
      name: 'wasm',
      reason: 'auto: no WebGL 2 in the worker, so WASM on the CPU',
    });
  });
});

describe('isSoftwareRenderer', () => {
  it('does not mistake hardware GPUs for software', () => {
    for (const r of [
      'NVIDIA GeForce RTX 4090',
      'Apple M2',
      'Mali-G710',
      'Intel(R) UHD Graphics 630',
    ]) {
      expect(isSoftwareRenderer(r)).toBe(false);
    }
  });
});
