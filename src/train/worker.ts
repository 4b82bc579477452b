/**
 * The trainer's Web Worker entry: checks every message from the render thread, hands it to the
 * Trainer, and posts only `FromWorker` messages back. A malformed message is reported as a
 * warning that names it, never dropped in silence.
 *
 * It also keeps the render thread told: a heartbeat every few seconds whatever the loop is doing
 * (its absence is how a hung worker is noticed), and a "fault" for an uncaught error, an
 * unhandled rejection or the loss of its own WebGL context, after which the render thread
 * restarts it from the last checkpoint.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { loadMnist } from '../data/mnistFormat';
import { type FromWorker, type TestFault, parseToWorker } from '../protocol';
import { type BackendSettings, startBackend } from './backend';
import { CheckpointStore } from './checkpointStore';
import { Trainer } from './trainer';

/** Heartbeat period: well under the render thread's 10 s silence limit. */
const HEARTBEAT_MS = 2000;

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

/** The backend settings of the run, from its init message (threads, WebGL flushes). */
let backendSettings: BackendSettings | undefined;

function fault(message: string): void {
  post({ type: 'fault', message });
}

/** The WebGL backend's context, when that is the backend in use. */
function trainingGl(): WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as MathBackendWebGL).gpgpu.gl as WebGL2RenderingContext;
}

const trainer = new Trainer({
  post,
  loadData: (url) => loadMnist(url),
  startBackend: async (choice) => {
    const info = await startBackend(choice, backendSettings);
    // In a worker the context's canvas is an OffscreenCanvas (the worker's lib types omit it).
    const gl = trainingGl() as unknown as { canvas?: OffscreenCanvas } | null;
    const canvas = gl?.canvas;
    canvas?.addEventListener('webglcontextlost', () =>
      fault('the GPU context it trains on was lost'),
    );
    return info;
  },
  openStore: () => CheckpointStore.open((message) => post({ type: 'warning', message })),
  now: () => performance.now(),
});

setInterval(() => {
  const { step, chunks } = trainer.status;
  post({ type: 'heartbeat', step, chunks });
}, HEARTBEAT_MS);

scope.addEventListener('error', (e) => {
  e.preventDefault();
  fault(e.message || 'an uncaught error');
});
scope.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  const r: unknown = e.reason;
  fault(`an unhandled rejection: ${r instanceof Error ? r.message : String(r)}`);
});

/** Test hooks: the faults the render thread must recover from, made real. */
function suffer(f: TestFault): void {
  switch (f) {
    case 'hang': {
      // Busy for good: no heartbeat, no step, no message handled.
      for (;;) {
        /* hung */
      }
    }
    case 'throw':
      setTimeout(() => {
        throw new Error('test fault: thrown');
      });
      return;
    case 'reject':
      void Promise.reject(new Error('test fault: rejected'));
      return;
    case 'loseContext': {
      const ext = trainingGl()?.getExtension('WEBGL_lose_context');
      if (ext) ext.loseContext();
      else fault('the GPU context it trains on was lost (simulated: no WebGL context to lose)');
      return;
    }
  }
}

scope.addEventListener('message', (e: MessageEvent<unknown>) => {
  try {
    const msg = parseToWorker(e.data);
    if (msg.type === 'init') backendSettings = msg.config;
    if (msg.type === 'testFault') suffer(msg.fault);
    else trainer.handle(msg);
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
