/**
 * How a person reaches into the room: on the desktop the mouse (hovering kernels, drawing on the
 * pad), the camera presets and the arrow keys; in a headset the hands and the controllers (a ray
 * to kernels, the digit tool for the pad and the panel's wing).
 */
import type { LearnerDigit } from './learnerDigit';
import type { SelectKernel } from './kernelSelection';
import { CameraRig } from '../scene/cameraRig';
import { DesktopInput } from '../scene/desktopInput';
import { attachKernelKeys, kernelGrids } from '../scene/kernelKeys';
import { PadPointer } from '../scene/padPointer';
import type { RenderSurface } from '../scene/renderer';
import type { Room } from '../scene/room';
import type { StatusStore } from '../status';
import { Controllers } from '../xr/controllers';
import { DigitTool } from '../xr/digitTool';
import type { RayTool } from '../xr/rayTool';
import { Hands } from '../xr/hands';
import type { ShiftTool } from '../xr/shiftTool';
import type { VrPanel } from '../xr/vrPanel';

export interface RoomInput {
  readonly desktop: DesktopInput;
  readonly cameraRig: CameraRig;
  readonly hands: Hands;
  readonly controllers: Controllers;
}

export function wireRoomInput(
  surface: RenderSurface,
  room: Room,
  panel: VrPanel,
  status: StatusStore,
  select: SelectKernel,
  { digit, roomPad, digitPanel }: LearnerDigit,
  /** The in-VR history slider, held by a controller's trigger or a hand's pinch. */
  historySlider: RayTool | null = null,
  shiftTool: ShiftTool | null = null,
): RoomInput {
  const { renderer, camera, canvas } = surface;
  const desktop = new DesktopInput(renderer, camera, room, (hit) => select(hit, 'hover'));
  const cameraRig = new CameraRig(
    camera,
    desktop.controls,
    room,
    canvas,
    () => !renderer.xr.isPresenting,
  );
  cameraRig.reframe();
  attachKernelKeys(
    canvas,
    kernelGrids(room),
    () => status.selection,
    (k) => select({ ...k, distance: 0 }, 'keyboard'),
  );
  const hands = new Hands(renderer, room.scene, panel);
  const controllers = new Controllers(
    renderer,
    room.scene,
    room,
    panel,
    hands,
    status,
    (hit) => select(hit, 'controller'),
    new DigitTool(roomPad, digitPanel, digit),
    historySlider,
    shiftTool,
  );
  new PadPointer(renderer, camera, desktop.controls, roomPad, digit);
  return { desktop, cameraRig, hands, controllers };
}
