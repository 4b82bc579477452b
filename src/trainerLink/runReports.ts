/**
 * What the run reports, received: each checked message from the worker updates the status store
 * and reaches its listeners. Snapshots go to whoever subscribed (the scene); this module never
 * looks inside them beyond a checksum of conv1's kernels for the trainer's e2e test.
 */
import type { FromWorker } from '../protocol';
import type { StatusStore } from '../status';
import type { TrainerListenerSets } from './listeners';

/** The messages about the run itself; the worker's life (faults, warnings, saves) is the host's. */
export type RunReport = Exclude<
  FromWorker,
  { type: 'fault' } | { type: 'warning' } | { type: 'heartbeat' } | { type: 'checkpointDone' }
>;

export class RunReports {
  private readonly checksums: number[] = [];

  constructor(
    private readonly status: StatusStore,
    private readonly listeners: TrainerListenerSets,
  ) {}

  /** `failed`: a failure is on show, and the worker's later state messages must not paint over it. */
  receive(msg: RunReport, failed: boolean): void {
    const { status, listeners } = this;
    const t = status.training;
    switch (msg.type) {
      case 'state':
        if (failed) break;
        t.state = msg.state;
        t.detail = msg.detail;
        t.progress = msg.progress;
        break;
      case 'backend':
        status.backend = msg.backend;
        break;
      case 'metrics': {
        const m = msg.metrics;
        t.step = m.step;
        t.loss = m.loss;
        t.lossSmoothed = m.lossSmoothed;
        t.batchAccuracy = m.batchAccuracy;
        t.stepsPerSecond = m.stepsPerSecond;
        if (m.epoch !== undefined) t.epoch = m.epoch;
        if (m.lr !== undefined) t.lr = m.lr;
        t.memory = { numTensors: msg.memory.numTensors, numBytes: msg.memory.numBytes };
        for (const fn of listeners.run.metrics) fn(m);
        break;
      }
      case 'snapshot':
        status.kernels.version++;
        status.kernels.step = msg.snapshot.step;
        this.checksums.push(checksum(msg.snapshot.conv1Kernel));
        if (this.checksums.length > 2) this.checksums.shift();
        for (const fn of listeners.run.snapshot) fn(msg.snapshot);
        break;
      case 'evaluation':
        t.testAccuracy = msg.evaluation.testAccuracy;
        t.testLoss = msg.evaluation.testLoss;
        if (msg.evaluation.confusion) {
          t.confusion = { step: msg.evaluation.step, counts: [...msg.evaluation.confusion.counts] };
        }
        for (const fn of listeners.run.evaluation) fn(msg.evaluation);
        break;
      case 'checkpointSaved':
        t.lastCheckpointStep = msg.step;
        break;
      case 'runStarted':
        t.runKey = msg.key;
        t.resumedFrom = msg.resumedFrom;
        t.lr = msg.lr;
        t.baseLr = msg.lr;
        // A resumed run is at its saved step before its first new one.
        t.step = msg.resumedFrom ?? 0;
        for (const fn of listeners.run.runStarted) {
          fn({ key: msg.key, resumedFrom: msg.resumedFrom });
        }
        break;
      case 'kernelGradient': {
        const g = msg.gradient;
        const sel = status.selection;
        // A gradient for a kernel that is no longer selected is old news.
        if (!sel || sel.layer !== g.layer || sel.filter !== g.filter) break;
        sel.gradient = {
          positions: g.positions,
          sumRelativeError: g.sumRelativeError,
          step: g.step,
          ms: g.ms,
        };
        for (const fn of listeners.run.kernelGradient) fn(g);
        break;
      }
      case 'shiftMeasure': {
        const m = msg.measure;
        // The measure joins the probe's answer, which the first snapshot sets.
        if (status.probe) {
          status.probe.equivariance = {
            shift: [m.shift[0], m.shift[1]],
            conv1: m.conv1,
            conv2: m.conv2,
          };
        }
        for (const fn of listeners.run.shiftMeasure) fn(m);
        break;
      }
      case 'modelExported':
        status.model.exported++;
        status.model.exportedStep = msg.step;
        for (const fn of listeners.model) fn(msg);
        break;
      case 'modelImported':
        status.model.imported++;
        status.model.message = `loaded ${msg.name}: training continues from its weights at step ${msg.step}`;
        for (const fn of listeners.model) fn(msg);
        break;
      case 'modelRefused':
        status.model.refused++;
        status.model.message = msg.message;
        for (const fn of listeners.model) fn(msg);
        break;
      case 'inference':
        for (const l of listeners.digit) l.inference(msg.result);
        break;
      case 'heldout':
        for (const l of listeners.digit) l.heldout(msg.labels);
        break;
    }
  }

  /** Checksums of conv1's kernels in the last two snapshots received, oldest first. */
  conv1Checksums(): number[] {
    return [...this.checksums];
  }
}

/** A position-weighted sum: differs when any weight moves (once per snapshot, not per frame). */
function checksum(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * ((i % 7) + 1);
  return sum;
}
