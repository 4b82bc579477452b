/**
 * Entering and leaving the headset: the session takes over the camera's pose (mixed reality
 * also shows the room around the user), the in-VR panel appears, the governor learns the
 * display's rate; on the way out the desktop view comes back as it was.
 */
import { Vector3 } from 'three';
import type { CameraRig } from '../scene/cameraRig';
import type { DesktopInput } from '../scene/desktopInput';
import type { RenderSurface } from '../scene/renderer';
import type { Room } from '../scene/room';
import type { StatusStore } from '../status';
import type { Governance } from '../telemetry/governance';
import { Passthrough } from '../xr/passthrough';
import { setupXrSession } from '../xr/session';
import type { VrPanel } from '../xr/vrPanel';

export interface HeadsetParts {
  readonly surface: RenderSurface;
  readonly room: Room;
  readonly status: StatusStore;
  /** IWER stands in for the headset (?xr=emulate). */
  readonly emulated: boolean;
  readonly governance: Governance;
  readonly panel: VrPanel;
  readonly desktop: DesktopInput;
  readonly cameraRig: CameraRig;
}

export async function wireHeadset(p: HeadsetParts): Promise<void> {
  const { status, panel } = p;
  const { renderer, camera } = p.surface;
  const passthrough = new Passthrough(renderer, p.room);
  const savedPosition = new Vector3();
  await setupXrSession(renderer, status, p.emulated, {
    onStart: (session, mode) => {
      p.governance.xrStarted(session);
      savedPosition.copy(camera.position);
      if (mode === 'immersive-ar') status.xr.passthrough = passthrough.enter(session);
      panel.setVisible(true, camera);
    },
    onEnd: () => {
      p.governance.xrEnded();
      passthrough.leave();
      status.xr.passthrough = false;
      panel.setVisible(false);
      camera.position.copy(savedPosition);
      p.desktop.controls.update();
      p.cameraRig.reframe();
    },
  });
}
