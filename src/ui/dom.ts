/**
 * The few DOM helpers every panel uses. Markup is built from elements and text nodes, never from
 * strings, and text is written only when it changed.
 */

/** An element with attributes (set as written: `class`, `id`, `aria-label`...) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/**
 * Sets text only when it changed: writing the same text still replaces the node and costs a
 * style, layout and paint pass, which a busy GPU process can stretch into a long task.
 */
export function setText(e: HTMLElement, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

/** Sets a data attribute only when it changed (tests and styles read them). */
export function setData(e: HTMLElement, key: string, value: string): void {
  if (e.dataset[key] !== value) e.dataset[key] = value;
}

/** What went wrong, as a sentence, whatever was thrown. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
