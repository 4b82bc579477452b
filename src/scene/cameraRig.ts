/**
 * The desktop camera's framing and presets. The overview frames every station inside the canvas
 * (which the docked panels leave free), and is framed again whenever the canvas changes size; a
 * preset flies to one station, in well under a second, or jumps there when the learner prefers
 * reduced motion. OrbitControls keep working in between: a flight only moves the camera and the
 * orbit target.
 */
import { Box3, type PerspectiveCamera, Vector3 } from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { View } from '../loop';
import { refreshTurns } from '../ui/refreshTurns';
import { type CameraPose, frameAll } from './framing';
import { STATION_NAMES, type StationName } from '../network';
import { ROOM } from './layout';
import type { Room } from './room';

/** What the camera frames: every station, or one. */
export type CameraView = 'overview' | StationName;

const d = ROOM.desktopCamera;
/** The overview looks the way the first desktop camera did: ahead and a little down. */
const OVERVIEW_DIRECTION = new Vector3(...d.target).sub(new Vector3(...d.position)).normalize();

/** Seconds between checks that the framed stations have not grown. */
const RECHECK_S = 0.5;

// Scratch for framing (on resize and presets) and flights (per frame: no allocation).
const box = new Box3();
const corners: Vector3[] = Array.from({ length: 8 * STATION_NAMES.length }, () => new Vector3());
const dir = new Vector3();
const goal: CameraPose = { position: new Vector3(), target: new Vector3() };

export class CameraRig implements View {
  /** The view framed last (or being flown to). */
  view: CameraView = 'overview';
  private readonly from: CameraPose = { position: new Vector3(), target: new Vector3() };
  private readonly to: CameraPose = { position: new Vector3(), target: new Vector3() };
  /** Seconds into the current flight, or -1 when not flying. */
  private t = -1;
  /** Where the rig last put the camera (to tell whether the learner has moved it since). */
  private readonly placed: CameraPose = { position: new Vector3(), target: new Vector3() };
  private checkClock = 0;
  private readonly reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

  constructor(
    private readonly camera: PerspectiveCamera,
    private readonly controls: OrbitControls,
    private readonly room: Room,
    private readonly canvas: HTMLCanvasElement,
    /** False while a headset presents (the headset owns the camera). */
    private readonly active: () => boolean,
  ) {}

  get flying(): boolean {
    return this.t >= 0;
  }

  /** The pose that frames `view` at the canvas's current size, into `out`. */
  pose(view: CameraView, out: CameraPose): CameraPose {
    const names = view === 'overview' ? STATION_NAMES : [view];
    let n = 0;
    for (const name of names) {
      this.room.stationBox(name, box);
      for (let i = 0; i < 8; i++) {
        corners[n++]!.set(
          i & 1 ? box.max.x : box.min.x,
          i & 2 ? box.max.y : box.min.y,
          i & 4 ? box.max.z : box.min.z,
        );
      }
    }
    if (view === 'overview') {
      dir.copy(OVERVIEW_DIRECTION);
    } else {
      // Face the station square on, from the middle of the room, as a viewer standing there.
      box.makeEmpty();
      for (let i = 0; i < n; i++) box.expandByPoint(corners[i]!);
      box.getCenter(dir);
      dir.y = 0;
      dir.normalize();
      dir.y = OVERVIEW_DIRECTION.y;
    }
    const w = Math.max(1, this.canvas.clientWidth);
    const h = Math.max(1, this.canvas.clientHeight);
    const m = ROOM.framing.marginPx;
    const distance = frameAll(
      corners,
      {
        fovDeg: this.camera.fov,
        aspect: w / h,
        direction: dir,
        margins: {
          left: Math.min(0.3, m.left / (w / 2)),
          right: Math.min(0.3, m.right / (w / 2)),
          top: Math.min(0.3, m.top / (h / 2)),
          bottom: Math.min(0.3, m.bottom / (h / 2)),
        },
      },
      out,
      n,
    );
    this.controls.maxDistance = Math.max(this.controls.maxDistance, distance * 1.6);
    return out;
  }

  /** Frames the current view at once (the canvas changed size). */
  reframe(): void {
    if (!this.active()) return;
    this.t = -1;
    this.pose(this.view, goal);
    this.apply(goal.position, goal.target);
  }

  /** Flies to a view; jumps when the learner prefers reduced motion. */
  flyTo(view: CameraView): void {
    if (!this.active()) return;
    this.view = view;
    this.pose(view, this.to);
    if (this.reducedMotion.matches) {
      this.t = -1;
      this.apply(this.to.position, this.to.target);
      return;
    }
    this.from.position.copy(this.camera.position);
    this.from.target.copy(this.controls.target);
    this.t = 0;
  }

  /**
   * Per frame: advances a flight (allocates nothing). Between flights, twice a second, frames the
   * view again if the stations grew (a title gained the probe's label, the legend its ranges)
   * while the camera still stands where the rig put it: a learner's orbit is never undone.
   */
  update(dt: number): void {
    if (this.t < 0) {
      this.checkClock += dt;
      if (this.checkClock < RECHECK_S || !this.active()) return;
      // Framing measures the stations: one periodic refresh per frame (refreshTurns.ts).
      if (!refreshTurns.take(this.checkClock - RECHECK_S)) return;
      this.checkClock = 0;
      if (this.camera.position.distanceToSquared(this.placed.position) > 1e-8) return;
      if (this.controls.target.distanceToSquared(this.placed.target) > 1e-8) return;
      this.pose(this.view, goal);
      // Only growth moves the camera back: a title that got shorter leaves the view still, so the
      // room does not shift under a pen or a pointer each time a label changes.
      const was = this.placed.position.distanceTo(this.placed.target);
      if (goal.position.distanceTo(goal.target) > was + 1e-3) {
        this.apply(goal.position, goal.target);
      }
      return;
    }
    if (!this.active()) {
      this.t = -1;
      return;
    }
    this.t = Math.min(ROOM.framing.flightS, this.t + dt);
    const x = this.t / ROOM.framing.flightS;
    const s = x * x * (3 - 2 * x); // smoothstep: leaves and arrives gently
    goal.position.lerpVectors(this.from.position, this.to.position, s);
    goal.target.lerpVectors(this.from.target, this.to.target, s);
    this.apply(goal.position, goal.target);
    if (x >= 1) this.t = -1;
  }

  private apply(position: Vector3, target: Vector3): void {
    this.camera.position.copy(position);
    this.controls.target.copy(target);
    this.camera.lookAt(target);
    this.controls.update();
    this.placed.position.copy(this.camera.position);
    this.placed.target.copy(this.controls.target);
  }

  dispose(): void {}
}
