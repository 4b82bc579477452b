/** Training tunables that are not part of the URL (trainer.ts re-exports them). */
import { LEARNING_RATE_RANGE } from '../config/schema';

export const TRAINER_DEFAULTS = {
  /** Digits per evaluation chunk: small enough that training is never held for long. */
  evalChunk: 200,
  /** Weight of the newest loss in the smoothed loss. */
  lossEmaAlpha: 0.05,
  /** stepsPerSecond is measured over at most this many recent steps... */
  rateWindowSteps: 32,
  /** ...completed within this many ms (but always the last interval). */
  rateWindowMs: 5000,
  /** Roll back divides the learning rate by this... */
  rollBackLrDivisor: 10,
  /** ...but never below this (float32 Adam makes no progress much lower). */
  minLr: LEARNING_RATE_RANGE.min,
};
