/**
 * What the run has learned, as the learner reads it: the confusion matrix (in the Learning
 * section and as a station in the room), epochs, model files and the run's report. Choosing a
 * confusion cell shows its digits one by one as the learner's digit.
 */
import type { Config } from '../config/schema';
import { LearnPanel } from '../hud/learnPanel';
import type { RunRecord } from '../hud/runReport';
import type { DigitInput } from '../input/digitInput';
import { ConfusionStation } from '../scene/confusionStation';
import type { Room } from '../scene/room';
import type { StatusStore } from '../status';
import type { TrainerClient } from '../trainerClient';

export function wireLearning(
  trainer: TrainerClient,
  status: StatusStore,
  record: RunRecord,
  config: Config,
  room: Room,
  digit: DigitInput,
): LearnPanel {
  const confusion = new ConfusionStation();
  room.scene.add(confusion.group);
  trainer.on('metrics', (m) => record.onMetrics(m));
  trainer.on('evaluation', (e) => {
    record.onEvaluation(e);
    if (e.confusion) confusion.show(e.step, e.confusion.counts);
  });
  return new LearnPanel(status, trainer, record, config, {
    showHeldOutDigit: (index) => digit.show('heldout', index),
  });
}
