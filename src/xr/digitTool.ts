/**
 * What a controller ray does with the learner's digit: with the trigger held on the room's pad it
 * paints a stroke; on the pad's Clear button or the panel's digit wing it presses. The controllers
 * call start on selectstart, move every frame, end on selectend. move is on the per-frame path:
 * it allocates nothing.
 */
import { type Intersection, type Object3D, type Raycaster } from 'three';
import type { DigitInput } from '../input/digitInput';
import type { RoomPad } from '../scene/roomPad';
import type { DigitPanel } from './digitPanel';

/** Pointer ids of controllers in the stroke model (apart from mouse, pen and touch ids). */
const CONTROLLER_POINTER = 2000;

const hits: Intersection[] = [];

export class DigitTool {
  /** What the rays should stop at (the panel's wing, the pad and its button). */
  readonly targets: readonly Object3D[];
  /** Per controller: painting on the pad now. */
  private readonly painting = [false, false];

  constructor(
    private readonly pad: RoomPad,
    private readonly wing: DigitPanel,
    private readonly digit: DigitInput,
  ) {
    this.targets = [...pad.targets, wing.mesh];
  }

  /** The trigger went down; true if the digit tool took the press (nothing else should). */
  start(hand: number, raycaster: Raycaster): boolean {
    if (this.wing.mesh.parent?.visible) {
      hits.length = 0;
      raycaster.intersectObject(this.wing.mesh, false, hits);
      const uv = hits[0]?.uv;
      hits.length = 0;
      if (uv) {
        this.wing.press(uv.x, uv.y);
        return true;
      }
    }
    const hit = this.pad.hit(raycaster);
    if (!hit) return false;
    if (hit === 'clear') {
      this.digit.clear();
      return true;
    }
    this.painting[hand] = true;
    this.digit.penDown(CONTROLLER_POINTER + hand, this.pad.at.x, this.pad.at.y);
    return true;
  }

  /** Per frame, with the controller's ray: extends a stroke while the trigger is held. */
  move(hand: number, raycaster: Raycaster): void {
    if (!this.painting[hand]) return;
    const hit = this.pad.hit(raycaster);
    if (hit === 'pad') this.digit.penMove(CONTROLLER_POINTER + hand, this.pad.at.x, this.pad.at.y);
  }

  /** The trigger came up. */
  end(hand: number): void {
    if (!this.painting[hand]) return;
    this.painting[hand] = false;
    this.digit.penUp(CONTROLLER_POINTER + hand);
  }
}
