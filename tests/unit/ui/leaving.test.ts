import { describe, expect, it, vi } from 'vitest';
import { leaveAfterSave, saveWhenLeaving } from '../../../src/ui/leaving';

/** A document's lifecycle events with a visibility the test sets. */
class Page extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
  hide(): void {
    this.visibilityState = 'hidden';
    this.dispatchEvent(new Event('visibilitychange'));
  }
  show(): void {
    this.visibilityState = 'visible';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

describe('saving when the page is leaving', () => {
  it('a hidden page asks for a checkpoint at once, and keeps what else is kept; a shown one does not', () => {
    const trainer = { checkpoint: vi.fn() };
    const alsoSave = vi.fn();
    const doc = new Page();
    saveWhenLeaving(trainer, { document: doc, window: new EventTarget() }, alsoSave);
    doc.show();
    expect(trainer.checkpoint).not.toHaveBeenCalled();
    doc.hide();
    expect(trainer.checkpoint).toHaveBeenCalledTimes(1);
    expect(alsoSave).toHaveBeenCalledTimes(1);
  });

  it('pagehide asks for a checkpoint at once, without waiting for an answer', () => {
    const trainer = { checkpoint: vi.fn(), saveNow: vi.fn() };
    const win = new EventTarget();
    saveWhenLeaving(trainer, { document: new Page(), window: win });
    win.dispatchEvent(new Event('pagehide'));
    expect(trainer.checkpoint).toHaveBeenCalledTimes(1);
    expect(trainer.saveNow).not.toHaveBeenCalled();
  });

  it('once stopped it saves no more', () => {
    const trainer = { checkpoint: vi.fn() };
    const doc = new Page();
    const win = new EventTarget();
    const stop = saveWhenLeaving(trainer, { document: doc, window: win });
    stop();
    doc.hide();
    win.dispatchEvent(new Event('pagehide'));
    expect(trainer.checkpoint).not.toHaveBeenCalled();
  });
});

describe('navigating after a save', () => {
  it('navigates only once the save has settled, and says whether it was confirmed', async () => {
    let confirm: (saved: boolean) => void = () => {};
    const trainer = {
      checkpoint: vi.fn(),
      saveNow: () => new Promise<boolean>((resolve) => (confirm = resolve)),
    };
    const go = vi.fn();
    const left = leaveAfterSave(trainer, go);
    await Promise.resolve();
    expect(go).not.toHaveBeenCalled();
    confirm(true);
    expect(await left).toBe(true);
    expect(go).toHaveBeenCalledTimes(1);
  });

  it('a trainer that cannot confirm gets a checkpoint and the page goes on', async () => {
    const trainer = { checkpoint: vi.fn() };
    const go = vi.fn();
    expect(await leaveAfterSave(trainer, go)).toBe(false);
    expect(trainer.checkpoint).toHaveBeenCalledTimes(1);
    expect(go).toHaveBeenCalledTimes(1);
  });
});
