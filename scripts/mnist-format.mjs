// @ts-check
// The binary format of Weightroom's MNIST file, written by build-mnist.mjs and read by
// src/data/mnistFormat.ts. Little-endian:
//   0  'WRMN'        magic
//   4  u16 version   (1)
//   6  u16 header    bytes (24)
//   8  u32 count     digits
//  12  u8 rows, u8 cols, u16 reserved (0)
//  16  u32 checksum  FNV-1a 32 of everything after the header
//  20  u32 reserved  (0)
//  24  count * rows * cols uint8 pixels (grey 0..255), then count uint8 labels (0..9)

export const MAGIC = 'WRMN';
export const VERSION = 1;
export const HEADER_BYTES = 24;
export const SIDE = 28;

/**
 * FNV-1a, 32 bit: cheap, and enough to catch a corrupted or half-written file.
 * @param {Uint8Array} bytes
 * @param {number} [start]
 * @param {number} [end]
 * @returns {number}
 */
export function fnv1a(bytes, start = 0, end = bytes.length) {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= /** @type {number} */ (bytes[i]);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Encodes digits ({ pixels: ArrayLike<number> of 784 values in 0..1, label: 0..9 }) into the file.
 * @param {{ pixels: ArrayLike<number>, label: number }[]} digits
 * @returns {Uint8Array}
 */
export function encodeMnist(digits) {
  const n = digits.length;
  const px = SIDE * SIDE;
  const out = new Uint8Array(HEADER_BYTES + n * px + n);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, HEADER_BYTES, true);
  view.setUint32(8, n, true);
  out[12] = SIDE;
  out[13] = SIDE;
  digits.forEach((d, i) => {
    if (d.pixels.length !== px)
      throw new Error(`digit ${i}: ${d.pixels.length} pixels, want ${px}`);
    if (!Number.isInteger(d.label) || d.label < 0 || d.label > 9) {
      throw new Error(`digit ${i}: label ${d.label} is not 0..9`);
    }
    const base = HEADER_BYTES + i * px;
    for (let p = 0; p < px; p++) {
      const v = Math.round(Math.min(1, Math.max(0, /** @type {number} */ (d.pixels[p]))) * 255);
      out[base + p] = v;
    }
    out[HEADER_BYTES + n * px + i] = d.label;
  });
  view.setUint32(16, fnv1a(out, HEADER_BYTES), true);
  return out;
}

/**
 * Checks a whole file: magic, version, header size, total length for its digit count, and the
 * checksum. Returns why it is unusable, or null when it is sound. (The app's reader,
 * src/data/mnistFormat.ts, checks more: dimensions and label range.)
 * @param {Uint8Array} bytes
 * @returns {string | null}
 */
export function checkMnist(bytes) {
  if (bytes.length < HEADER_BYTES) return `truncated: ${bytes.length} bytes, no full header`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) return `not a Weightroom MNIST file (magic "${magic}")`;
  if (view.getUint16(4, true) !== VERSION) return `version ${view.getUint16(4, true)}`;
  if (view.getUint16(6, true) !== HEADER_BYTES) return 'unexpected header size';
  const count = view.getUint32(8, true);
  const want = HEADER_BYTES + count * (SIDE * SIDE + 1);
  if (bytes.length !== want) return `truncated or padded: ${bytes.length} bytes, want ${want}`;
  if (fnv1a(bytes, HEADER_BYTES) !== view.getUint32(16, true)) return 'checksum mismatch';
  return null;
}
