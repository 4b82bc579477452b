/**
 * What the governor aims at, as pure functions over frame counts: no clock, no state.
 *
 * Two objectives, by where the user is:
 * - `desktop`: smooth enough. At least 30 fps (the mean rate, give or take `floorRateTolerance`)
 *   and at most 5% of frame intervals over the floor's interval (33.3 ms, plus half a display
 *   vsync of jitter: frame interval p95 <= 33 ms); past that, train as fast as the trainer goes.
 * - `xr`: the headset's budget, comfort first. At most 5% of intervals over budget (a missed
 *   vsync); when the room alone cannot hold it, the frame rate steps down (frameRate.ts).
 *
 * Either way, when the objective is missed, the frames are compared with the room's own baseline
 * (the same figures measured with training paused or slowed): throttling can only win back what
 * training costs, so frames no worse than the baseline plus a margin are healthy, and training runs
 * unthrottled. The margin is tighter in XR (frames at 0.95 of the room alone) than on a desktop
 * (0.85), and on a desktop a rate at or above the floor is never "slower": 30 fps is smooth enough
 * there, whatever the room alone could draw.
 *
 * "No worse" is a statistical judgement: a room on a software renderer scatters its frames
 * (interval p50 31 ms, p95 55 ms), so a window of a dozen frames differs from the baseline by more
 * than the margins by chance alone. A window counts as costing frames only when it is worse by the
 * margin plus `noiseSigmas` standard errors of the difference (frame rate: from the intervals'
 * spread; share of missed frames: binomial), and it is compared only once it holds
 * `compareMinFrames` (or `slowJudgeMs` has passed): at the emulator's 8 fps in VR, a dozen frames
 * could not tell a room that training slows by 40% from the room alone.
 */

export type Objective = 'desktop' | 'xr';

/** Frame figures over a stretch of time: a governor window, or the baseline. */
export interface FrameFigures {
  /** Intervals recorded. */
  readonly frames: number;
  /** Their sum, ms (frames / sum is the frame rate). */
  readonly intervalSumMs: number;
  /** The sum of their squares, ms² (0 when unknown: the spread is then taken as none). */
  readonly intervalSqSumMs: number;
  /** Intervals over the budget's threshold (a missed vsync). */
  readonly overBudget: number;
  /** Intervals over the desktop floor's interval (33.3 ms at 30 fps). */
  readonly overFloor: number;
}

export interface ObjectiveRules {
  /** Share of intervals over the objective's threshold above which the objective is missed. */
  readonly maxOverFraction: number;
  /** At or below this share the objective is comfortably met (between the two: marginal). */
  readonly healthyFraction: number;
  /** Frames count as the room's own when fps >= baseline fps * (1 - margin), per objective. */
  readonly fpsMargin: Readonly<Record<Objective, number>>;
  /** ...and the share over the threshold is at most the baseline's plus this. */
  readonly fractionMargin: number;
  /** Standard errors of the difference added to both margins: what chance alone explains. */
  readonly noiseSigmas: number;
  /** The desktop's mean rate holds the floor down to floor * (1 - this): callback jitter. */
  readonly floorRateTolerance: number;
}

export const OBJECTIVE_RULES: ObjectiveRules = {
  maxOverFraction: 0.05,
  healthyFraction: 0.01,
  fpsMargin: { desktop: 0.15, xr: 0.05 },
  fractionMargin: 0.05,
  noiseSigmas: 2,
  floorRateTolerance: 0.05,
};

/** The desktop floor: 30 fps, so frame interval p95 at most 33.3 ms. */
export const DESKTOP_FLOOR_FPS = 30;

export type Verdict = 'healthy' | 'marginal' | 'bad';

/** Frames per second of a stretch (0 when it holds no frame). */
export function figuresFps(f: FrameFigures): number {
  return f.frames > 0 && f.intervalSumMs > 0 ? (1000 * f.frames) / f.intervalSumMs : 0;
}

/** Share of intervals that miss the objective's threshold (0 without frames). */
export function missedFraction(objective: Objective, f: FrameFigures): number {
  if (f.frames <= 0) return 0;
  return (objective === 'xr' ? f.overBudget : f.overFloor) / f.frames;
}

/** Does a desktop stretch hold the floor's rate (30 fps, give or take the tolerance)? */
function holdsFloorRate(f: FrameFigures, rules: ObjectiveRules): boolean {
  return figuresFps(f) >= DESKTOP_FLOOR_FPS * (1 - rules.floorRateTolerance);
}

/** Is the objective met by these frames, on its own terms (no baseline)? */
export function objectiveVerdict(
  objective: Objective,
  f: FrameFigures,
  rules: ObjectiveRules = OBJECTIVE_RULES,
): Verdict {
  if (objective === 'desktop' && f.frames > 0 && !holdsFloorRate(f, rules)) return 'bad';
  const missed = missedFraction(objective, f);
  if (missed <= rules.healthyFraction) return 'healthy';
  if (missed <= rules.maxOverFraction) return 'marginal';
  return 'bad';
}

/** Variance of the mean interval of a stretch, ms² (0 without a spread or with one frame). */
function meanIntervalVariance(f: FrameFigures): number {
  if (f.frames < 2 || f.intervalSqSumMs <= 0) return 0;
  const mean = f.intervalSumMs / f.frames;
  const variance = Math.max(0, (f.intervalSqSumMs - f.frames * mean * mean) / (f.frames - 1));
  return variance / f.frames;
}

/**
 * The longest mean frame interval training may bring about, given the room alone's: the margin
 * over it; on a desktop, never less than the floor's (a rate that holds 30 fps is never slower).
 */
export function intervalLimitMs(
  objective: Objective,
  roomAloneMs: number,
  rules: ObjectiveRules = OBJECTIVE_RULES,
): number {
  const fromRoom = roomAloneMs / (1 - rules.fpsMargin[objective]);
  if (objective === 'xr') return fromRoom;
  return Math.max(fromRoom, 1000 / (DESKTOP_FLOOR_FPS * (1 - rules.floorRateTolerance)));
}

/**
 * True when training costs frames: worse than the room alone by more than the margins and more
 * than chance explains (see the module comment).
 */
export function costsFrames(
  objective: Objective,
  f: FrameFigures,
  baseline: FrameFigures,
  rules: ObjectiveRules = OBJECTIVE_RULES,
): boolean {
  if (f.frames <= 0 || baseline.frames <= 0) return false;
  // Frame rate, as mean intervals: fps < baseline fps * (1 - m) <=> mean > baseline mean / (1 - m).
  const keep = 1 - rules.fpsMargin[objective];
  const limit = intervalLimitMs(objective, baseline.intervalSumMs / baseline.frames, rules);
  const rateError = Math.sqrt(
    meanIntervalVariance(f) + meanIntervalVariance(baseline) / (keep * keep),
  );
  const slower = f.intervalSumMs / f.frames > limit + rules.noiseSigmas * rateError;
  // Missed frames, as a two-proportion comparison with a pooled share.
  const missed = missedFraction(objective, f);
  const missedAlone = missedFraction(objective, baseline);
  const pooled = (missed * f.frames + missedAlone * baseline.frames) / (f.frames + baseline.frames);
  const shareError = Math.sqrt(pooled * (1 - pooled) * (1 / f.frames + 1 / baseline.frames));
  // Within the objective's own share, no stretch misses more than it may.
  const allowed = Math.max(rules.maxOverFraction, missedAlone + rules.fractionMargin);
  const missesMore = missed > allowed + rules.noiseSigmas * shareError;
  return slower || missesMore;
}

/**
 * The governor's verdict on a window of training frames: healthy when the objective is met, or
 * when the frames are at the room's own baseline (throttling could not win anything back); bad when
 * the objective is missed and training costs frames, or no baseline is known yet.
 */
export function judgeFrames(
  objective: Objective,
  f: FrameFigures,
  baseline: FrameFigures | null,
  rules: ObjectiveRules = OBJECTIVE_RULES,
): Verdict {
  const own = objectiveVerdict(objective, f, rules);
  if (own === 'healthy') return 'healthy';
  if (baseline !== null && baseline.frames > 0 && !costsFrames(objective, f, baseline, rules)) {
    return 'healthy';
  }
  return own;
}

/** Misses in one window that are judged at once in a room that meets the objective alone. */
const FAST_MISSES = 3;

/** When a window of frames holds enough to judge (the governor's knobs, governorOptions.ts). */
export interface JudgeTiming {
  readonly minFrames: number;
  /** Frames a window compared with a room that misses the objective too must hold. */
  readonly compareMinFrames: number;
  readonly maxJudgeMs: number;
  readonly slowJudgeMs: number;
}

/**
 * Whether a window of `elapsedMs` is ready to be judged: `minFrames` or `maxJudgeMs`; at once when
 * it misses the objective, beyond chance and by several frames, in a room that meets it alone (a
 * miss is training's doing), or before the room alone is known.
 * When it is compared with a room that misses the objective too, a few slow frames say little:
 * at `minFrames` it is judged only if it already costs frames beyond chance (a clear cost is cut
 * at once), else it waits for `compareMinFrames` or `slowJudgeMs` before it may pass as healthy.
 */
export function readyToJudge(
  objective: Objective,
  f: FrameFigures,
  elapsedMs: number,
  baseline: FrameFigures | null,
  t: JudgeTiming,
  rules: ObjectiveRules = OBJECTIVE_RULES,
): boolean {
  const own = objectiveVerdict(objective, f, rules);
  const roomMeets = baseline !== null && objectiveVerdict(objective, baseline, rules) === 'healthy';
  if (f.frames >= 2 && own === 'bad') {
    if (baseline === null) return true;
    // A room that meets the objective alone still drops the odd frame: a miss is training's
    // doing only when several come at once (3 in a dozen, by chance, once in thousands).
    const misses = missedFraction(objective, f) * f.frames;
    if (roomMeets && misses >= FAST_MISSES && costsFrames(objective, f, baseline, rules)) {
      return true;
    }
  }
  if (f.frames < t.minFrames && elapsedMs < t.maxJudgeMs) return false;
  if (own !== 'healthy' && baseline !== null && !roomMeets) {
    if (f.frames >= t.compareMinFrames || elapsedMs >= t.slowJudgeMs) return true;
    return f.frames >= t.minFrames && costsFrames(objective, f, baseline, rules);
  }
  return true;
}

/**
 * True when the room alone misses the budget (the frame rate chooser may step down in XR; on a
 * desktop it is said, since no rate can change there).
 */
export function roomMissesBudget(
  baseline: FrameFigures | null,
  rules: ObjectiveRules = OBJECTIVE_RULES,
): boolean {
  if (baseline === null || baseline.frames <= 0) return false;
  return baseline.overBudget / baseline.frames > rules.maxOverFraction;
}

/** The objective in words, for the panel. */
export function objectiveLabel(objective: Objective, targetHz: number): string {
  return objective === 'xr'
    ? `XR: hold ${Math.round(targetHz)} Hz`
    : `desktop: at least ${DESKTOP_FLOOR_FPS} fps, else train at full speed`;
}
