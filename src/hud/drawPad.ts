/**
 * The desktop drawing pad: a canvas to draw a digit on with a mouse, pen or finger (pointer
 * events), "Clear", a preview of the 28x28 digit the network reads, the network's answer, and
 * picks from the held-out digits (previous, next, "Show a mistake", a digit of a class). It is a
 * view of DigitInput, which does the work.
 */
import { type DigitInput, SOURCE_NAMES } from '../input/digitInput';
import { drawStrokes } from '../input/strokeCanvas';
import type { View } from '../loop';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../network';
import type { StatusStore } from '../status';
import './drawPad.css';

/** Pad canvas resolution (px); shown at 210 CSS px. */
const PAD_PX = 420;
/** Stroke width on the pad as drawn (the network's input has its own, MNIST-like width). */
const PAD_LINE = 30;

function button(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (label !== text) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

export class DrawPad implements View {
  readonly root = document.createElement('aside');
  private readonly pad = document.createElement('canvas');
  private readonly preview = document.createElement('canvas');
  private readonly answer = document.createElement('span');
  private readonly note = document.createElement('p');
  private readonly twins = document.createElement('p');
  private twinsShown: StatusStore['probeTwins'] = null;
  private readonly previewImage: ImageData;
  private strokesShown = -1;
  private versionShown = -1;

  constructor(
    private readonly digit: DigitInput,
    private readonly status: StatusStore,
  ) {
    this.root.id = 'draw-pad';
    this.root.className = 'wr-panel';
    this.root.setAttribute('aria-label', 'Your digit');
    const title = document.createElement('h2');
    title.textContent = 'Your digit';

    const pad = this.pad;
    pad.width = pad.height = PAD_PX;
    pad.className = 'dp-pad';
    pad.setAttribute('role', 'application');
    pad.setAttribute('aria-label', 'Draw a digit');
    pad.addEventListener('pointerdown', this.onDown);
    pad.addEventListener('pointermove', this.onMove);
    pad.addEventListener('pointerup', this.onUp);
    pad.addEventListener('pointercancel', this.onUp);

    this.preview.width = this.preview.height = IMAGE_SIZE;
    this.preview.className = 'dp-preview';
    this.preview.setAttribute('role', 'img');
    this.preview.setAttribute('aria-label', 'What the network reads: the digit at 28×28');
    this.previewImage = new ImageData(IMAGE_SIZE, IMAGE_SIZE);
    this.answer.className = 'dp-answer';
    this.answer.setAttribute('aria-live', 'polite');
    this.note.className = 'dp-note';
    this.twins.className = 'dp-twins';
    this.twins.hidden = true;

    const classes = document.createElement('div');
    classes.className = 'dp-row dp-classes';
    classes.setAttribute('role', 'group');
    classes.setAttribute('aria-label', 'Show a held-out digit of a class');
    for (let d = 0; d < NUM_CLASSES; d++) {
      classes.append(button(String(d), `Show a held-out ${d}`, () => digit.showClass(d)));
    }
    const row = (...children: Node[]) => {
      const r = document.createElement('div');
      r.className = 'dp-row';
      r.append(...children);
      return r;
    };
    this.root.append(
      title,
      pad,
      row(
        button('Clear', 'Clear', () => digit.clear()),
        button('◀', 'Previous held-out digit', () => digit.step(-1)),
        button('▶', 'Next held-out digit', () => digit.step(1)),
        button('Show a mistake', 'Show a mistake', () => digit.showMistake()),
      ),
      classes,
      row(this.preview, this.answer),
      this.twins,
      this.note,
    );
    this.drawStrokes();
  }

  private point(e: PointerEvent): [number, number] {
    const r = this.pad.getBoundingClientRect();
    return [(e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height];
  }

  private readonly onDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    this.pad.setPointerCapture(e.pointerId);
    this.digit.penDown(e.pointerId, ...this.point(e));
  };

  private readonly onMove = (e: PointerEvent): void => {
    // Coalesced events keep a fast stroke's shape where the browser batches pointer moves.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const c of events.length > 0 ? events : [e]) {
      this.digit.penMove(e.pointerId, ...this.point(c));
    }
  };

  private readonly onUp = (e: PointerEvent): void => {
    this.digit.penUp(e.pointerId);
  };

  /** Per frame: redraws only when the strokes or the answer changed. */
  update(): void {
    if (this.digit.strokes.version !== this.strokesShown) {
      this.strokesShown = this.digit.strokes.version;
      this.drawStrokes();
    }
    if (this.status.probeTwins !== this.twinsShown) {
      this.twinsShown = this.status.probeTwins;
      this.drawTwins();
    }
    if (this.digit.version !== this.versionShown) {
      this.versionShown = this.digit.version;
      this.drawAnswer();
    }
  }

  private ctx(c: HTMLCanvasElement): CanvasRenderingContext2D {
    const x = c.getContext('2d');
    if (!x) throw new Error('2D canvas unavailable');
    return x;
  }

  private drawStrokes(): void {
    drawStrokes(this.ctx(this.pad), this.digit.strokes.strokes, PAD_PX, PAD_LINE);
  }

  private drawAnswer(): void {
    const input = this.digit.shownInput;
    if (input) {
      const d = this.previewImage.data;
      for (let i = 0; i < IMAGE_PIXELS; i++) {
        const v = Math.round(Math.min(1, Math.max(0, input[i] ?? 0)) * 255);
        d[i * 4] = d[i * 4 + 1] = d[i * 4 + 2] = v;
        d[i * 4 + 3] = 255;
      }
      this.ctx(this.preview).putImageData(this.previewImage, 0, 0);
    }
    const p = this.status.probe;
    this.answer.textContent = p ? answerLine(p) : 'waiting for the first answer';
    this.answer.dataset.mistake = String(
      p !== null && p.label !== null && p.label !== p.prediction,
    );
    this.note.textContent = this.digit.note;
  }

  /** During a comparison: what each twin predicts for the same digit. */
  private drawTwins(): void {
    const t = this.twinsShown;
    this.twins.hidden = t === null;
    if (!t) return;
    const one = (name: string, p: typeof t.conv) =>
      p
        ? `${name} predicts ${p.prediction} (${Math.round((p.probabilities[p.prediction] ?? 0) * 100)}%, step ${p.step})`
        : `${name}: no answer yet`;
    this.twins.textContent = `${one('shared twin', t.conv)} · ${one('unshared twin', t.none)}`;
  }

  dispose(): void {
    this.root.remove();
  }
}

/** "held-out #17 · label 7 · predicts 1 (54%) · a mistake · step 120" */
export function answerLine(p: NonNullable<StatusStore['probe']>): string {
  const where = p.source === 'drawn' ? 'drawn' : `${SOURCE_NAMES[p.source]} #${p.index}`;
  const label = p.label === null ? '' : ` · label ${p.label}`;
  const pct = Math.round((p.probabilities[p.prediction] ?? 0) * 100);
  const wrong = p.label !== null && p.label !== p.prediction ? ' · a mistake' : '';
  return `${where}${label} · predicts ${p.prediction} (${pct}%)${wrong} · step ${p.step}`;
}
