import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/schema';
import {
  type Checkpoint,
  CheckpointError,
  checkCompatible,
  deserializeCheckpoint,
  serializeCheckpoint,
} from '../../../src/train/checkpoint';
import { generationsOf, keyGeneration, keyOfGeneration, runKey } from '../../../src/train/runKeys';

const SPECS = [
  { name: 'conv1/kernel', shape: [3, 3, 1, 2] },
  { name: 'conv1/bias', shape: [2] },
];

function sample(moments = true): Checkpoint {
  const ramp = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => (i - k) / 7);
  return {
    key: 'run?seed=42&batch=32&sharing=conv',
    step: 125,
    trainingMs: 98765.5,
    config: DEFAULT_CONFIG,
    weights: [
      { name: 'conv1/kernel', shape: [3, 3, 1, 2], values: ramp(18, 3) },
      { name: 'conv1/bias', shape: [2], values: Float32Array.of(0.25, -0.5) },
    ],
    optimizerIterations: 125,
    optimizerMoments: moments
      ? [
          { name: 'conv1/kernel/m', shape: [3, 3, 1, 2], values: ramp(18, 1) },
          { name: 'conv1/bias/m', shape: [2], values: Float32Array.of(1, 2) },
          { name: 'conv1/kernel/v', shape: [3, 3, 1, 2], values: ramp(18, 5) },
          { name: 'conv1/bias/v', shape: [2], values: Float32Array.of(3, 4) },
        ]
      : [],
  };
}

function expectProblem(buffer: ArrayBuffer, pattern: RegExp): void {
  let error: unknown;
  try {
    deserializeCheckpoint(buffer, 'k');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CheckpointError);
  expect((error as Error).message).toMatch(pattern);
}

describe('checkpoint serialisation', () => {
  test('a checkpoint survives serialise then deserialise exactly', () => {
    const c = sample();
    const back = deserializeCheckpoint(serializeCheckpoint(c), c.key);
    expect(back.key).toBe(c.key);
    expect(back.step).toBe(125);
    expect(back.trainingMs).toBe(98765.5);
    expect(back.optimizerIterations).toBe(125);
    expect(back.config).toEqual(DEFAULT_CONFIG);
    expect(back.weights.map((w) => [w.name, w.shape])).toEqual(
      c.weights.map((w) => [w.name, w.shape]),
    );
    c.weights.forEach((w, i) => expect(back.weights[i]!.values).toEqual(w.values));
    c.optimizerMoments.forEach((m, i) => {
      expect(back.optimizerMoments[i]!.name).toBe(m.name);
      expect(back.optimizerMoments[i]!.values).toEqual(m.values);
    });
  });

  test('a checkpoint saved before the first step (no moments) round-trips', () => {
    const back = deserializeCheckpoint(serializeCheckpoint(sample(false)), 'k');
    expect(back.optimizerMoments).toEqual([]);
    expect(checkCompatible(back, DEFAULT_CONFIG, SPECS)).toBeNull();
  });

  test('a flipped byte in the data is reported as corrupt', () => {
    const buf = serializeCheckpoint(sample());
    const bytes = new Uint8Array(buf);
    bytes[bytes.length - 3]! ^= 0x40;
    expectProblem(buf, /corrupt: checksum/);
  });

  test('a truncated checkpoint is reported', () => {
    const buf = serializeCheckpoint(sample());
    expectProblem(buf.slice(0, 10), /truncated/);
    expectProblem(buf.slice(0, buf.byteLength - 8), /corrupt|bytes/);
  });

  test('a buffer that is not a checkpoint, or of another version, is reported', () => {
    const buf = serializeCheckpoint(sample());
    const other = new Uint8Array(buf.slice(0));
    other[0] = 'X'.charCodeAt(0);
    expectProblem(other.buffer, /not a Weightroom checkpoint/);
    const v2 = buf.slice(0);
    new DataView(v2).setUint16(4, 2, true);
    expectProblem(v2, /format version 2/);
  });
});

describe('checkpoint compatibility', () => {
  test('a checkpoint of this model and run is compatible', () => {
    expect(checkCompatible(sample(), DEFAULT_CONFIG, SPECS)).toBeNull();
  });

  test('a different weight shape is named', () => {
    const specs = [SPECS[0]!, { name: 'conv1/bias', shape: [3] }];
    expect(checkCompatible(sample(), DEFAULT_CONFIG, specs)).toMatch(
      /weight conv1\/bias has shape \[2\], the model's is \[3\]/,
    );
  });

  test('a different run identity is named', () => {
    expect(checkCompatible(sample(), { ...DEFAULT_CONFIG, sharing: 'none' }, SPECS)).toMatch(
      /sharing=conv, this run has sharing=none/,
    );
  });

  test('a wrong number of optimizer moments is named', () => {
    const c = sample();
    const broken = { ...c, optimizerMoments: c.optimizerMoments.slice(0, 3) };
    expect(checkCompatible(broken, DEFAULT_CONFIG, SPECS)).toMatch(/3 optimizer moments/);
  });
});

describe('run keys', () => {
  test('the key names the run identity and ignores pacing and display knobs', () => {
    const k = runKey(DEFAULT_CONFIG);
    expect(k).toBe('run?seed=42&batch=32&sharing=conv&compare=false');
    expect(runKey({ ...DEFAULT_CONFIG, lr: 0.01, snapshotEvery: 9, hz: 90 })).toBe(k);
    expect(runKey({ ...DEFAULT_CONFIG, seed: 7 })).not.toBe(k);
  });

  test('generations order a run key and its successors', () => {
    const base = 'run?seed=1';
    expect(keyOfGeneration(base, 1)).toBe(base);
    expect(keyOfGeneration(base, 3)).toBe('run?seed=1#3');
    expect(keyGeneration(base, 'run?seed=1#3')).toBe(3);
    expect(keyGeneration(base, 'run?seed=12')).toBe(0);
    expect(
      generationsOf(base, ['run?seed=1#10', 'run?seed=2', 'run?seed=1', 'run?seed=1#2']),
    ).toEqual(['run?seed=1', 'run?seed=1#2', 'run?seed=1#10']);
  });
});
