import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeMnist } from '../../../src/data/mnistFormat';

const SCRIPT = 'scripts/build-mnist.mjs';
const dir = mkdtempSync(join(tmpdir(), 'weightroom-mnist-'));
const out = join(dir, 'mnist.bin');

/** Runs the script on a private output file (never the app's public/data); returns its output. */
function build(): string {
  return execFileSync(process.execPath, [SCRIPT, '--out', out], { encoding: 'utf8' });
}

/** Decodes the file as the app does; throws MnistFormatError when it is unusable. */
function decode(): number {
  const b = readFileSync(out);
  return decodeMnist(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength), out).count;
}

describe('scripts/build-mnist.mjs', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a file the app reads, and leaves a sound, current file alone', () => {
    expect(build()).toContain('missing; wrote 10000 digits');
    expect(decode()).toBe(10_000);
    const before = statSync(out).mtimeMs;
    expect(build()).toBe('');
    expect(statSync(out).mtimeMs).toBe(before);
  });

  it('rebuilds a truncated file even though it is newer than its sources', () => {
    truncateSync(out, 1_000_000);
    expect(() => decode()).toThrow();
    expect(build()).toContain('truncated or padded: 1000000 bytes');
    expect(decode()).toBe(10_000);
  });

  it('rebuilds a file whose pixels were corrupted in place', () => {
    const size = statSync(out).size;
    execFileSync(process.execPath, [
      '-e',
      `const fs = require('node:fs'); const fd = fs.openSync(${JSON.stringify(out)}, 'r+');
       fs.writeSync(fd, Buffer.from([0xff, 0x00, 0xff]), 0, 3, 5000); fs.closeSync(fd);`,
    ]);
    expect(statSync(out).size).toBe(size);
    expect(build()).toContain('checksum mismatch');
    expect(decode()).toBe(10_000);
  });

  it('leaves no temporary file behind', () => {
    expect(readdirSync(dir)).toEqual(['mnist.bin']);
  });
});
