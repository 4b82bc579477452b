/**
 * Choosing the XR session's frame rate (`XRSession.supportedFrameRates`,
 * `updateTargetFrameRate()`) from the config's `hz`.
 *
 * The rule:
 * - hz = 72, 80, 90 or 120: the highest supported rate at or below it (a headset that offers 72 and
 *   90 gets 90 for hz=120); when every supported rate is above it, the lowest supported rate.
 * - hz = auto: the highest supported rate whose budget the measured main-thread frame work (p95)
 *   fits with headroom (work <= 80% of the budget), and not above the ceiling; start with the
 *   highest rate (no measurement yet: the ceiling is the only limit). Each time the governor
 *   reports that it cannot hold the budget even with training at its floor, step down to the next
 *   lower supported rate (`AutoFrameRate.onGovernor`). It never steps back up by itself: a rate
 *   that could not be held once will not be retried in the same session.
 * - No list (the browser does not expose it) or an empty one: null, leave the session's rate alone.
 */
import type { TargetHz } from '../config/schema';

/** Share of a frame's budget the main thread's work may use when auto picks a rate. */
export const WORK_HEADROOM = 0.8;

function sortedRates(supported: ArrayLike<number> | null | undefined): number[] {
  if (!supported) return [];
  return Array.from(supported)
    .filter((r) => Number.isFinite(r) && r > 0)
    .sort((a, b) => a - b);
}

/** The highest rate at which main-thread work of `workP95Ms` fits the budget with headroom. */
export function holdableHz(workP95Ms: number, headroom = WORK_HEADROOM): number {
  if (!(workP95Ms > 0)) return Infinity;
  return (1000 * headroom) / workP95Ms;
}

/**
 * The rate to ask the session for (see the module comment for the rule). `ceilingHz` caps auto's
 * choice (lowered by AutoFrameRate on cannotHoldBudget); `workP95Ms`, when known, is the main
 * thread's measured frame work.
 */
export function chooseFrameRate(
  supported: ArrayLike<number> | null | undefined,
  hz: TargetHz,
  ceilingHz = Infinity,
  workP95Ms?: number,
): number | null {
  const rates = sortedRates(supported);
  if (rates.length === 0) return null;
  const limit =
    hz === 'auto'
      ? Math.min(ceilingHz, workP95Ms === undefined ? Infinity : holdableHz(workP95Ms))
      : hz;
  let best: number | null = null;
  for (const r of rates) if (r <= limit + 1e-9) best = r;
  return best ?? rates[0]!;
}

/** The next supported rate below `currentHz`, or null when it is already the lowest. */
export function nextLowerRate(
  supported: ArrayLike<number> | null | undefined,
  currentHz: number,
): number | null {
  let best: number | null = null;
  for (const r of sortedRates(supported)) if (r < currentHz - 1e-9) best = r;
  return best;
}

/**
 * The state of hz=auto through a session: the current choice and the ceiling that cannotHoldBudget
 * lowers. For a fixed hz it only applies `chooseFrameRate` once and never steps.
 */
export class AutoFrameRate {
  private ceiling = Infinity;
  private current: number | null = null;
  private wasCannotHold = false;

  constructor(
    private readonly hz: TargetHz,
    private readonly supported: ArrayLike<number> | null | undefined,
  ) {}

  /** The rate chosen so far (null before `initial`, or when the session lists none). */
  get rate(): number | null {
    return this.current;
  }

  /** The rate to start the session at; pass the frame work p95 measured before entering, if any. */
  initial(workP95Ms?: number): number | null {
    this.current = chooseFrameRate(this.supported, this.hz, this.ceiling, workP95Ms);
    return this.current;
  }

  /**
   * Call with the governor's cannotHoldBudget after each of its decisions. Returns the lower rate
   * to switch to when auto steps down (on the rising edge of cannotHoldBudget), else null.
   */
  onGovernor(cannotHoldBudget: boolean): number | null {
    const rising = cannotHoldBudget && !this.wasCannotHold;
    this.wasCannotHold = cannotHoldBudget;
    if (!rising || this.hz !== 'auto' || this.current === null) return null;
    const lower = nextLowerRate(this.supported, this.current);
    if (lower === null) return null;
    this.ceiling = lower;
    this.current = lower;
    // The governor judges the new rate afresh (its budget changed) and clears cannotHoldBudget;
    // until it reports false, a stale true is not a new rising edge.
    return lower;
  }
}
