/**
 * A fingertip pressing a flat panel, as a pure step function over one number per frame: how far
 * the tip is in front of the panel's surface (m, negative behind it). A press is the frame the
 * tip arrives at the surface from in front, over the panel; the tip must then come back out
 * before it can press again, so resting a finger on a button presses it once. A tip that reaches
 * the surface from behind (a hand coming back through the panel) presses nothing.
 */

/** A tip nearer the surface than this (m) touches it. */
export const defaultTouchDepth = 0.005;
/** A tip farther behind the surface than this (m) has gone through it: no press. */
export const defaultThroughDepth = 0.04;
/** How far in front (m) the tip must come back before it can press again. */
export const defaultRearmDepth = 0.02;

export interface PokeOptions {
  readonly touch: number;
  readonly through: number;
  readonly rearm: number;
}

export const POKE_DEFAULTS: PokeOptions = {
  touch: defaultTouchDepth,
  through: defaultThroughDepth,
  rearm: defaultRearmDepth,
};

/** One fingertip's memory between frames. */
export interface PokeState {
  armed: boolean;
  /** Depth at the previous frame (NaN: not tracked then). */
  lastDepth: number;
}

export function newPokeState(): PokeState {
  return { armed: true, lastDepth: Number.NaN };
}

/**
 * One frame: `depth` of the tip in front of the panel (NaN when the hand is not tracked),
 * `over` whether it is within the panel's outline. Returns true on the frame of a press.
 * Allocates nothing (runs every frame for each hand).
 */
export function pokeStep(
  state: PokeState,
  depth: number,
  over: boolean,
  o: PokeOptions = POKE_DEFAULTS,
): boolean {
  const last = state.lastDepth;
  state.lastDepth = depth;
  if (Number.isNaN(depth)) return false;
  if (depth > o.rearm) state.armed = true;
  if (!state.armed || !over || depth > o.touch || depth < -o.through) return false;
  // Arriving from in front: the previous frame was clear of the surface (and tracked).
  if (!(last > o.touch)) return false;
  state.armed = false;
  return true;
}
