/**
 * The camera presets as buttons: the overview and one per station, with the keys that do the
 * same (0 and 1 to 5). The pressed button shows the view the camera frames.
 */
import { STATION_NAMES, type StationName } from '../network';
import { el } from '../ui/dom';

export type PresetView = 'overview' | StationName;

/** What the buttons drive: the desktop camera rig. */
export interface CameraPresets {
  flyTo(view: PresetView): void;
  readonly view: PresetView;
}

/** The keys, in order: 0 for the overview, then 1 to 5 for the stations. */
export const PRESET_KEYS: Readonly<Record<string, PresetView>> = {
  '0': 'overview',
  ...Object.fromEntries(STATION_NAMES.map((n, i) => [String(i + 1), n])),
};

export interface ViewButtons {
  readonly element: HTMLElement;
  /** A few times a second: the pressed button follows the view (keys change it too). */
  refresh(): void;
}

export function createViewButtons(presets: CameraPresets): ViewButtons {
  const group = el('div', { class: 'hud-views', role: 'group', 'aria-label': 'Camera' });
  const buttons = new Map<PresetView, HTMLButtonElement>();
  const views: PresetView[] = ['overview', ...STATION_NAMES];
  views.forEach((v, i) => {
    const b = el(
      'button',
      {
        type: 'button',
        'aria-keyshortcuts': String(i),
        title: `${v === 'overview' ? 'Every station' : `Fly to ${v}`} (key ${i})`,
      },
      v === 'overview' ? 'Overview' : v,
    );
    b.addEventListener('click', () => {
      presets.flyTo(v);
      mark();
    });
    buttons.set(v, b);
    group.append(b);
  });
  function mark(): void {
    for (const [v, b] of buttons) {
      const pressed = String(v === presets.view);
      if (b.getAttribute('aria-pressed') !== pressed) b.setAttribute('aria-pressed', pressed);
    }
  }
  mark();
  return { element: group, refresh: mark };
}
