/**
 * One periodic refresh per frame. The HUD, the learning panel, the in-VR panel, the history strip
 * and the run follower each refresh a few times a second on their own clock; with the same period
 * and clocks started together they all fell on one frame, a lump of several ms every quarter
 * second (one frame in fifteen at 60 Hz: the p95 of script per frame). A refresh whose clock is
 * due asks for the frame's turn and, when another refresh took it, waits for the next frame: at
 * 4 Hz, a handful of refreshers fit in the 15 frames of a period at 60 Hz (7 at 30 fps).
 *
 * The frame loop calls `nextFrame()` first thing in each frame (src/loop.ts).
 */
/** How late a refresh may run for want of a turn before it shares a frame, s. */
export const MAX_WAIT_S = 0.25;

export class RefreshTurns {
  private frame = 0;
  private takenIn = -1;

  /** A new frame: its turn is free. Per frame; allocates nothing. */
  nextFrame(): void {
    this.frame++;
  }

  /**
   * True (and the turn is now taken) when no refresh has run in this frame yet, or when the asking
   * refresh is already `overdueS` past its time by MAX_WAIT_S or more: at a few frames per second
   * the refreshers outnumber the frames of a period, and one must not wait for ever.
   */
  take(overdueS = 0): boolean {
    if (this.takenIn === this.frame && overdueS < MAX_WAIT_S) return false;
    this.takenIn = this.frame;
    return true;
  }
}

/** The page's one set of turns, shared by every periodic refresh and advanced by the frame loop. */
export const refreshTurns = new RefreshTurns();
