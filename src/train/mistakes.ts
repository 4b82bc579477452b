/**
 * Which held-out digits the network got wrong, from the classes one evaluation predicted (see
 * ./predictions.ts): the learner can then be shown the network's mistakes ("Show a mistake").
 */

/** Held-out positions whose predicted class differs from the label, in held-out order. */
export function wrongIndices(predicted: ArrayLike<number>, labels: ArrayLike<number>): number[] {
  const wrong: number[] = [];
  const n = Math.min(predicted.length, labels.length);
  for (let i = 0; i < n; i++) if (predicted[i] !== labels[i]) wrong.push(i);
  return wrong;
}
