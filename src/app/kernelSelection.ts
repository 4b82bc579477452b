/**
 * Choosing a kernel (hover, keyboard, controller or script): the room marks it, the trainer sends
 * its gradient with each snapshot, and the timeline draws its path.
 */
import type { GradientView } from '../scene/gradientView';
import type { KernelHit, Room } from '../scene/room';
import type { SelectionStatus, StatusStore } from '../status';
import type { TrainerClient } from '../trainerClient';

export type SelectKernel = (hit: KernelHit, source: SelectionStatus['source']) => void;

export function kernelSelector(
  status: StatusStore,
  room: Room,
  gradientView: GradientView,
  trainer: TrainerClient,
  drawTrail: () => void,
): SelectKernel {
  return (hit, source) => {
    const previous = status.selection;
    status.selection = room.select(hit.layer, hit.filter, source);
    if (previous?.layer === hit.layer && previous.filter === hit.filter) {
      // Still the same kernel (the pointer moved over it): keep what has arrived for it.
      status.selection.gradient = previous.gradient ?? null;
      return;
    }
    status.selection.gradient = null;
    gradientView.clear();
    drawTrail();
    trainer.selectKernel?.({ layer: hit.layer, filter: hit.filter });
  };
}
