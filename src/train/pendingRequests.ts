/**
 * Requests from the page that the training loop serves between steps (never in the middle of
 * one), each remembered until served. Asking twice before it is served is asking once, except that
 * every "checkpoint" request's id is answered and the newest model file to load wins.
 */
import type { ModelFiles } from '../protocol';

export type LoopRequest =
  | { readonly kind: 'reset' }
  | { readonly kind: 'checkpoint'; readonly ids: number[] }
  | { readonly kind: 'rollBack' }
  | { readonly kind: 'keepGoing' }
  /** The probe digit moved: the room shows the moved digit at once, even while paused. */
  | { readonly kind: 'shift' }
  /** A kernel was just selected: explain its gradient now, even while paused. */
  | { readonly kind: 'gradient' }
  | { readonly kind: 'exportModel' }
  | { readonly kind: 'importModel'; readonly files: ModelFiles };

type Kind = LoopRequest['kind'];
type PlainKind = Exclude<Kind, 'checkpoint' | 'importModel'>;

/** Served before the learner's digit, in this order. */
const URGENT: readonly Kind[] = [
  'reset',
  'checkpoint',
  'rollBack',
  'keepGoing',
  'shift',
  'gradient',
];
/** Served after it. */
const MODEL_FILES: readonly Kind[] = ['exportModel', 'importModel'];

export class PendingRequests {
  private readonly waiting = new Set<Kind>();
  /** Ids of "checkpoint" requests to answer once the save is done. */
  private checkpointIds: number[] = [];
  private importFiles: ModelFiles | null = null;

  ask(kind: PlainKind): void {
    this.waiting.add(kind);
  }

  /** Withdraws a request not yet served (a kernel deselected before its gradient was sent). */
  withdraw(kind: PlainKind): void {
    this.waiting.delete(kind);
  }

  askCheckpoint(id: number | undefined): void {
    this.waiting.add('checkpoint');
    if (id !== undefined) this.checkpointIds.push(id);
  }

  askImport(files: ModelFiles): void {
    this.importFiles = files;
  }

  has(kind: Kind): boolean {
    return kind === 'importModel' ? this.importFiles !== null : this.waiting.has(kind);
  }

  /** The first waiting request of those served before the learner's digit, taken off the list. */
  takeUrgent(): LoopRequest | null {
    return this.take(URGENT);
  }

  /** A waiting model file request, taken off the list. */
  takeModelFile(): LoopRequest | null {
    return this.take(MODEL_FILES);
  }

  private take(order: readonly Kind[]): LoopRequest | null {
    const kind = order.find((k) => this.has(k));
    if (kind === undefined) return null;
    this.waiting.delete(kind);
    const files = this.importFiles;
    if (kind === 'importModel' && files !== null) {
      this.importFiles = null;
      return { kind, files };
    }
    if (kind === 'checkpoint') return { kind, ids: this.checkpointIds.splice(0) };
    return { kind } as LoopRequest;
  }
}
