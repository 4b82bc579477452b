/**
 * The trainer's Web Worker entry: checks every message from the render thread, hands it to the
 * Trainer, and posts only `FromWorker` messages back. A malformed message is reported as a
 * warning that names it, never dropped in silence.
 */
import { loadMnist } from '../data/mnistFormat';
import { type FromWorker, parseToWorker } from '../protocol';
import { type BackendSettings, startBackend } from './backend';
import { CheckpointStore } from './checkpoint';
import { Trainer } from './trainer';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

/** The backend settings of the run, from its init message (threads, WebGL flushes). */
let backendSettings: BackendSettings | undefined;

const trainer = new Trainer({
  post,
  loadData: (url) => loadMnist(url),
  startBackend: (choice) => startBackend(choice, backendSettings),
  openStore: () => CheckpointStore.open(),
  now: () => performance.now(),
});

scope.addEventListener('message', (e: MessageEvent<unknown>) => {
  try {
    const msg = parseToWorker(e.data);
    if (msg.type === 'init') backendSettings = msg.config;
    trainer.handle(msg);
  } catch (err) {
    post({
      type: 'warning',
      message: `the trainer could not act on a message: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
});

scope.addEventListener('messageerror', () => {
  post({ type: 'warning', message: 'the trainer received a message that could not be decoded' });
});
