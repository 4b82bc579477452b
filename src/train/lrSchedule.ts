/**
 * The learning rate over a run: constant, or decayed in steps, or along a half cosine, from the
 * rate the user set (which the panel may change at any time) down towards zero at the run's last
 * step. A late, small learning rate is what settles the held-out accuracy: with a constant rate
 * it keeps swinging by a point or more between evaluations. A pure function of the step, so a
 * resumed run continues on the same curve.
 */
import type { ScheduleKind } from '../config/schema';

/** Step decay: the fraction of the run after which the rate is multiplied by `factor`, in order. */
export const STEP_DECAY = [
  { after: 0.5, factor: 0.1 },
  { after: 0.75, factor: 0.1 },
] as const;

/**
 * The rate at `step` (0-based: the step about to be taken) of a run of `totalSteps` steps.
 * Past the end (a run continued beyond its epochs) the rate stays where the schedule ended.
 */
export function learningRateAt(
  kind: ScheduleKind,
  baseLr: number,
  step: number,
  totalSteps: number,
): number {
  if (kind === 'constant') return baseLr;
  if (!(totalSteps > 0))
    throw new RangeError(`a ${kind} schedule needs a run length, got ${totalSteps}`);
  const progress = Math.min(1, Math.max(0, step / totalSteps));
  if (kind === 'step') {
    let lr = baseLr;
    for (const d of STEP_DECAY) if (progress >= d.after) lr *= d.factor;
    return lr;
  }
  return baseLr * 0.5 * (1 + Math.cos(Math.PI * progress));
}
