/** Saves the run (and the kernels' history) when the page may be going away: src/ui/leaving.ts. */
import type { TrainerClient } from '../trainerClient';
import { saveWhenLeaving } from '../ui/leaving';

export function saveOnLeave(trainer: TrainerClient, saveHistory: () => void): void {
  saveWhenLeaving(trainer, { document, window }, saveHistory);
}
