import { describe, expect, it } from 'vitest';
import { LAYER_IDS, activationSize } from '../../../src/network';
import type { DigitRequest, InferenceResult } from '../../../src/protocol';
import { initialStatus } from '../../../src/status';
import type { DigitListeners } from '../../../src/trainerClient';
import { TwinAnswers } from '../../../src/input/twinAnswers';

/** Stands in for a twin's worker client: records requests; the test answers for the worker. */
class StandInTwin {
  readonly requests: DigitRequest[] = [];
  listeners: DigitListeners | null = null;
  infer(r: DigitRequest): void {
    this.requests.push(r);
  }
  onDigit(l: DigitListeners): () => void {
    this.listeners = l;
    return () => (this.listeners = null);
  }
  answer(r: DigitRequest, digit: number, step: number): void {
    const activations = Object.fromEntries(
      LAYER_IDS.map((id) => [id, new Float32Array(activationSize(id))]),
    ) as InferenceResult['activations'];
    activations.output[digit] = 1;
    this.listeners?.inference({
      id: r.id,
      source: r.source,
      index: null,
      label: null,
      prediction: digit,
      step,
      activations,
    });
  }
}

describe('TwinAnswers', () => {
  it('sends the same digit to both twins, each with its own copy of a drawing', () => {
    const conv = new StandInTwin();
    const none = new StandInTwin();
    const pixels = new Float32Array(784).fill(0.25);
    const answers = new TwinAnswers(
      [
        { mode: 'conv', client: conv },
        { mode: 'none', client: none },
      ],
      initialStatus(),
    );
    answers.send({ id: 4, source: 'drawn', pixels });
    const [a, b] = [conv.requests[0]!, none.requests[0]!];
    if (a.source !== 'drawn' || b.source !== 'drawn') throw new Error('expected drawings');
    expect(a.pixels).not.toBe(b.pixels);
    expect(a.pixels).not.toBe(pixels);
    expect(Array.from(b.pixels)).toEqual(Array.from(pixels));
  });

  it("publishes each twin's answer as status.probeTwins", () => {
    const conv = new StandInTwin();
    const none = new StandInTwin();
    const status = initialStatus();
    const answers = new TwinAnswers(
      [
        { mode: 'conv', client: conv },
        { mode: 'none', client: none },
      ],
      status,
    );
    expect(status.probeTwins).toEqual({ conv: null, none: null });
    answers.send({ id: 1, source: 'heldout', index: 3 });
    conv.answer(conv.requests[0]!, 7, 40);
    none.answer(none.requests[0]!, 1, 38);
    expect(status.probeTwins?.conv).toMatchObject({ prediction: 7, step: 40 });
    expect(status.probeTwins?.none).toMatchObject({ prediction: 1, step: 38 });
    answers.dispose();
    expect(conv.listeners).toBeNull();
  });
});
