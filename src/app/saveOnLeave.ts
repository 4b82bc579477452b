/** Saves the run (and the kernels' history) when the page may be going away. */
import type { TrainerClient } from '../trainerClient';

export function saveOnLeave(trainer: TrainerClient, saveHistory: () => void): void {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      trainer.checkpoint();
      saveHistory();
    }
  });
  window.addEventListener('pagehide', () => trainer.checkpoint());
}
