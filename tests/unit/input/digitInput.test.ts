import { describe, expect, it } from 'vitest';
import { DIGIT_INPUT, DigitInput } from '../../../src/input/digitInput';
import { LAYER_IDS, activationSize } from '../../../src/network';
import type { DigitRequest, InferenceResult, Snapshot } from '../../../src/protocol';
import { initialStatus } from '../../../src/status';

/** Activations whose output puts probability 0.9 on `digit`. */
function activations(digit: number): InferenceResult['activations'] {
  const a = Object.fromEntries(
    LAYER_IDS.map((id) => [id, new Float32Array(activationSize(id))]),
  ) as Record<(typeof LAYER_IDS)[number], Float32Array>;
  a.output.fill(0.1 / 9);
  a.output[digit] = 0.9;
  return a;
}

function answer(r: DigitRequest, step: number, digit: number): InferenceResult {
  return {
    id: r.id,
    source: r.source,
    index: r.source === 'drawn' ? null : r.index,
    label: r.source === 'drawn' ? null : 4,
    prediction: digit,
    step,
    activations: activations(digit),
  };
}

function snapshot(step: number): Snapshot {
  const empty = new Float32Array(1);
  return {
    step,
    sharing: 'conv',
    conv1Kernel: empty,
    conv1Bias: empty,
    conv2Kernel: empty,
    conv2Bias: empty,
    dense1Norms: empty,
    dense2Kernel: empty,
    dense2Bias: empty,
    probeLabel: 1,
    activations: activations(2),
    conv1Positions: null,
  };
}

function setup() {
  let now = 0;
  const sent: DigitRequest[] = [];
  const shown: InferenceResult[] = [];
  const status = initialStatus();
  const digit = new DigitInput(
    (r) => sent.push(r),
    status,
    () => now,
    (r) => shown.push(r),
  );
  return { digit, sent, shown, status, advance: (ms: number) => (now += ms) };
}

describe('DigitInput', () => {
  it('sends a drawing at most every 100 ms while the pen moves, and its final shape after', () => {
    const { digit, sent, advance } = setup();
    digit.penDown(1, 0.2, 0.2);
    for (let i = 1; i <= 30; i++) {
      advance(16);
      digit.penMove(1, 0.2 + i * 0.02, 0.2 + i * 0.01);
      digit.update();
    }
    digit.penUp(1);
    advance(200);
    digit.update();
    // 30 moves over 480 ms: the first point, one every 7th frame (112 ms), then the final shape.
    expect(sent.length).toBeLessThanOrEqual(6);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent.every((r) => r.source === 'drawn' && r.pixels.length === 784)).toBe(true);
    const last = sent.at(-1)!;
    if (last.source !== 'drawn') throw new Error('expected a drawing');
    expect(Array.from(last.pixels)).toEqual(Array.from(digit.drawn!));
  });

  it('writes the answer to status.probe and ignores an older answer arriving late', () => {
    const { digit, sent, shown, status } = setup();
    digit.show('heldout', 17);
    digit.show('heldout', 18);
    digit.onResult(answer(sent[1]!, 40, 7));
    digit.onResult(answer(sent[0]!, 39, 3));
    expect(status.probe).toMatchObject({
      source: 'heldout',
      index: 18,
      label: 4,
      prediction: 7,
      step: 40,
    });
    expect(status.probe!.probabilities[7]).toBeCloseTo(0.9);
    expect(shown.map((r) => r.id)).toEqual([sent[1]!.id]);
  });

  it('asks again when the weights have moved, at most every 250 ms, never while waiting', () => {
    const { digit, sent, advance } = setup();
    digit.show('train', 5);
    digit.onSnapshot(snapshot(11));
    advance(DIGIT_INPUT.refreshIntervalMs);
    digit.update();
    expect(sent).toHaveLength(1); // the first request is still unanswered
    digit.onResult(answer(sent[0]!, 10, 1));
    digit.update();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ source: 'train', index: 5 });
    digit.onResult(answer(sent[1]!, 11, 1));
    digit.onSnapshot(snapshot(12));
    advance(100);
    digit.update();
    expect(sent).toHaveLength(2); // too soon
    advance(DIGIT_INPUT.refreshIntervalMs);
    digit.update();
    expect(sent).toHaveLength(3);
  });

  it('reports the run’s own probe from snapshots until the learner picks or draws', () => {
    const { digit, sent, status } = setup();
    digit.onSnapshot(snapshot(3));
    expect(status.probe).toMatchObject({ source: 'heldout', index: 0, label: 1, prediction: 2 });
    expect(sent).toHaveLength(0);
  });

  it('shows the mistakes of the latest evaluation in turn, and says when there are none', () => {
    const { digit, sent } = setup();
    digit.showMistake();
    expect(sent).toHaveLength(0);
    expect(digit.note).toMatch(/No evaluation yet/);
    digit.setMistakes([30, 9], 50);
    digit.showMistake();
    digit.showMistake();
    expect(sent.map((r) => (r.source === 'heldout' ? r.index : -1))).toEqual([9, 30]);
    digit.setMistakes([], 100);
    digit.showMistake();
    expect(digit.note).toMatch(/No mistakes at the evaluation of step 100/);
  });

  it('picks a digit of a class, and Clear goes back to the held-out digit last shown', () => {
    const { digit, sent } = setup();
    digit.setHeldoutLabels(Uint8Array.from([3, 1, 4, 1, 5]));
    digit.showClass(1);
    digit.showClass(1);
    digit.penDown(1, 0.5, 0.5);
    digit.clear();
    expect(digit.strokes.empty).toBe(true);
    expect(sent.map((r) => `${r.source}${r.source === 'drawn' ? '' : r.index}`)).toEqual([
      'heldout1',
      'heldout3',
      'drawn',
      'heldout3',
    ]);
  });
});
