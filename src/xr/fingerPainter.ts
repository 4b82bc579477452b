/**
 * With hand tracking, the index fingertip paints on the room's drawing pad: touching the pad puts
 * the pen down, moving along it draws, taking the finger away lifts it (fingerPaint.ts decides what
 * counts as touching). Each hand is its own pen, as two mouse pointers would be.
 *
 * update() is on the per-frame path while presenting: it reads Hands' fingertips (refreshed earlier
 * in the same frame) and allocates nothing.
 */
import { Vector3, type WebGLRenderer } from 'three';
import type { DigitInput } from '../input/digitInput';
import type { View } from '../loop';
import { ROOM_PAD, type RoomPad } from '../scene/roomPad';
import { fingerTouchesPad, type PadPoint } from './fingerPaint';
import type { Handedness, Hands } from './hands';

/** Pointer ids of fingertips in the stroke model (apart from mouse, pen, touch and controllers). */
const FINGER_POINTER = 3000;
const HANDS: readonly Handedness[] = ['left', 'right'];

// Scratch (hot path).
const local = new Vector3();
const at: PadPoint = { u: 0, v: 0 };

export class FingerPainter implements View {
  /** Per hand (left, right): the fingertip is painting now. */
  private readonly touching = [false, false];

  constructor(
    private readonly renderer: WebGLRenderer,
    private readonly hands: Hands,
    private readonly pad: RoomPad,
    private readonly digit: DigitInput,
  ) {}

  update(): void {
    if (!this.renderer.xr.isPresenting) {
      for (let i = 0; i < HANDS.length; i++) this.lift(i);
      return;
    }
    for (let i = 0; i < HANDS.length; i++) {
      const tip = this.hands.fingertip(HANDS[i]!);
      if (!tip.tracked) {
        this.lift(i);
        continue;
      }
      local.copy(tip.position);
      this.pad.pad.worldToLocal(local);
      const was = this.touching[i]!;
      const now = fingerTouchesPad(local, ROOM_PAD.size, was, at);
      if (now && !was) this.digit.penDown(FINGER_POINTER + i, at.u, at.v);
      else if (now) this.digit.penMove(FINGER_POINTER + i, at.u, at.v);
      else if (was) this.digit.penUp(FINGER_POINTER + i);
      this.touching[i] = now;
    }
  }

  private lift(i: number): void {
    if (!this.touching[i]) return;
    this.touching[i] = false;
    this.digit.penUp(FINGER_POINTER + i);
  }

  dispose(): void {
    for (let i = 0; i < HANDS.length; i++) this.lift(i);
  }
}
