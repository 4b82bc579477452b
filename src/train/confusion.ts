/**
 * The confusion matrix of an evaluation: how many held-out digits of each true class the network
 * called each class. Row = true label, column = predicted label, row-major, so the diagonal holds
 * the correct answers and every off-diagonal cell is one kind of mistake. Plain arrays: the worker
 * fills it from the evaluation's read-back predictions and sends it as it is.
 */
import { NUM_CLASSES } from '../network';

/** counts[t * classes + p]: digits of true class t predicted as p. */
export function confusionMatrix(
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes = NUM_CLASSES,
): Int32Array {
  if (predicted.length !== labels.length) {
    throw new RangeError(`${predicted.length} predictions for ${labels.length} labels`);
  }
  const counts = new Int32Array(classes * classes);
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i]!;
    const p = predicted[i]!;
    if (!(t >= 0 && t < classes && p >= 0 && p < classes)) {
      throw new RangeError(
        `digit ${i}: label ${t} or prediction ${p} is outside 0..${classes - 1}`,
      );
    }
    counts[t * classes + p]!++;
  }
  return counts;
}

/** Indices (into the evaluated digits) of those with true label `t` predicted as `p`, in order. */
export function cellMembers(
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  t: number,
  p: number,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === t && predicted[i] === p) out.push(i);
  return out;
}
