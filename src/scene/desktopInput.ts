/**
 * Desktop input: orbit the camera (OrbitControls), hover a kernel to select it. Picking runs in
 * the frame (not in the event handler) and only when the pointer has moved since the last frame.
 * Off while a headset session presents.
 */
import { Raycaster, Vector2, type PerspectiveCamera, type WebGLRenderer } from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { View } from '../loop';
import { ROOM } from './layout';
import type { KernelHit, Room } from './room';

export class DesktopInput implements View {
  readonly controls: OrbitControls;
  private readonly raycaster = new Raycaster();
  private readonly pointer = new Vector2();
  private moved = false;
  private inside = false;

  constructor(
    private readonly renderer: WebGLRenderer,
    private readonly camera: PerspectiveCamera,
    private readonly room: Room,
    private readonly onHover: (hit: KernelHit) => void,
  ) {
    const canvas = renderer.domElement;
    this.controls = new OrbitControls(camera, canvas);
    this.controls.target.set(...ROOM.desktopCamera.target);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = 0.12;
    this.controls.minDistance = 0.4;
    this.controls.maxDistance = 7;
    this.controls.maxPolarAngle = Math.PI * 0.55;
    this.controls.update();
    canvas.addEventListener('pointermove', this.onMove);
    canvas.addEventListener('pointerleave', this.onLeave);
  }

  private readonly onMove = (e: PointerEvent): void => {
    const r = this.renderer.domElement.getBoundingClientRect();
    this.pointer.set(
      ((e.clientX - r.left) / r.width) * 2 - 1,
      -((e.clientY - r.top) / r.height) * 2 + 1,
    );
    this.moved = true;
    this.inside = true;
  };

  private readonly onLeave = (): void => {
    this.inside = false;
  };

  /** Per frame. */
  update(): void {
    if (this.renderer.xr.isPresenting) return;
    this.controls.update();
    if (!this.moved || !this.inside) return;
    this.moved = false;
    this.raycaster.setFromCamera(this.pointer, this.camera);
    const hit = this.room.pickKernel(this.raycaster);
    this.renderer.domElement.style.cursor = hit ? 'crosshair' : '';
    if (hit) this.onHover(hit);
  }

  dispose(): void {
    const canvas = this.renderer.domElement;
    canvas.removeEventListener('pointermove', this.onMove);
    canvas.removeEventListener('pointerleave', this.onLeave);
    this.controls.dispose();
  }
}
