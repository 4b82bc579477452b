/**
 * The page's keys: a view preset's key flies the desktop camera there, Space pauses or resumes.
 * Not while typing, nor with a modifier (the browser's shortcuts), nor Space on a button.
 */
import { PRESET_KEYS } from '../hud/viewButtons';
import type { CameraRig } from '../scene/cameraRig';
import type { Actions } from '../ui/actions';

export function attachPageKeys(cameraRig: CameraRig, actions: Actions): void {
  window.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement | null;
    if (t?.closest('input, select, textarea') || e.ctrlKey || e.metaKey || e.altKey) return;
    const preset = PRESET_KEYS[e.key];
    if (preset) cameraRig.flyTo(preset);
    if (e.code !== 'Space' || t?.closest('button')) return;
    e.preventDefault();
    actions.togglePause();
  });
}
