/**
 * Which run the governor judges: the one that is training and sharing the GPU with the frames.
 * In `?compare=1` that is the comparison's twin whose turn it is (the app's own run waits paused
 * there); otherwise, or between turns, the app's run. Typed by shape, so telemetry does not depend
 * on the comparison's module.
 */
import type { TrainingStatus } from '../status';

interface HasTraining {
  readonly status: { readonly training: TrainingStatus };
}

/** What the governor needs of a comparison: whose turn it is, and each twin's status. */
export interface TurnTaking<Mode extends string> {
  turn(): Mode | null;
  readonly twins: Readonly<Record<Mode, HasTraining>>;
}

export function trainingRunOf<Mode extends string>(
  app: HasTraining['status'],
  comparison: TurnTaking<Mode> | null,
): () => TrainingStatus {
  return () => {
    const turn = comparison?.turn() ?? null;
    return turn !== null && comparison ? comparison.twins[turn].status.training : app.training;
  };
}
