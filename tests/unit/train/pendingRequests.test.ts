import { describe, expect, it } from 'vitest';
import type { ModelFiles } from '../../../src/protocol';
import { PendingRequests } from '../../../src/train/pendingRequests';

/** Two distinguishable model files (their content is never read here). */
function files(name: string): ModelFiles {
  return { modelJson: name, weights: new ArrayBuffer(4) };
}

describe('PendingRequests', () => {
  it('has nothing to serve at first', () => {
    const requests = new PendingRequests();
    expect(requests.takeUrgent()).toBeNull();
    expect(requests.takeModelFile()).toBeNull();
  });

  it('serves a request once, however often it was asked before being served', () => {
    const requests = new PendingRequests();
    requests.ask('reset');
    requests.ask('reset');
    expect(requests.takeUrgent()).toEqual({ kind: 'reset' });
    expect(requests.takeUrgent()).toBeNull();
  });

  it('serves urgent requests in order: reset, checkpoint, roll back, keep going, shift, gradient', () => {
    const requests = new PendingRequests();
    requests.ask('gradient');
    requests.ask('shift');
    requests.ask('keepGoing');
    requests.ask('rollBack');
    requests.askCheckpoint(undefined);
    requests.ask('reset');
    const kinds: string[] = [];
    for (let r = requests.takeUrgent(); r; r = requests.takeUrgent()) kinds.push(r.kind);
    expect(kinds).toEqual(['reset', 'checkpoint', 'rollBack', 'keepGoing', 'shift', 'gradient']);
  });

  it('keeps model file requests out of the urgent ones', () => {
    const requests = new PendingRequests();
    requests.ask('exportModel');
    requests.askImport(files('a'));
    expect(requests.takeUrgent()).toBeNull();
    expect(requests.takeModelFile()).toEqual({ kind: 'exportModel' });
    expect(requests.takeModelFile()).toEqual({ kind: 'importModel', files: files('a') });
    expect(requests.takeModelFile()).toBeNull();
  });

  it('answers every checkpoint request id with one save', () => {
    const requests = new PendingRequests();
    requests.askCheckpoint(1);
    requests.askCheckpoint(undefined);
    requests.askCheckpoint(2);
    expect(requests.takeUrgent()).toEqual({ kind: 'checkpoint', ids: [1, 2] });
    // The ids are answered: a later request starts a new list.
    requests.askCheckpoint(3);
    expect(requests.takeUrgent()).toEqual({ kind: 'checkpoint', ids: [3] });
  });

  it('loads the newest model file when two arrive before either is served', () => {
    const requests = new PendingRequests();
    requests.askImport(files('older'));
    requests.askImport(files('newer'));
    expect(requests.has('importModel')).toBe(true);
    expect(requests.takeModelFile()).toEqual({ kind: 'importModel', files: files('newer') });
    expect(requests.has('importModel')).toBe(false);
  });

  it('withdraws a request not yet served', () => {
    const requests = new PendingRequests();
    requests.ask('gradient');
    requests.withdraw('gradient');
    expect(requests.has('gradient')).toBe(false);
    expect(requests.takeUrgent()).toBeNull();
  });

  it('says whether a request waits, without serving it', () => {
    const requests = new PendingRequests();
    requests.ask('reset');
    expect(requests.has('reset')).toBe(true);
    expect(requests.has('reset')).toBe(true);
    expect(requests.takeUrgent()).toEqual({ kind: 'reset' });
    expect(requests.has('reset')).toBe(false);
  });
});
