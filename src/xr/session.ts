/**
 * The immersive session's lifecycle: asks whether VR is supported, shows an Enter VR button when
 * it is, starts a 'local-floor' session on click and ends it on a second click. Status follows
 * (supported, presenting, emulated, frameRate). The trainer is never told: a session starting or
 * ending does not interrupt training.
 */
import type { WebGLRenderer } from 'three';
import type { StatusStore } from '../status';

const SESSION_INIT: XRSessionInit = { optionalFeatures: ['local-floor', 'bounded-floor'] };

export interface XrLifecycle {
  readonly button: HTMLButtonElement | null;
  dispose(): void;
}

export async function setupXrSession(
  renderer: WebGLRenderer,
  status: StatusStore,
  emulated: boolean,
  hooks: { onStart(session: XRSession): void; onEnd(): void },
): Promise<XrLifecycle> {
  status.xr.emulated = emulated;
  let supported = false;
  try {
    supported = (await navigator.xr?.isSessionSupported('immersive-vr')) ?? false;
  } catch (err) {
    console.warn('WebXR: isSessionSupported failed', err);
  }
  status.xr.supported = supported;
  if (!supported) return { button: null, dispose() {} };

  const button = document.createElement('button');
  button.id = 'enter-vr';
  button.textContent = emulated ? 'Enter VR (emulated)' : 'Enter VR';
  document.body.append(button);
  let current: XRSession | null = null;

  const onRate = () => {
    status.xr.frameRate = current?.frameRate ?? null;
  };
  const onEnd = () => {
    current?.removeEventListener('end', onEnd);
    current?.removeEventListener('frameratechange', onRate);
    current = null;
    status.xr.presenting = false;
    status.xr.frameRate = null;
    button.textContent = emulated ? 'Enter VR (emulated)' : 'Enter VR';
    hooks.onEnd();
  };

  const toggle = async (): Promise<void> => {
    if (current) {
      await current.end();
      return;
    }
    button.disabled = true;
    try {
      const session = await navigator.xr!.requestSession('immersive-vr', SESSION_INIT);
      current = session;
      session.addEventListener('end', onEnd);
      session.addEventListener('frameratechange', onRate);
      // Fixed foveation where the session's layer supports it: fewer pixels at the lens edges,
      // more headroom in the frame budget (three applies it to the XRWebGLLayer).
      renderer.xr.setFoveation(1);
      await renderer.xr.setSession(session);
      status.xr.presenting = true;
      onRate();
      button.textContent = 'Exit VR';
      hooks.onStart(session);
    } catch (err) {
      console.warn('WebXR: could not start an immersive session', err);
      button.title = `Could not enter VR: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener('click', () => void toggle());

  return {
    button,
    dispose() {
      void current?.end();
      button.remove();
    },
  };
}
