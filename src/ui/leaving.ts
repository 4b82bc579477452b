/**
 * Saving before the page goes. What the app does itself (a new batch size reloads the page, a
 * reset replaces the saved run) waits for the worker's confirmation that the checkpoint is written
 * (`checkpointDone`), bounded by the trainer client at about 2 s, and then goes on either way. The
 * browser's own leaving (hidden, closed, reloaded) cannot be held for a message round trip, so
 * `pagehide` and `visibilitychange` ask for a checkpoint at once.
 */
import type { TrainerClient } from '../trainerClient';

type Saver = Pick<TrainerClient, 'checkpoint' | 'saveNow'>;

/**
 * Resolves true once the worker confirms the run is on disk, false when it did not within the
 * bound (or cannot say: a stand-in trainer only gets a fire-and-forget checkpoint).
 */
export function saveFirst(trainer: Saver): Promise<boolean> {
  if (trainer.saveNow) return trainer.saveNow();
  trainer.checkpoint();
  return Promise.resolve(false);
}

/** Navigates with `go` once the checkpoint is confirmed or the bound has passed. */
export async function leaveAfterSave(trainer: Saver, go: () => void): Promise<boolean> {
  const saved = await saveFirst(trainer);
  go();
  return saved;
}

/** The page events that mean it may be going away (document and window in the app). */
export interface PageLifecycle {
  readonly document: EventTarget & { readonly visibilityState: DocumentVisibilityState };
  readonly window: EventTarget;
}

/**
 * Asks for a checkpoint at once when the page is hidden or hidden for good, and calls `alsoSave`
 * (other things kept across a reload) when it is hidden. Returns the function that stops it.
 */
export function saveWhenLeaving(
  trainer: Saver,
  page: PageLifecycle,
  alsoSave: () => void = () => {},
): () => void {
  const onVisibility = () => {
    if (page.document.visibilityState !== 'hidden') return;
    trainer.checkpoint();
    alsoSave();
  };
  const onPageHide = () => trainer.checkpoint();
  page.document.addEventListener('visibilitychange', onVisibility);
  page.window.addEventListener('pagehide', onPageHide);
  return () => {
    page.document.removeEventListener('visibilitychange', onVisibility);
    page.window.removeEventListener('pagehide', onPageHide);
  };
}
