/**
 * Reads Weightroom's MNIST file (written by scripts/build-mnist.mjs; the layout is documented in
 * scripts/mnist-format.mjs) and checks every part of it. A bad file is a `MnistFormatError` that
 * names the file and what is wrong with it, so the app can say so instead of training on garbage.
 */
import {
  HEADER_BYTES as MNIST_HEADER_BYTES,
  MAGIC as MNIST_MAGIC,
  VERSION as MNIST_VERSION,
  fnv1a,
} from '../../scripts/mnist-format.mjs';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../network';

// The format is defined once, beside the script that writes it (scripts/mnist-format.mjs): the
// reader takes its constants and checksum from there so the two cannot drift.
export { fnv1a };

export interface MnistData {
  readonly count: number;
  /** count * 784 grey values, 0..255, row-major per digit. */
  readonly pixels: Uint8Array;
  /** count labels, 0..9. */
  readonly labels: Uint8Array;
}

export class MnistFormatError extends Error {
  override readonly name = 'MnistFormatError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`MNIST data file ${file}: ${problem}`);
  }
}

export function decodeMnist(buffer: ArrayBuffer, file: string): MnistData {
  const bytes = new Uint8Array(buffer);
  const bad = (problem: string): never => {
    throw new MnistFormatError(file, problem);
  };
  if (bytes.length < MNIST_HEADER_BYTES) {
    bad(`truncated: ${bytes.length} bytes, shorter than the ${MNIST_HEADER_BYTES}-byte header`);
  }
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== MNIST_MAGIC)
    bad(`not a Weightroom MNIST file (magic "${magic}", want "${MNIST_MAGIC}")`);
  const view = new DataView(buffer);
  const version = view.getUint16(4, true);
  if (version !== MNIST_VERSION)
    bad(`format version ${version}, this app reads version ${MNIST_VERSION}`);
  const header = view.getUint16(6, true);
  if (header !== MNIST_HEADER_BYTES) bad(`header of ${header} bytes, want ${MNIST_HEADER_BYTES}`);
  const count = view.getUint32(8, true);
  if (count === 0) bad('holds no digits');
  const rows = bytes[12]!;
  const cols = bytes[13]!;
  if (rows !== IMAGE_SIZE || cols !== IMAGE_SIZE) bad(`digits of ${rows}x${cols}, want 28x28`);
  const want = MNIST_HEADER_BYTES + count * IMAGE_PIXELS + count;
  if (bytes.length < want) bad(`truncated: ${bytes.length} bytes, ${count} digits need ${want}`);
  if (bytes.length > want) bad(`${bytes.length - want} unexpected bytes after ${count} digits`);
  const checksum = view.getUint32(16, true);
  const actual = fnv1a(bytes, MNIST_HEADER_BYTES);
  if (checksum !== actual) {
    bad(
      `corrupt: checksum ${checksum.toString(16)} does not match contents (${actual.toString(16)})`,
    );
  }
  const pixels = bytes.subarray(MNIST_HEADER_BYTES, MNIST_HEADER_BYTES + count * IMAGE_PIXELS);
  const labels = bytes.subarray(MNIST_HEADER_BYTES + count * IMAGE_PIXELS, want);
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= NUM_CLASSES) bad(`digit ${i} has label ${labels[i]}, labels are 0..9`);
  }
  return { count, pixels, labels };
}

/** Fetches and decodes the data file; a missing file or HTTP error is a MnistFormatError too. */
export async function loadMnist(url: string, fetchFn: typeof fetch = fetch): Promise<MnistData> {
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch (e) {
    throw new MnistFormatError(
      url,
      `could not be fetched (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (!response.ok) {
    throw new MnistFormatError(
      url,
      `missing: HTTP ${response.status} ${response.statusText}`.trim(),
    );
  }
  return decodeMnist(await response.arrayBuffer(), url);
}
