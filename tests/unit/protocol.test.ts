import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/schema';
import { ACTIVATION_SHAPES, LAYER_IDS, activationSize } from '../../src/network';
import {
  type KernelGradient,
  kernelGradientTransferables,
  ProtocolError,
  parseFromWorker,
  parseToWorker,
  snapshotTransferables,
  type Snapshot,
} from '../../src/protocol';

/** The snapshot's weight arrays (the activations are checked per layer below). */
const SNAPSHOT_ARRAY_NAMES = [
  'conv1Kernel',
  'conv1Bias',
  'conv2Kernel',
  'conv2Bias',
  'dense1Norms',
  'dense2Kernel',
  'dense2Bias',
] as const;

function snapshot(): Snapshot {
  const activations = Object.fromEntries(
    LAYER_IDS.map((id) => [id, new Float32Array(activationSize(id))]),
  ) as unknown as Snapshot['activations'];
  return {
    step: 3,
    sharing: 'conv',
    conv1Kernel: new Float32Array(288),
    conv1Bias: new Float32Array(32),
    conv2Kernel: new Float32Array(18432),
    conv2Bias: new Float32Array(64),
    dense1Norms: new Float32Array(128),
    dense2Kernel: new Float32Array(1280),
    dense2Bias: new Float32Array(10),
    probeLabel: 7,
    activations,
    conv1Positions: null,
  };
}

describe('the worker protocol', () => {
  it('accepts every well-formed command', () => {
    expect(parseToWorker({ type: 'init', config: DEFAULT_CONFIG, dataUrl: '/d' }).type).toBe(
      'init',
    );
    for (const type of ['pause', 'resume', 'reset', 'checkpoint']) {
      expect(parseToWorker({ type }).type).toBe(type);
    }
    expect(
      parseToWorker({ type: 'pace', pace: { maxStepsPerSecond: null, snapshotEvery: 2 } }).type,
    ).toBe('pace');
    expect(parseToWorker({ type: 'setLearningRate', lr: 0.01 }).type).toBe('setLearningRate');
  });

  it('rejects malformed commands with an error that names them', () => {
    expect(() => parseToWorker(null)).toThrow(ProtocolError);
    expect(() => parseToWorker({ type: 'explode' })).toThrow('malformed "explode" message');
    expect(() =>
      parseToWorker({ type: 'pace', pace: { maxStepsPerSecond: -1, snapshotEvery: 1 } }),
    ).toThrow(/maxStepsPerSecond/);
    expect(() => parseToWorker({ type: 'setLearningRate', lr: 'fast' })).toThrow(/lr/);
    expect(() => parseToWorker({ type: 'init', config: DEFAULT_CONFIG })).toThrow(/dataUrl/);
  });

  it('accepts a full snapshot and lists every buffer for transfer', () => {
    const s = snapshot();
    expect(parseFromWorker({ type: 'snapshot', snapshot: s }).type).toBe('snapshot');
    const buffers = snapshotTransferables(s);
    expect(buffers).toHaveLength(7 + Object.keys(ACTIVATION_SHAPES).length);
    expect(new Set(buffers).size).toBe(buffers.length);
  });

  it('transfers the per-position kernels of an unshared snapshot too', () => {
    const s = {
      ...snapshot(),
      sharing: 'none' as const,
      conv1Positions: new Float32Array(676 * 288),
    };
    expect(parseFromWorker({ type: 'snapshot', snapshot: s }).type).toBe('snapshot');
    expect(snapshotTransferables(s)).toContain(s.conv1Positions.buffer);
    expect(() =>
      parseFromWorker({ type: 'snapshot', snapshot: { ...s, conv1Positions: [1, 2] } }),
    ).toThrow(/conv1Positions/);
  });

  it('rejects a snapshot whose kernel is a plain array', () => {
    const s = { ...snapshot(), conv1Kernel: [1, 2, 3] };
    expect(() => parseFromWorker({ type: 'snapshot', snapshot: s })).toThrow(/conv1Kernel/);
  });

  it('rejects a snapshot missing an activation', () => {
    const s = snapshot();
    const { pool2: _dropped, ...rest } = s.activations;
    expect(() =>
      parseFromWorker({ type: 'snapshot', snapshot: { ...s, activations: rest } }),
    ).toThrow(/activations.pool2/);
  });

  it('rejects an unknown training state', () => {
    expect(() =>
      parseFromWorker({ type: 'state', state: 'dancing', detail: '', progress: null }),
    ).toThrow(/unknown state/);
  });

  it('accepts a kernel selection (or none) and names a kernel that does not exist', () => {
    expect(
      parseToWorker({ type: 'selectKernel', kernel: { layer: 'conv2', filter: 63 } }).type,
    ).toBe('selectKernel');
    expect(parseToWorker({ type: 'selectKernel', kernel: null }).type).toBe('selectKernel');
    for (const kernel of [
      { layer: 'conv1', filter: 32 },
      { layer: 'dense1', filter: 0 },
      { layer: 'conv1', filter: 1.5 },
      undefined,
    ]) {
      expect(() => parseToWorker({ type: 'selectKernel', kernel })).toThrow(
        /"selectKernel" message: kernel must be null or a conv kernel/,
      );
    }
  });

  it('accepts a kernel gradient, lists its buffers for transfer, and rejects plain arrays', () => {
    const g: KernelGradient = {
      step: 4,
      layer: 'conv1',
      filter: 3,
      sharing: 'conv',
      probeLabel: 7,
      positions: 676,
      contributions: new Float32Array(676 * 9),
      magnitudes: new Float32Array(676),
      sum: new Float32Array(9),
      sumRelativeError: 1e-7,
      update: null,
      ms: 12.5,
    };
    expect(parseFromWorker({ type: 'kernelGradient', gradient: g }).type).toBe('kernelGradient');
    expect(kernelGradientTransferables(g)).toEqual([
      g.contributions.buffer,
      g.magnitudes.buffer,
      g.sum!.buffer,
    ]);
    expect(() =>
      parseFromWorker({ type: 'kernelGradient', gradient: { ...g, contributions: [1] } }),
    ).toThrow(/gradient arrays/);
    expect(() =>
      parseFromWorker({ type: 'kernelGradient', gradient: { ...g, filter: 40 } }),
    ).toThrow(/gradient.step\/layer\/filter/);
    // What it cost the worker is part of the message (the benchmark reads it).
    for (const ms of [undefined, -1, Number.NaN, '3']) {
      expect(() => parseFromWorker({ type: 'kernelGradient', gradient: { ...g, ms } })).toThrow(
        /gradient.ms/,
      );
    }
  });

  it('accepts a probe shift of whole pixels in -4..4 and names anything else', () => {
    expect(parseToWorker({ type: 'shiftProbe', shift: [-4, 3] }).type).toBe('shiftProbe');
    for (const shift of [[5, 0], [0, -5], [0.5, 0], [1], 'right', null]) {
      expect(() => parseToWorker({ type: 'shiftProbe', shift })).toThrow(
        /"shiftProbe" message: shift must be \[dx, dy\], whole pixels in -4..4/,
      );
    }
  });

  it('accepts a shift measure with its prediction grid, and rejects a plain array', () => {
    const measure = {
      step: 3,
      shift: [1, -1],
      probeLabel: 4,
      conv1: 0,
      conv2: Number.NaN,
      predictionUnderShift: new Float32Array(81),
    };
    expect(parseFromWorker({ type: 'shiftMeasure', measure }).type).toBe('shiftMeasure');
    expect(() =>
      parseFromWorker({ type: 'shiftMeasure', measure: { ...measure, predictionUnderShift: [] } }),
    ).toThrow(/predictionUnderShift/);
    expect(() =>
      parseFromWorker({ type: 'shiftMeasure', measure: { ...measure, shift: [9, 0] } }),
    ).toThrow(/measure.step\/shift/);
  });
});

describe("the learner's digit messages", () => {
  it('accepts a drawn digit of 784 values and a held-out or training digit by index', () => {
    const drawn = { id: 1, source: 'drawn', pixels: new Float32Array(784) };
    expect(parseToWorker({ type: 'infer', request: drawn }).type).toBe('infer');
    for (const source of ['heldout', 'train']) {
      expect(parseToWorker({ type: 'infer', request: { id: 2, source, index: 5 } }).type).toBe(
        'infer',
      );
    }
  });

  it('names what is wrong with a bad request', () => {
    const bad = (request: unknown) => () => parseToWorker({ type: 'infer', request });
    expect(bad({ id: 1, source: 'drawn', pixels: new Float32Array(10) })).toThrow(/784/);
    expect(bad({ id: 1, source: 'heldout', index: -1 })).toThrow(/index/);
    expect(bad({ id: 1, source: 'heldout', index: 1.5 })).toThrow(/index/);
    expect(bad({ id: 1, source: 'camera', index: 0 })).toThrow(/source/);
    expect(bad({ source: 'train', index: 0 })).toThrow(/id/);
  });

  it('checks an answer: every layer present, a known source', () => {
    const s = snapshot();
    const result = {
      id: 3,
      source: 'drawn',
      index: null,
      label: null,
      prediction: 7,
      step: 9,
      activations: s.activations,
    };
    expect(parseFromWorker({ type: 'inference', result }).type).toBe('inference');
    const partial = { ...result, activations: { ...s.activations, conv2: [1, 2] } };
    expect(() => parseFromWorker({ type: 'inference', result: partial })).toThrow(/conv2/);
    const odd = { ...result, source: 'camera' };
    expect(() => parseFromWorker({ type: 'inference', result: odd })).toThrow(ProtocolError);
    expect(parseFromWorker({ type: 'heldout', labels: new Uint8Array(1000) }).type).toBe('heldout');
    expect(() => parseFromWorker({ type: 'heldout', labels: [1, 2] })).toThrow(/Uint8Array/);
  });

  it('rejects a snapshot array one value short or long, naming it and both lengths', () => {
    for (const k of SNAPSHOT_ARRAY_NAMES) {
      const good = snapshot()[k].length;
      for (const bad of [good - 1, good + 1]) {
        const s = { ...snapshot(), [k]: new Float32Array(bad) };
        expect(() => parseFromWorker({ type: 'snapshot', snapshot: s })).toThrow(
          `snapshot.${k} has ${bad} values, want ${good}`,
        );
      }
    }
  });

  it('rejects an activation whose length does not match its layer shape', () => {
    const s = snapshot();
    const activations = { ...s.activations, conv2: new Float32Array(11 * 11 * 32) };
    expect(() => parseFromWorker({ type: 'snapshot', snapshot: { ...s, activations } })).toThrow(
      'snapshot.activations.conv2 has 3872 values, want 7744',
    );
  });

  it('expects per-position kernels exactly when sharing is off', () => {
    const unshared = { ...snapshot(), sharing: 'none' as const };
    expect(() => parseFromWorker({ type: 'snapshot', snapshot: unshared })).toThrow(
      /conv1Positions is not a Float32Array/,
    );
    const short = { ...unshared, conv1Positions: new Float32Array(675 * 288) };
    expect(() => parseFromWorker({ type: 'snapshot', snapshot: short })).toThrow(
      'snapshot.conv1Positions has 194400 values, want 194688',
    );
    const shared = { ...snapshot(), conv1Positions: new Float32Array(676 * 288) };
    expect(() => parseFromWorker({ type: 'snapshot', snapshot: shared })).toThrow(
      /conv1Positions must be null/,
    );
  });
});
