/**
 * The learning rates the worker takes from the page: the schema's range for `lr`
 * (LEARNING_RATE_RANGE), so the panel, the URL and the worker refuse the same values.
 */
import { LEARNING_RATE_RANGE } from '../config/schema';

export function isLearningRate(lr: number): boolean {
  return lr >= LEARNING_RATE_RANGE.min && lr <= LEARNING_RATE_RANGE.max;
}

/** Why `lr` is refused (naming the value and the range), or null when it is in range. */
export function learningRateRefusal(lr: number): string | null {
  if (isLearningRate(lr)) return null;
  const { min, max } = LEARNING_RATE_RANGE;
  return `learning rate ${lr} refused: it must be from ${min} to ${max}; the run keeps its rate`;
}
