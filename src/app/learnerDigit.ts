/**
 * The learner's digit: drawn (on the desktop pad, the room's pad or the in-VR wing) or picked,
 * answered by the worker between steps, shown in the room. During a comparison both twins answer
 * for the same digit.
 */
import type { Comparison } from '../compare/comparison';
import { DigitInput } from '../input/digitInput';
import { TwinAnswers } from '../input/twinAnswers';
import type { Room } from '../scene/room';
import { RoomPad } from '../scene/roomPad';
import type { StatusStore } from '../status';
import type { TrainerClient } from '../trainerClient';
import { DigitPanel } from '../xr/digitPanel';
import type { VrPanel } from '../xr/vrPanel';

export interface LearnerDigit {
  readonly digit: DigitInput;
  /** The pad at the input station. */
  readonly roomPad: RoomPad;
  /** The in-VR panel's digit wing. */
  readonly digitPanel: DigitPanel;
}

export function wireLearnerDigit(
  trainer: TrainerClient,
  comparison: Comparison | null,
  status: StatusStore,
  room: Room,
  panel: VrPanel,
): LearnerDigit {
  const twinAnswers = comparison ? new TwinAnswers(Object.values(comparison.twins), status) : null;
  const digit = new DigitInput(
    (r) => {
      // The twins first: a drawing's pixels move to the app run's worker.
      twinAnswers?.send(r);
      trainer.infer?.(r);
    },
    status,
    () => performance.now(),
    (r) => room.queueAnswer(r),
  );
  trainer.onDigit?.({
    inference: (r) => digit.onResult(r),
    heldout: (l) => digit.setHeldoutLabels(l),
  });
  trainer.on('snapshot', (s) => digit.onSnapshot(s));
  trainer.on('evaluation', (e) => digit.setMistakes(e.mistakes ?? [], e.step));
  const roomPad = new RoomPad(room.stack, digit);
  // The pad is part of the input station: the desktop camera frames it too.
  room.network.parts.input.push(roomPad.pad, roomPad.clearButton);
  const digitPanel = new DigitPanel(digit, status);
  panel.mesh.add(digitPanel.mesh);
  return { digit, roomPad, digitPanel };
}
