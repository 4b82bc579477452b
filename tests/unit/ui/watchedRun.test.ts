import { describe, expect, it } from 'vitest';
import { chooseWatched } from '../../../src/ui/watchedRun';

describe('chooseWatched', () => {
  it('shows the twin whose turn it is while the page run waits paused', () => {
    expect(chooseWatched('paused', 'none', 'conv')).toBe('none');
    expect(chooseWatched('idle', 'conv', 'none')).toBe('conv');
  });

  it('stays on the last twin during a hand-over, when nobody has the turn', () => {
    expect(chooseWatched('paused', null, 'none')).toBe('none');
  });

  it('starts on the shared twin before the first turn', () => {
    expect(chooseWatched('loading', null, 'app')).toBe('conv');
  });

  it('shows the page run when the learner resumed it', () => {
    expect(chooseWatched('running', 'none', 'none')).toBe('app');
    expect(chooseWatched('warming-up', null, 'conv')).toBe('app');
  });
});
