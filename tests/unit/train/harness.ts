/**
 * Runs the real Trainer in Node on the WASM backend and the real digits, with an in-memory
 * checkpoint store, recording every message it posts (each checked with parseFromWorker).
 */
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, type Config } from '../../../src/config/schema';
import { decodeMnist, type MnistData } from '../../../src/data/mnistFormat';
import { type FromWorker, parseFromWorker } from '../../../src/protocol';
import { type CheckpointStoreLike, Trainer } from '../../../src/train/trainer';
import { useWasm } from './wasmNode';

const MNIST_FILE = 'public/data/mnist.bin';

let cached: MnistData | null = null;
/** The 10,000 real digits the app serves (run `node scripts/build-mnist.mjs` if missing). */
export function loadDigits(): MnistData {
  if (!cached) {
    if (!existsSync(MNIST_FILE)) {
      throw new Error(`${MNIST_FILE} is missing: run node scripts/build-mnist.mjs first`);
    }
    const b = readFileSync(MNIST_FILE);
    cached = decodeMnist(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength), MNIST_FILE);
  }
  return cached;
}

export class MemoryStore implements CheckpointStoreLike {
  readonly map = new Map<string, unknown>();
  keys(): Promise<string[]> {
    return Promise.resolve([...this.map.keys()]);
  }
  get(key: string): Promise<unknown> {
    return Promise.resolve(this.map.get(key));
  }
  put(key: string, buffer: ArrayBuffer): Promise<void> {
    this.map.set(key, buffer);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.map.delete(key);
    return Promise.resolve();
  }
}

export interface Harness {
  trainer: Trainer;
  messages: FromWorker[];
  config: Config;
  /** Resolves with the first message (from the start) that satisfies pred. */
  until<T extends FromWorker>(pred: (m: FromWorker) => m is T, timeoutMs: number): Promise<T>;
  until(pred: (m: FromWorker) => boolean, timeoutMs: number): Promise<FromWorker>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Waiting on a run that diverged throws, as an error does (the default). */
  failOnDiverged?: boolean;
  /** The trainer's clock (a simulated one in tests of time); the real one by default. */
  now?: () => number;
  /** Sees every message as it is posted, before the trainer goes on. */
  onPost?: (m: FromWorker) => void;
}

export function startTrainer(
  overrides: Partial<Config>,
  store: CheckpointStoreLike = new MemoryStore(),
  { failOnDiverged = true, now = () => performance.now(), onPost }: HarnessOptions = {},
): Harness {
  const config: Config = { ...DEFAULT_CONFIG, backend: 'wasm', ...overrides };
  const messages: FromWorker[] = [];
  const trainer = new Trainer({
    post: (m) => {
      messages.push(parseFromWorker(m));
      onPost?.(m);
      // WR_TRACE=1 prints every message as it arrives (vitest holds console output until the end).
      if (process.env.WR_TRACE && m.type !== 'snapshot')
        process.stderr.write(`${JSON.stringify(m)}\n`);
    },
    loadData: () => Promise.resolve(loadDigits()),
    startBackend: async () => {
      await useWasm();
      return { name: 'wasm', webglVersion: null, renderer: 'wasm (node)', software: true };
    },
    openStore: () => Promise.resolve(store),
    now,
  });
  trainer.handle({ type: 'init', config, dataUrl: MNIST_FILE });
  const until = async (pred: (m: FromWorker) => boolean, timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    let seen = 0;
    for (;;) {
      for (; seen < messages.length; seen++) {
        const m = messages[seen]!;
        if (pred(m)) return m;
        if (
          m.type === 'state' &&
          (m.state === 'error' || (failOnDiverged && m.state === 'diverged'))
        ) {
          throw new Error(`trainer stopped (${m.state}): ${m.detail}`);
        }
      }
      if (performance.now() > deadline) {
        throw new Error(`timed out; last messages: ${JSON.stringify(messages.slice(-3))}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    trainer,
    messages,
    config,
    until: until as Harness['until'],
    async stop() {
      try {
        // A diverged run is already stopped: there is no pause to wait for.
        if (trainer.status.state === 'diverged') return;
        trainer.handle({ type: 'pause' });
        await until((m) => m.type === 'state' && m.state === 'paused', 60_000);
      } finally {
        trainer.dispose();
      }
    },
  };
}

export const isMetrics = (m: FromWorker): m is Extract<FromWorker, { type: 'metrics' }> =>
  m.type === 'metrics';
export const isEvaluation = (m: FromWorker): m is Extract<FromWorker, { type: 'evaluation' }> =>
  m.type === 'evaluation';
