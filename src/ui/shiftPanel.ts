/**
 * Move the probe digit (desktop): "Shift right" and "Shift down" range inputs (-4..4, arrow keys
 * too), what the trainer measured of the move (each conv layer's equivariance error), and the
 * prediction under shift: p(the digit's class) at every shift of the 9x9 grid as a heat map.
 * Nothing here runs per frame: it redraws when a measure arrives.
 */
import type { ShiftMeasureReport } from '../protocol';
import { MAX_PROBE_SHIFT } from '../protocol';
import './shift.css';

const SIDE = 2 * MAX_PROBE_SHIFT + 1;

function rangeInput(name: string): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'range';
  input.min = String(-MAX_PROBE_SHIFT);
  input.max = String(MAX_PROBE_SHIFT);
  input.step = '1';
  input.value = '0';
  input.setAttribute('aria-label', name);
  return input;
}

/** The error as a person reads it: "0" for an exact follow, 3 significant digits otherwise. */
export function formatError(e: number): string {
  if (!Number.isFinite(e)) return 'n/a';
  if (e === 0) return '0';
  return e < 1e-3 ? e.toExponential(1) : e.toPrecision(3);
}

export class ShiftPanel {
  readonly root = document.createElement('section');
  readonly right = rangeInput('Shift right');
  readonly down = rangeInput('Shift down');
  private readonly measure = document.createElement('p');
  private readonly heat = document.createElement('canvas');
  private readonly pixels = new ImageData(SIDE, SIDE);

  constructor(onShift: (dx: number, dy: number) => void) {
    this.root.className = 'wr-panel shift-panel';
    this.root.id = 'shift-panel';
    const title = document.createElement('h2');
    title.textContent = 'Move the digit';
    const row = (text: string, input: HTMLInputElement) => {
      const label = document.createElement('label');
      const name = document.createElement('span');
      name.textContent = text;
      const value = document.createElement('output');
      value.textContent = input.value;
      input.addEventListener('input', () => {
        value.textContent = input.value;
        onShift(Number(this.right.value), Number(this.down.value));
      });
      label.append(name, input, value);
      return label;
    };
    this.measure.className = 'shift-measure';
    this.measure.textContent = 'Move the digit to see whether the maps follow it.';
    this.heat.width = SIDE;
    this.heat.height = SIDE;
    this.heat.setAttribute('role', 'img');
    this.heat.setAttribute('aria-label', 'Prediction under shift');
    const caption = document.createElement('div');
    caption.textContent = "p(digit's class) at each shift, -4..4 (centre: unmoved)";
    this.root.append(
      title,
      row('Shift right', this.right),
      row('Shift down', this.down),
      this.measure,
      this.heat,
      caption,
    );
  }

  /** Shows what the trainer measured of the move. */
  show(m: ShiftMeasureReport): void {
    const [dx, dy] = m.shift;
    this.measure.textContent =
      `moved (${dx}, ${dy}): equivariance error conv1 ${formatError(m.conv1)}, ` +
      `conv2 ${formatError(m.conv2)} (0 = the maps move with the digit); ` +
      `p(${m.probeLabel}) unmoved ${m.predictionUnderShift[(SIDE * SIDE - 1) / 2]!.toFixed(2)}`;
    const d = this.pixels.data;
    for (let i = 0; i < SIDE * SIDE; i++) {
      // Dark (p = 0) to amber (p = 1); the current shift outlined in white.
      const p = Math.min(1, Math.max(0, m.predictionUnderShift[i] ?? 0));
      const current = i === (dy + MAX_PROBE_SHIFT) * SIDE + dx + MAX_PROBE_SHIFT;
      d[i * 4] = current ? 255 : Math.round(22 + 233 * p);
      d[i * 4 + 1] = current ? 255 : Math.round(24 + 144 * p);
      d[i * 4 + 2] = current ? 255 : Math.round(30 + 10 * p);
      d[i * 4 + 3] = 255;
    }
    this.heat.getContext('2d')?.putImageData(this.pixels, 0, 0);
    this.heat.dataset.shift = `${dx},${dy}`;
  }
}
