/**
 * The short guide for a first visit: what the colours mean, how to see a kernel shared, drawing a
 * digit, where the controls are. Dismissed once, it stays dismissed (localStorage); "Show the
 * guide" brings it back.
 */
import { el } from '../ui/dom';

/** The localStorage key that remembers the guide was dismissed. */
export const GUIDE_DISMISSED_KEY = 'weightroom.guideDismissed';

const GUIDE_LINES: readonly string[] = [
  'Colours: blue is negative, dark is zero, amber is positive. Kernels share one scale per layer; each map is scaled to its own largest value.',
  'Hover a kernel (the small squares at the top of conv1 and conv2) to see every position that reuses it: one set of weights, shared across the image. Or press Tab to reach the room and choose a kernel with the arrow keys.',
  'Draw a digit in the panel to see what the network makes of it while it learns.',
  'Controls are in this panel: pause, reset, learning rate. Keys 1 to 5 fly to a station, 0 back to the overview; drag to orbit, scroll to zoom, Space pauses.',
];

export interface Guide {
  /** The guide's content (list and dismiss button). */
  readonly element: HTMLElement;
  /** A button that shows the guide again, for the panel's footer. */
  readonly showButton: HTMLButtonElement;
  readonly shown: boolean;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: the guide shows on every visit
  }
}

/** `section` is the dock section the guide lives in: hidden together with it. */
export function createGuide(section: HTMLElement): Guide {
  const list = el('ul', { class: 'hud-guide' }, ...GUIDE_LINES.map((l) => el('li', {}, l)));
  const dismiss = el('button', { type: 'button', class: 'hud-button' }, 'Dismiss the guide');
  const showButton = el('button', { type: 'button', class: 'hud-link' }, 'Show the guide');
  const element = el('div', {}, list, dismiss);
  const set = (shown: boolean) => {
    section.hidden = !shown;
    showButton.hidden = shown;
  };
  dismiss.addEventListener('click', () => {
    try {
      storage()?.setItem(GUIDE_DISMISSED_KEY, '1');
    } catch {
      // quota or privacy mode: dismissed for this visit only
    }
    set(false);
    showButton.focus();
  });
  showButton.addEventListener('click', () => {
    try {
      storage()?.removeItem(GUIDE_DISMISSED_KEY);
    } catch {
      // as above
    }
    set(true);
    dismiss.focus();
  });
  set(storage()?.getItem(GUIDE_DISMISSED_KEY) !== '1');
  return {
    element,
    showButton,
    get shown() {
      return !section.hidden;
    },
  };
}
