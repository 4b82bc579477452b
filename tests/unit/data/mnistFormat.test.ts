import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { encodeMnist, HEADER_BYTES } from '../../../scripts/mnist-format.mjs';
import {
  decodeMnist,
  fnv1a,
  loadMnist,
  MnistFormatError,
  type MnistData,
} from '../../../src/data/mnistFormat';

const require = createRequire(import.meta.url);
const FILE = 'data/mnist.bin';

/** A few real digits from the `mnist` package: the first three of label 3 and of label 7. */
function realDigits() {
  const out: { pixels: number[]; label: number }[] = [];
  for (const label of [3, 7]) {
    const { data } = require(`mnist/src/digits/${label}.json`) as { data: number[] };
    for (let i = 0; i < 3; i++) out.push({ pixels: data.slice(i * 784, (i + 1) * 784), label });
  }
  return out;
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Re-signs a tampered file so that only the intended defect remains. */
function resign(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer).setUint32(16, fnv1a(bytes, HEADER_BYTES), true);
  return bytes;
}

function expectFormatError(bytes: Uint8Array, problem: RegExp) {
  let caught: unknown;
  try {
    decodeMnist(bufferOf(bytes), FILE);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(MnistFormatError);
  const err = caught as MnistFormatError;
  expect(err.file).toBe(FILE);
  expect(err.message).toContain(FILE);
  expect(err.problem).toMatch(problem);
}

describe('the MNIST binary format', () => {
  it('keeps a real digit and its label through conversion', () => {
    const digits = realDigits();
    const data: MnistData = decodeMnist(bufferOf(encodeMnist(digits)), FILE);
    expect(data.count).toBe(6);
    expect(Array.from(data.labels)).toEqual([3, 3, 3, 7, 7, 7]);
    digits.forEach((d, i) => {
      const decoded = data.pixels.subarray(i * 784, (i + 1) * 784);
      for (let p = 0; p < 784; p++) {
        // Stored as uint8: within half a grey level of the source value.
        expect(Math.abs(decoded[p]! / 255 - d.pixels[p]!)).toBeLessThanOrEqual(0.5 / 255 + 1e-9);
      }
    });
    // The digit is really drawn: some ink, mostly background.
    const ink = data.pixels.subarray(0, 784).filter((v) => v > 128).length;
    expect(ink).toBeGreaterThan(40);
    expect(ink).toBeLessThan(400);
  });

  it('decodes the generated file: 10,000 digits, every label present', () => {
    const bytes = readFileSync(new URL('../../../public/data/mnist.bin', import.meta.url));
    const data = decodeMnist(bufferOf(bytes), 'public/data/mnist.bin');
    expect(data.count).toBe(10_000);
    const perLabel = new Array(10).fill(0);
    data.labels.forEach((l) => perLabel[l]++);
    for (const n of perLabel) expect(n).toBeGreaterThan(800);
  });

  it('names a file shorter than its header as truncated', () => {
    expectFormatError(encodeMnist(realDigits()).subarray(0, 10), /truncated: 10 bytes/);
  });

  it('names a file cut short in its pixels as truncated', () => {
    const full = encodeMnist(realDigits());
    expectFormatError(full.slice(0, full.length - 100), /truncated/);
  });

  it('names trailing bytes', () => {
    const full = encodeMnist(realDigits());
    const longer = new Uint8Array(full.length + 3);
    longer.set(full);
    expectFormatError(longer, /3 unexpected bytes/);
  });

  it('names a wrong magic', () => {
    const bytes = encodeMnist(realDigits());
    bytes[0] = 'X'.charCodeAt(0);
    expectFormatError(bytes, /not a Weightroom MNIST file/);
  });

  it('names an unsupported format version', () => {
    const bytes = encodeMnist(realDigits());
    new DataView(bytes.buffer).setUint16(4, 9, true);
    expectFormatError(bytes, /format version 9/);
  });

  it('names digits of the wrong size', () => {
    const bytes = encodeMnist(realDigits());
    bytes[12] = 32;
    expectFormatError(bytes, /32x28/);
  });

  it('names a corrupted pixel through the checksum', () => {
    const bytes = encodeMnist(realDigits());
    bytes[HEADER_BYTES + 400]! ^= 0xff;
    expectFormatError(bytes, /corrupt: checksum/);
  });

  it('names a label out of range even when the checksum agrees', () => {
    const bytes = encodeMnist(realDigits());
    bytes[bytes.length - 1] = 12;
    expectFormatError(resign(bytes), /digit 5 has label 12/);
  });

  it('names an empty file', () => {
    const bytes = encodeMnist(realDigits());
    new DataView(bytes.buffer).setUint32(8, 0, true);
    expectFormatError(bytes, /no digits/);
  });

  it('names a missing file by its URL and HTTP status', async () => {
    const notFound = async () => new Response('nope', { status: 404, statusText: 'Not Found' });
    await expect(loadMnist('/data/mnist.bin', notFound)).rejects.toThrow(
      'MNIST data file /data/mnist.bin: missing: HTTP 404 Not Found',
    );
  });

  it('names a network failure', async () => {
    const offline = async (): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    };
    await expect(loadMnist('/data/mnist.bin', offline)).rejects.toThrow(/could not be fetched/);
  });
});
