import { describe, expect, test } from 'vitest';
import { PerspectiveCamera, Scene, type WebGLRenderer } from 'three';
import { precompile } from '../../../src/scene/precompile';

/**
 * A renderer as far as precompile() reads it: compileAsync, its programs, and the context's loss.
 * No WebGL here (unit tests run in Node); the browser spec kernel.spec.ts checks the real one.
 */
function renderer(programs: number, loseAfter = Infinity) {
  const log: string[] = [];
  let settled = 0;
  const list = Array.from({ length: programs }, (_, i) => ({
    getUniforms: () => {
      settled++;
      log.push(`first use ${i}`);
    },
  }));
  const fake = {
    compileAsync: () => {
      log.push('compile');
      return Promise.resolve();
    },
    info: { programs: list },
    getContext: () => ({ isContextLost: () => settled >= loseAfter }),
  };
  return { r: fake as unknown as WebGLRenderer, log };
}

describe('precompile', () => {
  test('compiles the whole scene, then settles every program once, each in a task of its own', async () => {
    const { r, log } = renderer(3);
    const done = precompile(r, new Scene(), new PerspectiveCamera());
    for (let i = 0; i < 10; i++) await Promise.resolve();
    // compileAsync ran at once; no program's first use has run in the same task (microtasks drained).
    expect(log).toEqual(['compile']);
    await done;
    expect(log).toEqual(['compile', 'first use 0', 'first use 1', 'first use 2']);
  });

  test('stops settling programs when the context is lost', async () => {
    const { r, log } = renderer(4, 2);
    await precompile(r, new Scene(), new PerspectiveCamera());
    expect(log).toEqual(['compile', 'first use 0', 'first use 1']);
  });
});
