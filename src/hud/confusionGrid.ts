/**
 * The 10x10 confusion matrix as a table of buttons: row = the digit it was, column = what the
 * network said. The diagonal (right answers) is green, mistakes are red by how many; every cell
 * says its numbers to assistive technology. Choosing a cell lists the held-out digits behind it and
 * steps through them one by one ("Next digit"), each shown as the room's probe when the app can.
 */
import { cellColour, cellCss } from '../ui/confusionColours';

const CLASSES = 10;

export interface CellChoice {
  readonly trueLabel: number;
  readonly predicted: number;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class ConfusionGrid {
  readonly root: HTMLElement;
  private readonly caption = el('caption');
  private readonly cells: HTMLButtonElement[] = [];
  private readonly chosen = el('p', 'learn-cell');
  private readonly next = el('button', undefined, 'Next digit');
  private members: number[] = [];
  private at = 0;
  private label = '';

  /**
   * @param membersOf the held-out positions of a cell's digits, from the newest evaluation
   * @param show shows one held-out digit as the probe (absent: the positions are listed only)
   */
  constructor(
    private readonly membersOf: (cell: CellChoice) => number[],
    private readonly showDigit?: (index: number) => void,
  ) {
    const table = el('table', 'learn-confusion');
    table.append(this.caption);
    const head = el('tr');
    head.append(el('th', undefined, 'true \u2193 said \u2192'));
    for (let p = 0; p < CLASSES; p++) head.append(el('th', undefined, String(p)));
    table.append(head);
    for (let t = 0; t < CLASSES; t++) {
      const row = el('tr');
      row.append(el('th', undefined, String(t)));
      for (let p = 0; p < CLASSES; p++) {
        const b = el('button', 'learn-cell-button', '·');
        b.addEventListener('click', () => this.choose(t, p));
        b.setAttribute('aria-label', `true ${t}, predicted ${p}: no evaluation yet`);
        b.disabled = true;
        this.cells.push(b);
        const td = el('td');
        td.append(b);
        row.append(td);
      }
      table.append(row);
    }
    this.caption.textContent = 'Confusion matrix: after the first evaluation';
    this.next.addEventListener('click', () => this.step());
    this.next.hidden = true;
    this.root = el('div', 'learn-grid');
    this.root.append(table, this.chosen, this.next);
  }

  /** A new evaluation's counts (row-major, counts[true * 10 + predicted]). */
  update(step: number, counts: readonly number[]): void {
    this.caption.textContent = `Confusion matrix, held-out digits at step ${step}: rows the true digit, columns the network's answer`;
    for (let t = 0; t < CLASSES; t++) {
      let rowTotal = 0;
      for (let p = 0; p < CLASSES; p++) rowTotal += counts[t * CLASSES + p] ?? 0;
      for (let p = 0; p < CLASSES; p++) {
        const n = counts[t * CLASSES + p] ?? 0;
        const b = this.cells[t * CLASSES + p]!;
        b.textContent = String(n);
        b.disabled = n === 0;
        b.setAttribute('aria-label', `true ${t}, predicted ${p}: ${n} digit${n === 1 ? '' : 's'}`);
        b.style.background = cellCss(cellColour(t, p, n, rowTotal));
      }
    }
  }

  private choose(trueLabel: number, predicted: number): void {
    this.members = this.membersOf({ trueLabel, predicted });
    this.at = 0;
    this.label =
      trueLabel === predicted
        ? `${trueLabel}s read as ${predicted}`
        : `${trueLabel}s the network called ${predicted}`;
    this.step();
  }

  private step(): void {
    const n = this.members.length;
    this.next.hidden = n < 2;
    if (n === 0) {
      this.chosen.textContent = `${this.label}: none in the newest evaluation`;
      return;
    }
    const index = this.members[this.at % n]!;
    const list = this.showDigit
      ? ''
      : ` (held-out digits ${this.members.slice(0, 12).join(', ')}${n > 12 ? '…' : ''})`;
    this.chosen.textContent = `${this.label}: digit ${(this.at % n) + 1} of ${n}, held-out #${index}${list}`;
    this.showDigit?.(index);
    this.at++;
  }

  dispose(): void {
    this.root.remove();
  }
}
