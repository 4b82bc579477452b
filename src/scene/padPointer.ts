/**
 * The mouse (or pen, or finger) on the room's pad, on the desktop: pressing on the pad draws
 * instead of orbiting the camera; pressing its Clear button clears. Off while a headset presents
 * (the controllers draw then). Rays are cast on pointer events, which only matter while drawing.
 */
import { Raycaster, Vector2, type PerspectiveCamera, type WebGLRenderer } from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { DigitInput } from '../input/digitInput';
import type { RoomPad } from './roomPad';

export class PadPointer {
  private readonly raycaster = new Raycaster();
  private readonly ndc = new Vector2();
  /** The pointer drawing on the pad, or null. */
  private drawing: number | null = null;

  constructor(
    private readonly renderer: WebGLRenderer,
    private readonly camera: PerspectiveCamera,
    private readonly controls: OrbitControls,
    private readonly pad: RoomPad,
    private readonly digit: DigitInput,
  ) {
    const canvas = renderer.domElement;
    // Capture phase: this runs before OrbitControls' own listener, which then sees it disabled.
    canvas.addEventListener('pointerdown', this.onDown, { capture: true });
    canvas.addEventListener('pointermove', this.onMove);
    canvas.addEventListener('pointerup', this.onUp);
    canvas.addEventListener('pointercancel', this.onUp);
  }

  private cast(e: PointerEvent) {
    const r = this.renderer.domElement.getBoundingClientRect();
    this.ndc.set(
      ((e.clientX - r.left) / r.width) * 2 - 1,
      -((e.clientY - r.top) / r.height) * 2 + 1,
    );
    this.raycaster.setFromCamera(this.ndc, this.camera);
    return this.pad.hit(this.raycaster);
  }

  private readonly onDown = (e: PointerEvent): void => {
    if (this.renderer.xr.isPresenting || e.button !== 0) return;
    const hit = this.cast(e);
    if (!hit) return;
    this.controls.enabled = false;
    if (hit === 'clear') {
      this.digit.clear();
      return;
    }
    this.drawing = e.pointerId;
    this.renderer.domElement.setPointerCapture(e.pointerId);
    this.digit.penDown(1000 + e.pointerId, this.pad.at.x, this.pad.at.y);
  };

  private readonly onMove = (e: PointerEvent): void => {
    if (this.drawing !== e.pointerId) return;
    const hit = this.cast(e);
    if (hit === 'pad') this.digit.penMove(1000 + e.pointerId, this.pad.at.x, this.pad.at.y);
  };

  private readonly onUp = (e: PointerEvent): void => {
    if (this.drawing === e.pointerId) {
      this.digit.penUp(1000 + e.pointerId);
      this.drawing = null;
    }
    this.controls.enabled = true;
  };

  dispose(): void {
    const canvas = this.renderer.domElement;
    canvas.removeEventListener('pointerdown', this.onDown, { capture: true });
    canvas.removeEventListener('pointermove', this.onMove);
    canvas.removeEventListener('pointerup', this.onUp);
    canvas.removeEventListener('pointercancel', this.onUp);
  }
}
