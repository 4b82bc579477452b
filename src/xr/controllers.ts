/**
 * Both XR controllers: a drawn ray and a small body each (no controller models: those come from a
 * CDN). Trigger (select) on a kernel inspects it; on the panel it presses a button. Thumbstick
 * forward/back or squeeze-and-drag moves the network nearer or farther.
 *
 * update() is the per-frame path while presenting: it uses the scratch objects below only.
 */
import {
  BoxGeometry,
  BufferGeometry,
  Float32BufferAttribute,
  type XRGripSpace,
  type XRTargetRaySpace,
  type Intersection,
  Line,
  LineBasicMaterial,
  Mesh,
  MeshBasicMaterial,
  type Object3D,
  Raycaster,
  type Scene,
  Vector3,
  type WebGLRenderer,
} from 'three';
import type { View } from '../loop';
import type { KernelHit, Room } from '../scene/room';
import { clampToReach, dragTo, stickZ, type FloorPoint } from './locomotion';
import type { VrPanel } from './vrPanel';

/** Ray length when it hits nothing (m). */
const RAY_LENGTH = 4;

interface Hand {
  readonly index: number;
  readonly ray: XRTargetRaySpace;
  readonly grip: XRGripSpace;
  readonly line: Line<BufferGeometry, LineBasicMaterial>;
  source: XRInputSource | null;
  squeezing: boolean;
  /** Controller and network positions when the squeeze began. */
  readonly grabFrom: Vector3;
  readonly rootFrom: Vector3;
}

// Scratch (hot path).
const handPos = new Vector3();
const rootAt: FloorPoint = { x: 0, z: 0 };
const panelHits: Intersection[] = [];
const NOTHING: readonly Object3D[] = [];

export class Controllers implements View {
  private readonly hands: Hand[] = [];
  private readonly raycaster = new Raycaster();
  private readonly body = new BoxGeometry(0.026, 0.02, 0.09);
  private readonly bodyMat = new MeshBasicMaterial({ color: 0x232a36 });
  private readonly lineGeom = new BufferGeometry();
  /** Extra ray targets, built once (the per-frame path must not allocate arrays). */
  private readonly panelTargets: readonly Object3D[];

  constructor(
    private readonly renderer: WebGLRenderer,
    scene: Scene,
    private readonly room: Room,
    private readonly panel: VrPanel,
    private readonly onKernel: (hit: KernelHit) => void,
  ) {
    this.panelTargets = [panel.mesh];
    this.lineGeom.setAttribute('position', new Float32BufferAttribute([0, 0, 0, 0, 0, -1], 3));
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
      const body = new Mesh(this.body, this.bodyMat);
      body.position.z = 0.03;
      grip.add(body);
      scene.add(ray, grip);
      const hand: Hand = {
        index: i,
        ray,
        grip,
        line,
        source: null,
        squeezing: false,
        grabFrom: new Vector3(),
        rootFrom: new Vector3(),
      };
      ray.addEventListener('connected', (e) => {
        hand.source = (e as unknown as { data: XRInputSource }).data;
        line.visible = hand.source.targetRayMode !== 'gaze';
      });
      ray.addEventListener('disconnected', () => {
        hand.source = null;
        hand.squeezing = false;
      });
      ray.addEventListener('select', () => this.onSelect(hand));
      ray.addEventListener('squeezestart', () => {
        hand.squeezing = true;
        ray.updateMatrixWorld(true);
        hand.grabFrom.setFromMatrixPosition(ray.matrixWorld);
        hand.rootFrom.copy(this.room.network.root.position);
      });
      ray.addEventListener('squeezeend', () => (hand.squeezing = false));
      this.hands.push(hand);
    }
  }

  private aim(hand: Hand): void {
    hand.ray.updateMatrixWorld(true);
    this.raycaster.setFromXRController(hand.ray);
  }

  private onSelect(hand: Hand): void {
    this.aim(hand);
    if (this.panel.mesh.visible) {
      panelHits.length = 0;
      this.raycaster.intersectObject(this.panel.mesh, false, panelHits);
      const ph = panelHits[0];
      panelHits.length = 0;
      if (ph?.uv) {
        this.panel.press(ph.uv.x, ph.uv.y);
        return;
      }
    }
    const hit = this.room.pickKernel(this.raycaster);
    if (hit) this.onKernel(hit);
  }

  /** Per frame while presenting: ray lengths, thumbstick, squeeze-drag. */
  update(dt: number): void {
    if (!this.renderer.xr.isPresenting) return;
    const root = this.room.network.root;
    for (let i = 0; i < this.hands.length; i++) {
      const hand = this.hands[i];
      if (!hand?.source) continue;
      this.aim(hand);
      const d = this.room.rayDistance(
        this.raycaster,
        this.panel.mesh.visible ? this.panelTargets : NOTHING,
      );
      hand.line.scale.z = d ?? RAY_LENGTH;
      const axes = hand.source.gamepad?.axes;
      const y = axes && axes.length >= 4 ? (axes[3] ?? 0) : 0;
      root.position.z = stickZ(root.position.z, y, dt);
      if (hand.squeezing) {
        handPos.setFromMatrixPosition(hand.ray.matrixWorld);
        dragTo(rootAt, hand.rootFrom, hand.grabFrom, handPos);
        root.position.x = rootAt.x;
        root.position.z = rootAt.z;
      }
    }
    rootAt.x = root.position.x;
    rootAt.z = root.position.z;
    clampToReach(rootAt);
    root.position.x = rootAt.x;
    root.position.z = rootAt.z;
  }

  dispose(): void {
    for (const h of this.hands) {
      h.ray.removeFromParent();
      h.grip.removeFromParent();
      h.line.material.dispose();
    }
    this.lineGeom.dispose();
    this.body.dispose();
    this.bodyMat.dispose();
  }
}
