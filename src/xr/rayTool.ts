/**
 * What a controller's ray (trigger) or a hand's ray (pinch) can hold besides the panel's buttons
 * and the kernels: the controllers call start on selectstart, move every frame, end on
 * selectend (digitTool.ts, historySlider.ts). move is on the per-frame path: no allocation.
 */
import type { Object3D, Raycaster } from 'three';

export interface RayTool {
  /** What the rays should stop at. */
  readonly targets: readonly Object3D[];
  /** The trigger (or pinch) went down; true if this tool took the press (nothing else should). */
  start(hand: number, raycaster: Raycaster): boolean;
  /** Per frame, with the controller's ray, while presenting. */
  move(hand: number, raycaster: Raycaster): void;
  /** The trigger (or pinch) came up. */
  end(hand: number): void;
}
