/**
 * The error panel: what stopped the app, in words that name the problem. Used for bad URL
 * parameters and for data or backend failures that leave nothing to show.
 */
import type { ConfigError } from '../config/parse';
import { el } from './dom';

export function showError(title: string, lines: readonly string[]): void {
  const panel = document.getElementById('error-panel');
  if (!panel) return;
  panel.replaceChildren(el('h2', {}, title), ...lines.map((l) => el('p', {}, l)));
  panel.hidden = false;
}

export function showConfigErrors(errors: readonly ConfigError[]): void {
  const panel = document.getElementById('error-panel');
  if (!panel) return;
  const list = el('ul');
  for (const e of errors) {
    const li = el('li');
    li.dataset.param = e.param;
    li.append(
      el('code', {}, e.param),
      ` = "${e.value}": ${e.message.replace(/^URL parameter "[^"]*": /, '')} Accepted: ${e.accepted}.`,
    );
    list.append(li);
  }
  panel.replaceChildren(
    el('h2', {}, 'Weightroom did not start: the link has a bad parameter'),
    list,
    el('p', {}, 'Fix the URL and reload. Nothing was trained or saved under this link.'),
  );
  panel.hidden = false;
}
