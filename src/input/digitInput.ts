/**
 * The learner's digit on the render thread: strokes from any pad (the desktop panel, the room's
 * input station, a controller), picks from any panel, and the network's answers. It turns them
 * into requests for the trainer (a drawn digit at most `drawIntervalMs` apart while the pen is
 * down; a refresh when the weights have moved), keeps `status.probe` current, and hands every
 * answer to the room. No DOM and no three.js: the pads and panels are views of this.
 */
import { NUM_CLASSES } from '../network';
import type { DigitRequest, InferenceResult, ProbeSource, Snapshot } from '../protocol';
import type { ProbeShiftStatus, ProbeStatus, StatusStore } from '../status';
import { nextMistake, nextOfClass, stepIndex } from './picking';
import { preprocessStrokes } from './preprocess';
import { StrokeRecorder } from './strokes';
import { Throttle } from './throttle';

export const DIGIT_INPUT = {
  /** While the pen is down: at most 10 answers a second. */
  drawIntervalMs: 100,
  /** A shown digit is asked again when the weights have moved, at most this often. */
  refreshIntervalMs: 250,
  /** An unanswered request older than this no longer holds back a refresh. */
  staleMs: 5000,
  /** The held-out set's size until the worker has sent its labels. */
  heldoutCount: 1000,
  /** Request-to-answer latencies kept for the status hook. */
  latencyWindow: 256,
} as const;

/** The equivariance of an unmoved probe: a zero shift is followed exactly (0 by definition). */
const NO_SHIFT: ProbeShiftStatus['equivariance'] = { shift: [0, 0], conv1: 0, conv2: 0 };

/** How a digit's source reads in a sentence. */
export const SOURCE_NAMES = { drawn: 'drawn', heldout: 'held-out', train: 'training' } as const;

interface Choice {
  readonly source: ProbeSource;
  /** Null when drawn. */
  readonly index: number | null;
}

export class DigitInput {
  readonly strokes = new StrokeRecorder();
  /** What the panels say about the last pick ("no evaluation yet"...); '' when nothing to say. */
  note = '';
  /** Grows when the choice, the answer or the note changes (panels redraw on a change). */
  version = 0;
  /** The 28x28 digit last sent for a drawing (what the network sees), or null. */
  drawn: Float32Array | null = null;
  /** The 28x28 input of the last answer (drawn or picked), for a preview; null before one. */
  shownInput: Float32Array | null = null;
  private readonly throttle = new Throttle(DIGIT_INPUT.drawIntervalMs);
  /** The held-out digit last shown: where Clear and next/previous go from. */
  private lastHeldout = 0;
  /** Null: the run's own probe digit, answered by every snapshot. */
  private choice: Choice | null = null;
  private heldoutLabels: Uint8Array | null = null;
  private mistakes: readonly number[] | null = null;
  private mistakesStep = 0;
  private nextId = 1;
  private sentId = 0;
  private answeredId = 0;
  private lastSentAt = -Infinity;
  private answeredStep = -1;
  private weightsStep = 0;
  private readonly sentAt = new Map<number, number>();
  private readonly latencyMs: number[] = [];

  constructor(
    private readonly send: (r: DigitRequest) => void,
    private readonly status: StatusStore,
    private readonly now: () => number,
    private readonly onAnswer: (r: InferenceResult) => void,
  ) {}

  // ---- drawing ------------------------------------------------------------------------------

  penDown(pointer: number, x: number, y: number): void {
    this.strokes.down(pointer, x, y);
    this.drawingChanged();
  }

  penMove(pointer: number, x: number, y: number): void {
    if (this.strokes.move(pointer, x, y)) this.drawingChanged();
  }

  penUp(pointer: number): void {
    this.strokes.up(pointer);
  }

  /** Wipes the drawing; the network goes back to the held-out digit last shown. */
  clear(): void {
    this.strokes.clear();
    this.throttle.cancel();
    this.drawn = null;
    this.show('heldout', this.lastHeldout);
  }

  private drawingChanged(): void {
    if (this.throttle.request(this.now())) this.sendDrawing();
  }

  private sendDrawing(): void {
    const pixels = preprocessStrokes(this.strokes.strokes);
    if (!pixels) return;
    this.drawn = pixels;
    this.choice = { source: 'drawn', index: null };
    this.note = '';
    this.version++;
    this.request();
  }

  // ---- picking ------------------------------------------------------------------------------

  /** Shows a digit of the held-out or training set by its position in that set. */
  show(source: 'heldout' | 'train', index: number): void {
    if (source === 'heldout') this.lastHeldout = index;
    this.choice = { source, index };
    this.note = '';
    this.version++;
    this.request();
  }

  /** The next (+1) or previous (-1) held-out digit. */
  step(by: number): void {
    const count = this.heldoutLabels?.length ?? DIGIT_INPUT.heldoutCount;
    const current = this.choice?.source === 'heldout' ? this.choice.index! : this.lastHeldout;
    this.show('heldout', stepIndex(current, by, count));
  }

  /** A held-out digit the network got wrong at the latest evaluation (the next one each time). */
  showMistake(): void {
    if (this.mistakes === null) return this.say('No evaluation yet: mistakes come with the first.');
    const current = this.choice?.source === 'heldout' ? this.choice.index : null;
    const i = nextMistake(this.mistakes, current);
    if (i === null) return this.say(`No mistakes at the evaluation of step ${this.mistakesStep}.`);
    this.show('heldout', i);
    this.note = `Mistake ${this.mistakes.indexOf(i) + 1} of ${this.mistakes.length} at step ${this.mistakesStep}.`;
  }

  /** The next held-out digit of class `digit` (0-9). */
  showClass(digit: number): void {
    if (!this.heldoutLabels) return this.say('The digits are still loading.');
    const current = this.choice?.source === 'heldout' ? this.choice.index : null;
    const i = nextOfClass(this.heldoutLabels, digit, current);
    if (i === null) return this.say(`There is no held-out ${digit}.`);
    this.show('heldout', i);
  }

  private say(note: string): void {
    this.note = note;
    this.version++;
  }

  // ---- from the trainer ---------------------------------------------------------------------

  setHeldoutLabels(labels: Uint8Array): void {
    this.heldoutLabels = labels;
  }

  setMistakes(mistakes: readonly number[], step: number): void {
    this.mistakes = mistakes;
    this.mistakesStep = step;
  }

  /** Every snapshot: the weights moved. Without a choice, the snapshot's probe is the answer. */
  onSnapshot(s: Snapshot): void {
    this.weightsStep = s.step;
    if (this.choice) return;
    // The run's own probe is the first held-out digit (the trainer's prepareData).
    this.setProbe(probeStatus('heldout', 0, s.probeLabel, s.activations.output, s.step));
    this.shownInput = s.activations.input;
    this.version++;
  }

  onResult(r: InferenceResult): void {
    if (r.id <= this.answeredId) return; // an older answer arriving late
    this.answeredId = r.id;
    this.answeredStep = r.step;
    const sent = this.sentAt.get(r.id);
    if (sent !== undefined) {
      if (this.latencyMs.length >= DIGIT_INPUT.latencyWindow) this.latencyMs.shift();
      this.latencyMs.push(this.now() - sent);
    }
    for (const id of this.sentAt.keys()) if (id <= r.id) this.sentAt.delete(id);
    this.setProbe(probeStatus(r.source, r.index, r.label, r.activations.output, r.step));
    this.shownInput = r.activations.input;
    this.version++;
    this.onAnswer(r);
  }

  /** The answer, keeping the shift panel's last equivariance measure beside it. */
  private setProbe(p: ProbeStatus): void {
    this.status.probe = { ...p, equivariance: this.status.probe?.equivariance ?? NO_SHIFT };
  }

  /** Request-to-answer times (ms) of recent requests, oldest first (a test and script hook). */
  latencies(): number[] {
    return [...this.latencyMs];
  }

  // ---- per frame ----------------------------------------------------------------------------

  /** Per frame: no allocation unless a request goes out. */
  update(): void {
    const now = this.now();
    if (this.throttle.poll(now)) {
      this.sendDrawing();
      return;
    }
    if (!this.choice || this.weightsStep <= this.answeredStep) return;
    const waiting = this.sentId > this.answeredId && now - this.lastSentAt < DIGIT_INPUT.staleMs;
    if (!waiting && now - this.lastSentAt >= DIGIT_INPUT.refreshIntervalMs) this.request();
  }

  /** Stops any kept drawing request. */
  dispose(): void {
    this.throttle.cancel();
  }

  private request(): void {
    const c = this.choice;
    if (!c) return;
    const id = this.nextId++;
    this.sentId = id;
    this.lastSentAt = this.now();
    this.sentAt.set(id, this.lastSentAt);
    if (c.source === 'drawn') {
      // A fresh copy each time: the request's pixels are transferred to the worker.
      if (this.drawn) this.send({ id, source: 'drawn', pixels: this.drawn.slice() });
    } else {
      this.send({ id, source: c.source, index: c.index! });
    }
  }
}

/** The status form of an answer: the 10 probabilities and the most probable digit. */
export function probeStatus(
  source: ProbeSource,
  index: number | null,
  label: number | null,
  output: Float32Array,
  step: number,
): ProbeStatus {
  const probabilities = Array.from(output.subarray(0, NUM_CLASSES));
  let prediction = 0;
  for (let i = 1; i < NUM_CLASSES; i++) {
    if (probabilities[i]! > probabilities[prediction]!) prediction = i;
  }
  return { source, index, label, prediction, probabilities, step };
}
