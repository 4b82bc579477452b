/**
 * Script time per frame: the CPU profile's samples charged to the frames they fall in, so the
 * benchmark can give percentiles across frames (issue 13's "main-thread script time per frame p95
 * at most 2 ms"), not a mean over the window nor a per-task figure.
 *
 * The page records each frame callback's start (`performance.now()`, src/loop.ts) and the bench
 * reads them after the profile stops. Frame k is [start k, start k+1): the app's script in it is
 * the frame callback and whatever else ran before the next frame (a snapshot's message handler),
 * all of it delaying that next frame. A sample exactly on a start belongs to the frame starting
 * there; a frame with no app sample is 0 ms. Samples before the first start or from the last start
 * on (a frame not finished in the window) are not counted.
 *
 * The profile's clock is not the page's: the bench busy-waits a few ms in a script of its own (a
 * clock mark, several of them) and reads `performance.now()` at its start and end; the mark's first and last
 * samples in the profile bound the offset (to about a sampling interval on a quiet machine).
 */
import { percentile } from './profile';

/** The clock mark as the page saw it (performance.now(), ms) and as the profile sampled it (µs). */
export interface ClockMark {
  readonly pageStartMs: number;
  readonly pageEndMs: number;
  readonly firstSampleUs: number;
  readonly lastSampleUs: number;
}

/**
 * Profile µs minus page ms x 1000, and how far off it may be (µs). The mark's first sample comes
 * at or after its start, its last at or before its end, so the true offset lies between the two
 * estimates: their mean, give or take half their difference. Throws when the estimates are in the
 * wrong order (the two clocks are not one clock plus an offset) or further apart than
 * `maxUncertaintyUs` allows (a sampler delayed by a loaded machine).
 */
export function clockOffsetUs(
  m: ClockMark,
  maxUncertaintyUs: number,
): { offsetUs: number; uncertaintyUs: number } {
  const fromStart = m.firstSampleUs - m.pageStartMs * 1000;
  const fromEnd = m.lastSampleUs - m.pageEndMs * 1000;
  // 50 µs: performance.now() is coarsened to 5 µs or more, with jitter, in the page.
  const uncertaintyUs = (fromStart - fromEnd) / 2;
  if (!(uncertaintyUs >= -50 && uncertaintyUs <= maxUncertaintyUs)) {
    throw new Error(
      `the profile's clock does not match the page's: offsets ${fromStart.toFixed(0)} µs and ` +
        `${fromEnd.toFixed(0)} µs from the clock mark's start and end`,
    );
  }
  return { offsetUs: (fromStart + fromEnd) / 2, uncertaintyUs: Math.max(0, uncertaintyUs) };
}

/**
 * The offset from the mark that bounds it most tightly: a loaded machine can deschedule the page
 * or delay the sampler during one mark and not another. Throws when no mark is within bounds.
 */
export function bestClockOffsetUs(
  marks: readonly ClockMark[],
  maxUncertaintyUs: number,
): { offsetUs: number; uncertaintyUs: number } {
  let best: { offsetUs: number; uncertaintyUs: number } | null = null;
  let lastError = 'no clock mark was sampled';
  for (const m of marks) {
    try {
      const o = clockOffsetUs(m, maxUncertaintyUs);
      if (!best || o.uncertaintyUs < best.uncertaintyUs) best = o;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
  }
  if (!best) throw new Error(lastError);
  return best;
}

/**
 * The app's script ms per frame. `atMs` (ascending) and `appMs`: each sample's time and app script
 * ms; `startsMs` (ascending): frame starts on the same clock. Returns one value per complete frame
 * (startsMs.length - 1 of them).
 */
export function scriptPerFrame(
  atMs: readonly number[],
  appMs: readonly number[],
  startsMs: readonly number[],
): number[] {
  const frames = Math.max(0, startsMs.length - 1);
  const out = new Array<number>(frames).fill(0);
  let k = 0;
  for (let i = 0; i < atMs.length; i++) {
    const t = atMs[i]!;
    if (frames === 0 || t < startsMs[0]! || t >= startsMs[frames]!) continue;
    while (t >= startsMs[k + 1]!) k++;
    out[k]! += appMs[i] ?? 0;
  }
  return out;
}

export interface FrameScript {
  /** Complete frames in the profile. */
  readonly frames: number;
  readonly meanMs: number | null;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  /** How far the frame starts may be off on the profile's clock (ms; clockOffsetUs). */
  readonly clockUncertaintyMs?: number;
  /**
   * The profile's gaps between samples, p50 and p95 (ms): each sample charges its whole gap to one
   * frame, so gaps near a frame's script time (a starved sampler on a loaded machine) make the
   * per-frame figures lumpy (many 0 ms frames, a heavier tail) though the mean stays right.
   */
  readonly sampleGapP50Ms?: number | null;
  readonly sampleGapP95Ms?: number | null;
}

/** Mean and nearest-rank percentiles across frames. */
export function frameFigures(perFrame: readonly number[]): FrameScript {
  const v = [...perFrame].sort((a, b) => a - b);
  return {
    frames: v.length,
    meanMs: v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : null,
    p50Ms: percentile(v, 0.5),
    p95Ms: percentile(v, 0.95),
    p99Ms: percentile(v, 0.99),
    maxMs: v.length > 0 ? v[v.length - 1]! : null,
  };
}
