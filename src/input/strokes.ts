/**
 * The stroke model: pointer events in, strokes out. Points are in pad coordinates, x and y in
 * [0, 1] with y down (the way a screen and a canvas count), so a desktop canvas, a texture in the
 * room hit by a ray, and a test all speak the same units. Pure: no DOM, no three.js.
 */

/** One stroke: x0, y0, x1, y1, ... in pad coordinates. */
export type Stroke = readonly number[];

/** Points closer than this to the last one (pad units) add nothing a 28x28 digit can show. */
export const MIN_POINT_SPACING = 0.004;

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

export class StrokeRecorder {
  private readonly done: number[][] = [];
  /** The stroke each pointer (mouse, pen, finger, controller) is drawing now. */
  private readonly active = new Map<number, number[]>();
  /** Grows on every change, so a consumer can tell whether there is anything new. */
  version = 0;

  /** A pointer touched the pad: a new stroke starts with this point. */
  down(pointer: number, x: number, y: number): void {
    this.up(pointer);
    const s = [clamp01(x), clamp01(y)];
    this.active.set(pointer, s);
    this.done.push(s);
    this.version++;
  }

  /** A pointer moved; only a pointer that is down draws. Returns true if a point was added. */
  move(pointer: number, x: number, y: number): boolean {
    const s = this.active.get(pointer);
    if (!s) return false;
    const px = clamp01(x);
    const py = clamp01(y);
    const dx = px - s[s.length - 2]!;
    const dy = py - s[s.length - 1]!;
    if (dx * dx + dy * dy < MIN_POINT_SPACING * MIN_POINT_SPACING) return false;
    s.push(px, py);
    this.version++;
    return true;
  }

  /** A pointer lifted (or left, or was cancelled): its stroke is finished. */
  up(pointer: number): void {
    this.active.delete(pointer);
  }

  /** True while any pointer is drawing. */
  get penDown(): boolean {
    return this.active.size > 0;
  }

  get strokes(): readonly Stroke[] {
    return this.done;
  }

  get empty(): boolean {
    return this.done.length === 0;
  }

  clear(): void {
    this.done.length = 0;
    this.active.clear();
    this.version++;
  }
}
