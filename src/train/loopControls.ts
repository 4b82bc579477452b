/**
 * What the page's messages set and the training loop reads: the state last announced, whether the
 * learner wants training to run and at what pace, the requests waiting between steps, the probe's
 * reports and the learner's digit, and the means to sleep until a message or to yield to one.
 */
import type { FromWorker, Pace, TrainingState } from '../protocol';
import { InferenceQueue } from './inference';
import { PendingRequests } from './pendingRequests';
import { ProbeReports } from './probeReports';
import { Sleeper } from './sleeper';
import type { TrainingRun } from './trainingRun';
import { makeYielder } from './yielder';

export interface ControlsHost {
  post(msg: FromWorker, transfer?: Transferable[]): void;
}

export class LoopControls {
  state: TrainingState = 'idle';
  pace: Pace = { maxStepsPerSecond: null, snapshotEvery: 1 };
  wantRunning = false;
  /** The loop ends (dispose, or an error). */
  stopped = false;
  /** Evaluation chunks done so far (heartbeats carry it: an evaluation that advances is alive). */
  evaluationChunks = 0;
  readonly requests = new PendingRequests();
  readonly reports: ProbeReports;
  readonly sleeper = new Sleeper();
  readonly yielder = makeYielder();
  /** The learner's digit, answered between steps. */
  readonly inference = new InferenceQueue();
  /** The run: made at "init", so a learning rate set while loading applies to it. */
  run: TrainingRun | null = null;

  constructor(private readonly host: ControlsHost) {
    this.reports = new ProbeReports((msg, transfer) => host.post(msg, transfer));
  }

  /** Announces a state; the run's training clock runs only in state `running`. */
  setState(state: TrainingState, detail: string, progress: number | null): void {
    if (state === 'running') this.run?.startClock();
    else this.run?.stopClock();
    this.state = state;
    this.host.post({ type: 'state', state, detail, progress });
  }
}
