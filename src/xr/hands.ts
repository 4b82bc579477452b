/**
 * Tracked hands: each shown as its 25 joints (three's XRHandModelFactory with primitive spheres,
 * one instanced draw per hand, no downloaded assets), and each index fingertip poking the in-VR
 * panel's buttons (poke.ts). Pinching (the session's select, thumb and index together) is handled
 * with the controllers in controllers.ts, since a hand's pinch arrives as the same select events
 * on the same ray.
 *
 * The fingertip hook: `fingertip('left' | 'right')` returns that hand's index fingertip in world
 * space (m), whether it is tracked this frame, and how far apart the thumb and index tips are.
 * It is refreshed at the start of every presenting frame's update; a view added to the loop after
 * Hands reads the current frame's values. Anything that wants to draw with a fingertip (the input
 * pad) reads it there; nothing here needs to know about it.
 *
 * update() is the per-frame path while presenting: it allocates nothing.
 */
import {
  type Group,
  MeshBasicMaterial,
  type Mesh,
  type Scene,
  Vector3,
  type WebGLRenderer,
  type XRHandSpace,
} from 'three';
import { XRHandModelFactory } from 'three/addons/webxr/XRHandModelFactory.js';
import type { View } from '../loop';
import { PANEL_SIZE } from './panelPose';
import { newPokeState, pokeStep, type PokeState } from './poke';
import type { VrPanel } from './vrPanel';

export type Handedness = 'left' | 'right';

/** One hand's index fingertip, as the drawing pad (and anything else) reads it. */
export interface Fingertip {
  readonly handedness: Handedness;
  /** False while the hand is not tracked (controllers in hand, or out of view). */
  tracked: boolean;
  /** The index fingertip (world space, m). Stale while not tracked. */
  readonly position: Vector3;
  /** Thumb tip to index tip (m); NaN while not tracked. Quest's pinch is about 2 cm or less. */
  pinchDistance: number;
  /** True while the hand's pinch (the session's select) is held. */
  pinching: boolean;
}

interface HandSlot {
  readonly space: XRHandSpace;
  source: XRInputSource | null;
  readonly poke: PokeState;
}

// Scratch (hot path).
const local = new Vector3();

export class Hands implements View {
  private readonly slots: HandSlot[] = [];
  private readonly byHand: Record<Handedness, Fingertip> = {
    left: emptyTip('left'),
    right: emptyTip('right'),
  };
  /** One unlit material for both hands' joints (the factory's lit one would be black here). */
  private readonly material = new MeshBasicMaterial({ color: 0xd8dee9 });

  constructor(
    private readonly renderer: WebGLRenderer,
    scene: Scene,
    private readonly panel: VrPanel,
  ) {
    const factory = new XRHandModelFactory();
    for (let i = 0; i < 2; i++) {
      const space = renderer.xr.getHand(i);
      const model = factory.createHandModel(space, 'spheres');
      space.add(model);
      scene.add(space);
      const slot: HandSlot = {
        space,
        source: null,
        poke: newPokeState(),
      };
      // After the factory's own listener (registered first): swap in the unlit material.
      space.addEventListener('connected', (e) => {
        const source = (e as unknown as { data: XRInputSource }).data;
        if (!source.hand) return;
        slot.source = source;
        const primitive = (model as { motionController: { handMesh?: Mesh } | null })
          .motionController;
        const mesh = primitive?.handMesh;
        if (mesh && mesh.material !== this.material) {
          (mesh.material as MeshBasicMaterial).dispose();
          mesh.material = this.material;
        }
      });
      space.addEventListener('disconnected', () => {
        const tip = this.tipOf(slot);
        if (tip) {
          tip.tracked = false;
          tip.pinchDistance = Number.NaN;
          tip.pinching = false;
        }
        slot.source = null;
        slot.poke.lastDepth = Number.NaN;
      });
      this.slots.push(slot);
    }
  }

  /** The index fingertip of one hand (see the file comment). */
  fingertip(handedness: Handedness): Readonly<Fingertip> {
    return this.byHand[handedness];
  }

  /** Marks a hand's pinch as held or released (controllers.ts sees the select events). */
  setPinching(source: XRInputSource, on: boolean): void {
    if (source.hand && source.handedness !== 'none') this.byHand[source.handedness].pinching = on;
  }

  private tipOf(slot: HandSlot): Fingertip | null {
    const h = slot.source?.handedness;
    return h === 'left' || h === 'right' ? this.byHand[h] : null;
  }

  /** Per frame while presenting: fingertips, then pokes on the panel. */
  update(): void {
    if (!this.renderer.xr.isPresenting) return;
    const panel = this.panel.mesh;
    if (panel.visible) panel.updateMatrixWorld();
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot) continue;
      const tip = this.tipOf(slot);
      if (!tip) continue;
      const index = jointOf(slot.space, 'index-finger-tip');
      const thumb = jointOf(slot.space, 'thumb-tip');
      tip.tracked = slot.space.visible && index !== null && index.visible;
      if (!tip.tracked || !index) {
        tip.pinchDistance = Number.NaN;
        pokeStep(slot.poke, Number.NaN, false);
        continue;
      }
      // The hand space sits at the scene's origin: joint positions are world positions.
      tip.position.copy(index.position);
      tip.pinchDistance = thumb?.visible ? thumb.position.distanceTo(index.position) : Number.NaN;
      if (!panel.visible) {
        pokeStep(slot.poke, Number.NaN, false);
        continue;
      }
      // The tip in the panel's frame: x, y across its face, z in front of it.
      local.copy(tip.position);
      panel.worldToLocal(local);
      const over =
        Math.abs(local.x) <= PANEL_SIZE.width / 2 && Math.abs(local.y) <= PANEL_SIZE.height / 2;
      if (pokeStep(slot.poke, local.z, over)) {
        this.panel.press(local.x / PANEL_SIZE.width + 0.5, local.y / PANEL_SIZE.height + 0.5);
      }
    }
  }

  dispose(): void {
    for (const s of this.slots) s.space.removeFromParent();
    this.material.dispose();
  }
}

function emptyTip(handedness: Handedness): Fingertip {
  return {
    handedness,
    tracked: false,
    position: new Vector3(),
    pinchDistance: Number.NaN,
    pinching: false,
  };
}

function jointOf(space: XRHandSpace, name: XRHandJoint): Group | null {
  return (space.joints as Partial<Record<XRHandJoint, Group>>)[name] ?? null;
}
