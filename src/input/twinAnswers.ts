/**
 * During a comparison (?compare=1) the shared and the unshared twin answer for the learner's digit
 * too: every request goes to both, and each one's answer is kept (and published as
 * `status.probeTwins`), so the panel can set the two networks' predictions side by side.
 */
import type { SharingMode } from '../config/schema';
import type { DigitRequest, InferenceResult } from '../protocol';
import type { ProbeStatus, StatusStore } from '../status';
import type { DigitListeners } from '../trainerClient';
import { probeStatus } from './digitInput';

/** What this needs of a twin's trainer client (the worker client has both). */
export interface AnsweringTwin {
  readonly mode: SharingMode;
  readonly client: {
    infer?(request: DigitRequest): void;
    onDigit?(listeners: DigitListeners): () => void;
  } | null;
}

export class TwinAnswers {
  /** Each twin's latest answer, null until it has answered. */
  readonly answers: Record<SharingMode, ProbeStatus | null> = { conv: null, none: null };
  /** Grows with every answer (the panel redraws on a change). */
  version = 0;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly twins: readonly AnsweringTwin[],
    private readonly status: StatusStore,
  ) {
    for (const t of twins) {
      const off = t.client?.onDigit?.({
        inference: (r) => this.onAnswer(t.mode, r),
        heldout: () => {},
      });
      if (off) this.unsubscribe.push(off);
    }
    status.probeTwins = { ...this.answers };
  }

  /** Sends the request to both twins; a drawing's pixels are copied for each (they are moved). */
  send(r: DigitRequest): void {
    for (const t of this.twins) {
      t.client?.infer?.(r.source === 'drawn' ? { ...r, pixels: r.pixels.slice() } : r);
    }
  }

  private onAnswer(mode: SharingMode, r: InferenceResult): void {
    this.answers[mode] = probeStatus(r.source, r.index, r.label, r.activations.output, r.step);
    this.status.probeTwins = { ...this.answers };
    this.version++;
  }

  dispose(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }
}
