/**
 * The immersive sessions' lifecycle: asks whether VR and mixed reality (`immersive-ar`,
 * passthrough) are supported, shows an "Enter VR" button and, where passthrough exists, an
 * "Enter mixed reality" button; starts a 'local-floor' session on click (hands requested as an
 * optional feature) and ends it on a second click. Status follows (supported, arSupported,
 * presenting, mode, emulated, frameRate). The trainer is never told: a session starting or
 * ending does not interrupt training.
 */
import type { WebGLRenderer } from 'three';
import type { StatusStore } from '../status';
import './xr.css';

export type ImmersiveMode = 'immersive-vr' | 'immersive-ar';

/** Hands are optional: a browser without hand tracking still gives controllers. */
const SESSION_INIT: XRSessionInit = {
  optionalFeatures: ['local-floor', 'bounded-floor', 'hand-tracking'],
};

export interface XrLifecycle {
  readonly button: HTMLButtonElement | null;
  readonly arButton: HTMLButtonElement | null;
  dispose(): void;
}

async function supports(mode: ImmersiveMode): Promise<boolean> {
  try {
    return (await navigator.xr?.isSessionSupported(mode)) ?? false;
  } catch (err) {
    console.warn(`WebXR: isSessionSupported('${mode}') failed`, err);
    return false;
  }
}

export async function setupXrSession(
  renderer: WebGLRenderer,
  status: StatusStore,
  emulated: boolean,
  hooks: { onStart(session: XRSession, mode: ImmersiveMode): void; onEnd(): void },
): Promise<XrLifecycle> {
  status.xr.emulated = emulated;
  const [vr, ar] = await Promise.all([supports('immersive-vr'), supports('immersive-ar')]);
  status.xr.supported = vr;
  status.xr.arSupported = ar;
  if (!vr && !ar) return { button: null, arButton: null, dispose() {} };

  const enterText: Record<ImmersiveMode, string> = {
    'immersive-vr': emulated ? 'Enter VR (emulated)' : 'Enter VR',
    'immersive-ar': 'Enter mixed reality',
  };
  const exitText: Record<ImmersiveMode, string> = {
    'immersive-vr': 'Exit VR',
    'immersive-ar': 'Exit mixed reality',
  };
  let current: XRSession | null = null;
  let currentMode: ImmersiveMode | null = null;
  const buttons = new Map<ImmersiveMode, HTMLButtonElement>();

  const onRate = () => {
    status.xr.frameRate = current?.frameRate ?? null;
  };
  const showIdle = () => {
    for (const [mode, b] of buttons) {
      b.textContent = enterText[mode];
      b.disabled = false;
    }
  };
  const onEnd = () => {
    current?.removeEventListener('end', onEnd);
    current?.removeEventListener('frameratechange', onRate);
    current = null;
    currentMode = null;
    status.xr.presenting = false;
    status.xr.mode = null;
    status.xr.frameRate = null;
    showIdle();
    hooks.onEnd();
  };

  const start = async (mode: ImmersiveMode, button: HTMLButtonElement) => {
    if (current) {
      if (currentMode === mode) await current.end();
      return;
    }
    for (const b of buttons.values()) b.disabled = true;
    try {
      const session = await navigator.xr!.requestSession(mode, SESSION_INIT);
      current = session;
      currentMode = mode;
      session.addEventListener('end', onEnd);
      session.addEventListener('frameratechange', onRate);
      // Fixed foveation where the session's layer supports it: fewer pixels at the lens edges,
      // more headroom in the frame budget (three applies it to the XRWebGLLayer).
      renderer.xr.setFoveation(1);
      await renderer.xr.setSession(session);
      status.xr.presenting = true;
      status.xr.mode = mode;
      onRate();
      hooks.onStart(session, mode);
      button.textContent = exitText[mode];
      button.disabled = false;
    } catch (err) {
      console.warn(`WebXR: could not start an ${mode} session`, err);
      button.title = `Could not start: ${err instanceof Error ? err.message : String(err)}`;
      current = null;
      currentMode = null;
      showIdle();
    }
  };

  const make = (mode: ImmersiveMode, id: string): HTMLButtonElement => {
    const b = document.createElement('button');
    b.id = id;
    b.type = 'button';
    b.textContent = enterText[mode];
    if (mode === 'immersive-ar' && emulated) b.title = 'Mixed reality on the emulated Quest 3';
    b.addEventListener('click', () => void start(mode, b));
    document.body.append(b);
    buttons.set(mode, b);
    return b;
  };
  const button = vr ? make('immersive-vr', 'enter-vr') : null;
  const arButton = ar ? make('immersive-ar', 'enter-ar') : null;

  return {
    button,
    arButton,
    dispose() {
      void current?.end();
      for (const b of buttons.values()) b.remove();
    },
  };
}
