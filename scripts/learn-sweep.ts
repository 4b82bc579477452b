/**
 * One seeded training run in Node on the WASM backend, outside the app's loop, to find settings
 * that reach the learning target (tests/unit/train/learningTarget.test.ts then proves the chosen
 * ones through the real Trainer). It prints one line per evaluation and a JSON summary.
 *
 *   npm run learn-sweep -- seed=42 batch=64 lr=0.002 augment=1 schedule=cosine epochs=10 evalEvery=100
 *
 * Arguments are the app's URL parameters (checked by the same parser).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { parseConfig } from '../src/config/parse';
import { augmentBatch } from '../src/data/augment';
import { BatchSource, gatherDigits } from '../src/data/batches';
import { decodeMnist } from '../src/data/mnistFormat';
import { stratifiedSplit } from '../src/data/split';
import { IMAGE_SIZE } from '../src/network';
import { learningRateAt } from '../src/train/lrSchedule';
import { evaluateChunkWithPredictions, readChunk } from '../src/train/predictions';
import { totalSteps } from '../src/train/runPlan';
import {
  buildModel,
  createOptimizer,
  setLearningRate,
  trainStep,
  trainableVariables,
} from '../src/train/model';
import { useWasm } from '../tests/unit/train/wasmNode';

async function main(): Promise<void> {
  const parsed = parseConfig(`?${process.argv.slice(2).join('&')}`);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  const config = parsed.config;
  await useWasm();
  const file = readFileSync('public/data/mnist.bin');
  const data = decodeMnist(
    file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
    'mnist.bin',
  );
  const split = stratifiedSplit(data.labels, config.seed);
  const batches = new BatchSource(data, split.train, config.batch, config.seed);
  const test = gatherDigits(data, split.test);
  const testXs = tf.tensor4d(test.pixels, [test.size, IMAGE_SIZE, IMAGE_SIZE, 1]);
  const testYs = tf.tensor1d(test.labels, 'int32');
  const model = buildModel(config.sharing, config.seed);
  const optimizer = createOptimizer(config.lr);
  const variables = trainableVariables(model);
  const stepsPerEpoch = Math.ceil(split.train.length / config.batch);
  const total = totalSteps(config, split.train.length);
  const started = performance.now();
  const curve: { step: number; acc: number; loss: number }[] = [];
  for (let step = 0; step < total; step++) {
    setLearningRate(optimizer, learningRateAt(config.schedule, config.lr, step, total));
    let b = batches.batchAt(step);
    if (config.augment) b = augmentBatch(b, config.seed, step);
    const xs = tf.tensor4d(b.pixels, [b.size, IMAGE_SIZE, IMAGE_SIZE, 1]);
    const ys = tf.tensor1d(b.labels, 'int32');
    const stats = trainStep(model, optimizer, variables, xs, ys);
    tf.dispose([xs, ys]);
    await stats.data();
    stats.dispose();
    if ((step + 1) % config.evalEvery === 0 || step + 1 === total) {
      const out = evaluateChunkWithPredictions(model, testXs, testYs);
      const { lossSum, correct } = readChunk(await out.data());
      out.dispose();
      const e = { step: step + 1, acc: correct / test.size, loss: lossSum / test.size };
      curve.push(e);
      const s = ((performance.now() - started) / 1000).toFixed(0);
      console.info(
        `step ${e.step} epoch ${((step + 1) / stepsPerEpoch).toFixed(2)}: ${(e.acc * 100).toFixed(1)}% loss ${e.loss.toFixed(4)} ${s} s`,
      );
    }
  }
  let run = 0;
  let firstThree: number | null = null;
  for (const e of curve) {
    run = e.acc >= 0.99 ? run + 1 : 0;
    if (run === 3 && firstThree === null) firstThree = e.step;
  }
  const best = curve.reduce((a, e) => (e.acc > a.acc ? e : a));
  console.info(
    JSON.stringify({
      args: process.argv.slice(2).join(' '),
      best,
      last: curve.at(-1),
      firstThree,
      seconds: (performance.now() - started) / 1000,
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
