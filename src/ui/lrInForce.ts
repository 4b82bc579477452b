/**
 * The learning rate in force, shown where the user looks for it: the panel's input and the link.
 * It changes without the panel when Roll back lowers it or a reload resumes a checkpoint saved with
 * another rate; both must then show the new one, or the input lies and a shared link starts the
 * next run at the old rate.
 */

/** What of `location` a link is made from. */
export interface LinkParts {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

/** The same link with `key` set to `value`, and without `fresh` (a reload must not wipe the run). */
export function linkWith(loc: LinkParts, key: string, value: string): string {
  const params = new URLSearchParams(loc.search);
  params.set(key, value);
  params.delete('fresh');
  return `${loc.pathname}?${params.toString()}${loc.hash}`;
}

/** The learning rate a link asks for: its `lr`, or `fallback` when it names none. */
export function linkLr(search: string, fallback: number): number {
  const raw = new URLSearchParams(search).get('lr');
  return raw === null ? fallback : Number(raw);
}

/** What the follower touches: the input, whether it has the focus, and the page's link. */
export interface LrSurfaces {
  readonly input: { value: string };
  focused(): boolean;
  readonly location: LinkParts;
  replaceLink(url: string): void;
}

/**
 * Keeps the input and the link on the rate in force. `refresh` runs a few times a second with the
 * rate from status (null before the run starts); it touches the page only when that rate changed.
 * A rate the user is typing (the input focused, holding what they typed) is not overwritten: the
 * input follows once they leave it.
 */
export class LrInForce {
  private linked: number | null = null;
  private shown: number | null = null;
  /** What this follower (or the page, at first) last wrote into the input. */
  private written: string;

  constructor(
    private readonly surfaces: LrSurfaces,
    /** The rate the page was opened with (the link's lr, or the default). */
    private readonly configLr: number,
  ) {
    this.written = surfaces.input.value;
  }

  refresh(lr: number | null): void {
    if (lr === null) return;
    const s = this.surfaces;
    if (lr !== this.linked) {
      this.linked = lr;
      if (linkLr(s.location.search, this.configLr) !== lr) {
        s.replaceLink(linkWith(s.location, 'lr', String(lr)));
      }
    }
    if (lr === this.shown) return;
    if (Number(s.input.value) !== lr) {
      if (s.focused() && s.input.value !== this.written) return;
      s.input.value = String(lr);
      this.written = s.input.value;
    }
    this.shown = lr;
  }
}
