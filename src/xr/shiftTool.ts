/**
 * The VR thumbstick moves the probe digit, but only while the controller's ray is on the input
 * digit or the moved-digit board beside it: there the stick's flicks move the digit by whole
 * pixels (thumbstickShift.ts) and locomotion leaves that stick alone; anywhere else the stick
 * moves the network as before. The shift goes where the desktop ranges send theirs (the same
 * `shiftProbe` message and status), and the ranges follow. take() runs every frame per
 * controller: it allocates nothing.
 */
import type { Intersection, Object3D, Raycaster } from 'three';
import {
  THUMBSTICK_SHIFT_DEFAULTS,
  nudgeShift,
  restingThumbstick,
  type ThumbstickShift,
} from './thumbstickShift';

const hits: Intersection[] = [];

export class ShiftTool {
  private readonly sticks: ThumbstickShift[] = [restingThumbstick(), restingThumbstick()];
  private dx = 0;
  private dy = 0;

  /**
   * `targets`: what the ray must be on (the input digit, the board); `move`: moves the digit
   * (the desktop panel's setShift, which also tells the trainer).
   */
  constructor(
    private readonly targets: Object3D[],
    private readonly move: (dx: number, dy: number) => void,
  ) {}

  /** The digit was moved elsewhere (the desktop ranges): the next flick starts from there. */
  follow(dx: number, dy: number): void {
    this.dx = dx;
    this.dy = dy;
  }

  /**
   * Per frame, with controller `hand`'s ray and stick (xr-standard axes[2], axes[3]). True when
   * the ray is on the input station: the stick is the digit's, not the locomotion's.
   */
  take(hand: number, raycaster: Raycaster, stickX: number, stickY: number): boolean {
    const s = this.sticks[hand];
    if (!s) return false;
    hits.length = 0;
    raycaster.intersectObjects(this.targets, false, hits);
    const on = hits.length > 0;
    hits.length = 0;
    if (!on) {
      // A stick already pushed when the ray arrives is not a flick: it must rest first.
      const rest = THUMBSTICK_SHIFT_DEFAULTS.release;
      s.latchedX = Math.abs(stickX) >= rest;
      s.latchedY = Math.abs(stickY) >= rest;
      return false;
    }
    s.dx = this.dx;
    s.dy = this.dy;
    if (nudgeShift(s, stickX, stickY)) {
      this.follow(s.dx, s.dy);
      this.move(s.dx, s.dy);
    }
    return true;
  }
}
