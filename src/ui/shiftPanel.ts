/**
 * Move the probe digit (desktop): "Shift right" and "Shift down" range inputs (-4..4, arrow keys
 * too), what the trainer measured of the move (each conv layer's equivariance error), and the
 * prediction under shift: p(the digit's class) at every shift of the 9x9 grid as a heat map.
 * Nothing here runs per frame: it redraws when a measure arrives.
 */
import type { ShiftMeasureReport } from '../protocol';
import { MAX_PROBE_SHIFT } from '../protocol';
import { SHIFT_SIDE as SIDE, fillShiftHeat, formatError } from './shiftHeat';
import './shift.css';

export { formatError };

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

export class ShiftPanel {
  readonly root = document.createElement('section');
  readonly right = rangeInput('Shift right');
  readonly down = rangeInput('Shift down');
  private readonly measure = document.createElement('p');
  private readonly heat = document.createElement('canvas');
  private readonly pixels = new ImageData(SIDE, SIDE);
  /** The number beside each range. */
  private readonly outputs: HTMLOutputElement[] = [];

  constructor(private readonly onShift: (dx: number, dy: number) => void) {
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
      this.outputs.push(value);
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

  /** Moves the digit from elsewhere (the VR thumbstick): the ranges follow, and the trainer. */
  setShift(dx: number, dy: number): void {
    this.right.value = String(dx);
    this.down.value = String(dy);
    [this.right, this.down].forEach((input, i) => (this.outputs[i]!.textContent = input.value));
    this.onShift(dx, dy);
  }

  /** The shift the ranges show: [right, down]. */
  shift(): [number, number] {
    return [Number(this.right.value), Number(this.down.value)];
  }

  /** Shows what the trainer measured of the move. */
  show(m: ShiftMeasureReport): void {
    const [dx, dy] = m.shift;
    this.measure.textContent =
      `moved (${dx}, ${dy}): equivariance error conv1 ${formatError(m.conv1)}, ` +
      `conv2 ${formatError(m.conv2)} (0 = the maps move with the digit); ` +
      `p(${m.probeLabel}) unmoved ${m.predictionUnderShift[(SIDE * SIDE - 1) / 2]!.toFixed(2)}`;
    fillShiftHeat(this.pixels.data, m.predictionUnderShift, dx, dy);
    this.heat.getContext('2d')?.putImageData(this.pixels, 0, 0);
    this.heat.dataset.shift = `${dx},${dy}`;
  }
}
