/**
 * Both input sources, controllers or tracked hands (Quest switches between them when the
 * controllers are put down; three keeps the same two slots, so this reacts to 'connected').
 *
 * Controllers: the Quest model (controllerModels.ts) and a ray. The trigger on a kernel inspects
 * it; on the panel it presses a button. Thumbstick forward/back moves the network nearer or
 * farther, except while the ray is on the input digit: there its flicks move the digit
 * (shiftTool.ts); squeeze-and-drag carries the network, or the panel when the ray is on it.
 * Hands: a ray from the hand, as Quest draws it. A pinch (thumb and index: the session's select)
 * that is released without moving acts as the trigger; a pinch that moves more than
 * `defaultDragThreshold` drags, like squeeze-and-drag. The fingertip's poke lives in hands.ts.
 *
 * update() is the per-frame path while presenting: it uses the scratch objects below only.
 */
import {
  BufferGeometry,
  Float32BufferAttribute,
  HemisphereLight,
  type Intersection,
  Line,
  LineBasicMaterial,
  Matrix4,
  type Object3D,
  Quaternion,
  Raycaster,
  type Scene,
  Vector3,
  type WebGLRenderer,
  type XRGripSpace,
  type XRTargetRaySpace,
} from 'three';
import type { View } from '../loop';
import type { KernelHit, Room } from '../scene/room';
import type { StatusStore } from '../status';
import { createControllerModelFactory } from './controllerModels';
import type { Hands } from './hands';
import { clampToReach, defaultDragThreshold, dragTo, stickZ, type FloorPoint } from './locomotion';
import type { RayTool } from './rayTool';
import type { ShiftTool } from './shiftTool';
import type { VrPanel } from './vrPanel';

/** Ray length when it hits nothing (m). */
const RAY_LENGTH = 4;

/** What a squeeze or a pinch is holding. */
type Grab = 'none' | 'network' | 'panel';

interface Slot {
  readonly ray: XRTargetRaySpace;
  readonly grip: XRGripSpace;
  readonly line: Line<BufferGeometry, LineBasicMaterial>;
  source: XRInputSource | null;
  /** Held by squeeze (controller) or pinch (hand). */
  grab: Grab;
  /** A hand's pinch that has not (yet) moved far enough to be a drag. */
  pinchPending: boolean;
  /** A tool took this press (painting, a digit button, the history slider): no select after it. */
  digitPress: boolean;
  /** Ray origin and network position when the grab began; the panel's pose relative to the ray. */
  readonly grabFrom: Vector3;
  readonly rootFrom: Vector3;
  readonly panelInRay: Matrix4;
}

// Scratch (hot path).
const handPos = new Vector3();
const moved: FloorPoint = { x: 0, z: 0 };
const panelHits: Intersection[] = [];
const NOTHING: readonly Object3D[] = [];
const m4 = new Matrix4();
const scale = new Vector3();
const q = new Quaternion();

export class Controllers implements View {
  private readonly slots: Slot[] = [];
  private readonly raycaster = new Raycaster();
  private readonly lineGeom = new BufferGeometry();
  /** The controller models are lit (PBR); the room itself is unlit and ignores this. */
  private readonly light = new HemisphereLight(0xffffff, 0x404040, 2.5);
  /** Extra ray targets, built once (the per-frame path must not allocate arrays). */
  private readonly panelTargets: readonly Object3D[];

  constructor(
    private readonly renderer: WebGLRenderer,
    scene: Scene,
    private readonly room: Room,
    private readonly panel: VrPanel,
    private readonly hands: Hands,
    private readonly status: StatusStore,
    private readonly onKernel: (hit: KernelHit) => void,
    private readonly digitTool: RayTool | null = null,
    /** The history slider: held by a controller's trigger or a hand's pinch. */
    private readonly sliderTool: RayTool | null = null,
    /** The probe digit's thumbstick, while the ray is on the input digit. */
    private readonly shiftTool: ShiftTool | null = null,
  ) {
    this.panelTargets = [panel.mesh, ...(digitTool?.targets ?? []), ...(sliderTool?.targets ?? [])];
    this.lineGeom.setAttribute('position', new Float32BufferAttribute([0, 0, 0, 0, 0, -1], 3));
    scene.add(this.light);
    const models = createControllerModelFactory((model) => {
      this.status.xr.controllerModels++;
      this.showWhenCompiled(model, scene);
    });
    for (let i = 0; i < 2; i++) {
      const ray = renderer.xr.getController(i);
      const grip = renderer.xr.getControllerGrip(i);
      const line = new Line(
        this.lineGeom,
        new LineBasicMaterial({ color: 0x3dffb5, transparent: true, opacity: 0.8 }),
      );
      line.scale.z = RAY_LENGTH;
      line.frustumCulled = false;
      ray.add(line);
      grip.add(models.createControllerModel(grip));
      scene.add(ray, grip);
      const slot: Slot = {
        ray,
        grip,
        line,
        source: null,
        grab: 'none',
        pinchPending: false,
        digitPress: false,
        grabFrom: new Vector3(),
        rootFrom: new Vector3(),
        panelInRay: new Matrix4(),
      };
      ray.addEventListener('connected', (e) => {
        slot.source = (e as unknown as { data: XRInputSource }).data;
        line.visible = slot.source.targetRayMode !== 'gaze';
        this.countInputs();
      });
      ray.addEventListener('disconnected', () => {
        slot.source = null;
        slot.grab = 'none';
        slot.pinchPending = false;
        this.countInputs();
      });
      // A controller's trigger acts on release ('select'); a hand's pinch acts in selectend,
      // once it is known whether the pinch was a tap or a drag.
      // A controller's trigger on the room's pad paints (or presses a digit button) instead.
      ray.addEventListener('select', () => {
        if (!slot.source || slot.source.hand) return;
        if (slot.digitPress) return void (slot.digitPress = false);
        this.act(slot);
      });
      ray.addEventListener('selectstart', () => {
        if (slot.source && !slot.source.hand) {
          this.aim(slot);
          slot.digitPress =
            (this.sliderTool?.start(i, this.raycaster) ?? false) ||
            (this.digitTool?.start(i, this.raycaster) ?? false);
          return;
        }
        if (!slot.source?.hand) return;
        this.hands.setPinching(slot.source, true);
        this.aim(slot);
        if (this.sliderTool?.start(i, this.raycaster)) return void (slot.digitPress = true);
        this.beginGrab(slot);
        slot.pinchPending = true;
      });
      ray.addEventListener('selectend', () => {
        if (slot.source && !slot.source.hand) {
          this.sliderTool?.end(i);
          return void this.digitTool?.end(i);
        }
        if (!slot.source?.hand) return;
        this.hands.setPinching(slot.source, false);
        if (slot.digitPress) {
          slot.digitPress = false;
          return void this.sliderTool?.end(i);
        }
        if (slot.pinchPending) this.act(slot);
        slot.pinchPending = false;
        slot.grab = 'none';
      });
      ray.addEventListener('squeezestart', () => {
        if (slot.source && !slot.source.hand) this.beginGrab(slot);
      });
      ray.addEventListener('squeezeend', () => {
        if (slot.source && !slot.source.hand) slot.grab = 'none';
      });
      this.slots.push(slot);
    }
  }

  private countInputs(): void {
    let hands = 0;
    let controllers = 0;
    for (const s of this.slots) {
      if (s.source?.hand) hands++;
      else if (s.source?.targetRayMode === 'tracked-pointer') controllers++;
    }
    this.status.xr.hands = hands;
    this.status.xr.controllers = controllers;
  }

  private aim(slot: Slot): void {
    slot.ray.updateMatrixWorld(true);
    this.raycaster.setFromXRController(slot.ray);
  }

  /** True when the ray is on the (visible) panel; `uvOut` gets where. */
  private onPanel(slot: Slot, uvOut?: { u: number; v: number }): boolean {
    if (!this.panel.mesh.visible) return false;
    this.aim(slot);
    panelHits.length = 0;
    this.raycaster.intersectObject(this.panel.mesh, false, panelHits);
    const ph = panelHits[0];
    panelHits.length = 0;
    if (!ph?.uv) return false;
    if (uvOut) {
      uvOut.u = ph.uv.x;
      uvOut.v = ph.uv.y;
    }
    return true;
  }

  /** Trigger or tap: a panel button, else a kernel. */
  private act(slot: Slot): void {
    const uv = { u: 0, v: 0 };
    if (this.onPanel(slot, uv)) {
      this.panel.press(uv.u, uv.v);
      return;
    }
    this.aim(slot);
    const hit = this.room.pickKernel(this.raycaster);
    if (hit) this.onKernel(hit);
  }

  /** Squeeze or pinch began: hold the panel if the ray is on it, else the network. */
  private beginGrab(slot: Slot): void {
    slot.ray.updateMatrixWorld(true);
    slot.grabFrom.setFromMatrixPosition(slot.ray.matrixWorld);
    if (this.onPanel(slot)) {
      slot.grab = 'panel';
      this.panel.mesh.updateMatrixWorld();
      slot.panelInRay.copy(slot.ray.matrixWorld).invert().multiply(this.panel.mesh.matrixWorld);
    } else {
      slot.grab = 'network';
      slot.rootFrom.copy(this.room.network.root.position);
    }
  }

  /**
   * A loaded model's material (lit, unlike the room's) links in the background, the model hidden
   * meanwhile. three would otherwise link it at its first draw and read its status synchronously,
   * waiting in a frame for the GPU process (precompile.ts); in the room it is the one program
   * created after start (the room's materials are compiled ahead by precompile.ts).
   */
  private showWhenCompiled(model: Object3D, scene: Scene): void {
    model.visible = false;
    this.renderer
      .compileAsync(model, this.renderer.xr.getCamera(), scene)
      .catch((e: unknown) => console.warn('controller model: compiling ahead failed', e))
      .finally(() => {
        model.visible = true;
      });
  }

  /** Per frame while presenting: ray lengths, thumbstick, drags. */
  update(dt: number): void {
    if (!this.renderer.xr.isPresenting) return;
    const root = this.room.network.root;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot?.source) continue;
      this.aim(slot);
      const d = this.room.rayDistance(
        this.raycaster,
        this.panel.mesh.visible ? this.panelTargets : NOTHING,
      );
      slot.line.scale.z = d ?? RAY_LENGTH;
      this.digitTool?.move(i, this.raycaster);
      this.sliderTool?.move(i, this.raycaster);
      const axes = slot.source.gamepad?.axes;
      const x = axes && axes.length >= 4 ? (axes[2] ?? 0) : 0;
      const y = axes && axes.length >= 4 ? (axes[3] ?? 0) : 0;
      // On the input digit the stick moves the digit; elsewhere, the network.
      const onDigit = !slot.source.hand && (this.shiftTool?.take(i, this.raycaster, x, y) ?? false);
      if (!slot.source.hand && !onDigit) root.position.z = stickZ(root.position.z, y, dt);
      if (slot.grab === 'none') continue;
      handPos.setFromMatrixPosition(slot.ray.matrixWorld);
      if (slot.pinchPending) {
        if (handPos.distanceTo(slot.grabFrom) <= defaultDragThreshold) continue;
        slot.pinchPending = false; // it is a drag now, not a tap
      }
      if (slot.grab === 'network') {
        dragTo(moved, slot.rootFrom, slot.grabFrom, handPos);
        root.position.x = moved.x;
        root.position.z = moved.z;
      } else {
        // The panel keeps its pose relative to the ray, as if held.
        m4.multiplyMatrices(slot.ray.matrixWorld, slot.panelInRay);
        m4.decompose(this.panel.mesh.position, q, scale);
        this.panel.mesh.quaternion.copy(q);
      }
    }
    moved.x = root.position.x;
    moved.z = root.position.z;
    clampToReach(moved);
    root.position.x = moved.x;
    root.position.z = moved.z;
  }

  dispose(): void {
    for (const s of this.slots) {
      s.ray.removeFromParent();
      s.grip.removeFromParent();
      s.line.material.dispose();
    }
    this.light.removeFromParent();
    this.lineGeom.dispose();
  }
}
