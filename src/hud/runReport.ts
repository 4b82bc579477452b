/**
 * What a run leaves behind for "Download report": the whole record of its evaluations and a
 * sampled loss curve, kept on the render thread from the trainer's messages, and the report built
 * from it as plain JSON. The report carries its own link (the config as a query string), so
 * opening that link trains the same run again.
 */
import { serializeConfig } from '../config/parse';
import type { Config } from '../config/schema';
import type { BackendInfo, Evaluation, Metrics } from '../protocol';

/** Keep one loss point every this many steps: a long run stays a few thousand points. */
export const LOSS_SAMPLE_EVERY = 10;

export interface EvaluationPoint {
  readonly step: number;
  readonly epoch: number | null;
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly trainingMs: number;
}

export class RunRecord {
  readonly evaluations: EvaluationPoint[] = [];
  readonly loss: { step: number; loss: number; lossSmoothed: number; lr: number | null }[] = [];
  /** The newest evaluation's confusion matrix (row = true label), null before the first. */
  confusion: { step: number; counts: number[] } | null = null;
  steps = 0;
  epoch: number | null = null;
  trainingMs = 0;
  private epochPerStep: number | null = null;

  /** Per metrics message (not per frame). */
  onMetrics(m: Metrics): void {
    this.steps = m.step;
    this.trainingMs = m.trainingMs;
    if (m.epoch !== undefined) {
      this.epoch = m.epoch;
      if (m.step > 0) this.epochPerStep = m.epoch / m.step;
    }
    if (m.step % LOSS_SAMPLE_EVERY === 0) {
      this.loss.push({
        step: m.step,
        loss: m.loss,
        lossSmoothed: m.lossSmoothed,
        lr: m.lr ?? null,
      });
    }
  }

  onEvaluation(e: Evaluation): void {
    this.evaluations.push({
      step: e.step,
      epoch: this.epochPerStep === null ? null : e.step * this.epochPerStep,
      testAccuracy: e.testAccuracy,
      testLoss: e.testLoss,
      trainingMs: e.trainingMs,
    });
    if (e.confusion) this.confusion = { step: e.step, counts: [...e.confusion.counts] };
  }

  /** A new run (reset, or a loaded model's weights): the old curves no longer describe it. */
  clear(): void {
    this.evaluations.length = 0;
    this.loss.length = 0;
    this.confusion = null;
  }
}

export interface RunReport {
  readonly weightroomReport: 1;
  /** The link that reproduces the run (origin and path of the page, then the config). */
  readonly link: string;
  readonly config: Config;
  readonly seed: number;
  readonly steps: number;
  readonly epochs: number | null;
  /** Training time, excluding pauses, in seconds. */
  readonly wallTimeSeconds: number;
  readonly backend: BackendInfo | null;
  readonly state: string;
  readonly finalTestAccuracy: number | null;
  readonly bestTestAccuracy: { step: number; testAccuracy: number } | null;
  readonly confusionMatrix: { step: number; rows: number[][] } | null;
  readonly curves: {
    readonly evaluations: readonly EvaluationPoint[];
    readonly loss: RunRecord['loss'];
  };
  readonly createdAt: string;
}

export function buildReport(
  record: RunRecord,
  context: {
    config: Config;
    backend: BackendInfo | null;
    state: string;
    pageUrl: string;
    now: Date;
  },
): RunReport {
  const url = new URL(context.pageUrl);
  const link = `${url.origin}${url.pathname}${serializeConfig(context.config)}`;
  const last = record.evaluations.at(-1) ?? null;
  let best: RunReport['bestTestAccuracy'] = null;
  for (const e of record.evaluations) {
    if (!best || e.testAccuracy > best.testAccuracy)
      best = { step: e.step, testAccuracy: e.testAccuracy };
  }
  const c = record.confusion;
  return {
    weightroomReport: 1,
    link,
    config: context.config,
    seed: context.config.seed,
    steps: record.steps,
    epochs: record.epoch,
    wallTimeSeconds: record.trainingMs / 1000,
    backend: context.backend,
    state: context.state,
    finalTestAccuracy: last?.testAccuracy ?? null,
    bestTestAccuracy: best,
    confusionMatrix: c
      ? {
          step: c.step,
          rows: Array.from({ length: 10 }, (_, t) => c.counts.slice(t * 10, t * 10 + 10)),
        }
      : null,
    curves: { evaluations: [...record.evaluations], loss: [...record.loss] },
    createdAt: context.now.toISOString(),
  };
}
