/**
 * A panel docked at one side of the window: a header with its title and a collapse button, and a
 * body that is a column of sections. The room's canvas takes the space the docks leave (see the
 * layout in hud.css), so a dock never covers a station; collapsing one gives the room its width.
 */
import { el } from './dom';

export interface Dock {
  readonly root: HTMLElement;
  /** The column of sections. */
  readonly body: HTMLElement;
  /**
   * Adds a section with a heading; `before` puts it ahead of another section. Returns the
   * section, whose content the caller appends.
   */
  addSection(id: string, title: string, before?: HTMLElement): HTMLElement;
  setCollapsed(collapsed: boolean): void;
  readonly collapsed: boolean;
}

export interface DockOptions {
  readonly id: string;
  readonly side: 'left' | 'right';
  /** The dock's heading; the collapse button is named after it ("<title> panel"). */
  readonly title: string;
  /** A larger heading for the page's main panel. */
  readonly headingLevel?: 'h1' | 'h2';
}

export function createDock(opts: DockOptions): Dock {
  const bodyId = `${opts.id}-body`;
  const heading = el(opts.headingLevel ?? 'h2', { class: 'wr-dock-title' }, opts.title);
  const toggle = el('button', {
    type: 'button',
    class: 'wr-dock-toggle',
    'aria-expanded': 'true',
    'aria-controls': bodyId,
    'aria-label': `${opts.title} panel`,
    title: 'Collapse or expand this panel',
  });
  const body = el('div', { id: bodyId, class: 'wr-dock-body' });
  const root = el(
    'aside',
    {
      id: opts.id,
      class: `wr-dock wr-dock-${opts.side}`,
      'aria-label': `${opts.title} panel`,
    },
    el('header', { class: 'wr-dock-header' }, heading, toggle),
    body,
  );
  let collapsed = false;
  const dock: Dock = {
    root,
    body,
    get collapsed() {
      return collapsed;
    },
    addSection(id, title, before) {
      const section = el(
        'section',
        { id, class: 'wr-section', 'aria-labelledby': `${id}-title` },
        el('h3', { id: `${id}-title`, class: 'wr-section-title' }, title),
      );
      if (before && before.parentElement === body) body.insertBefore(section, before);
      else body.append(section);
      return section;
    },
    setCollapsed(c) {
      collapsed = c;
      root.classList.toggle('collapsed', c);
      toggle.setAttribute('aria-expanded', String(!c));
      body.hidden = c;
    },
  };
  toggle.addEventListener('click', () => dock.setCollapsed(!collapsed));
  return dock;
}
