import { describe, expect, it } from 'vitest';
import { LrInForce, linkLr, linkWith } from '../../../src/ui/lrInForce';

/** The panel's input and the page's link, as the follower sees them. */
function page(search: string, inputValue: string) {
  const s = {
    input: { value: inputValue },
    hasFocus: false,
    focused: () => s.hasFocus,
    location: { pathname: '/', search, hash: '' },
    links: [] as string[],
    replaceLink(url: string) {
      s.links.push(url);
      s.location.search = url.slice(
        url.indexOf('?'),
        url.indexOf('#') < 0 ? undefined : url.indexOf('#'),
      );
    },
  };
  return s;
}

describe('the learning rate in force', () => {
  it('after Roll back the input and the link show the lowered rate', () => {
    const p = page('?seed=3&lr=1', '1');
    const follow = new LrInForce(p, 1);
    follow.refresh(1);
    expect(p.links).toEqual([]);
    follow.refresh(0.1);
    expect(p.input.value).toBe('0.1');
    expect(p.links).toEqual(['/?seed=3&lr=0.1']);
  });

  it('a resumed checkpoint with another rate than the link’s is shown, even when the link names none', () => {
    const p = page('?seed=3&fresh=1', '0.001');
    new LrInForce(p, 0.001).refresh(0.0001);
    expect(p.input.value).toBe('0.0001');
    // A reload must not ask to wipe the run again.
    expect(p.links).toEqual(['/?seed=3&lr=0.0001']);
  });

  it('a rate the user is typing is not overwritten; the input follows once they leave it', () => {
    const p = page('?lr=0.01', '0.01');
    const follow = new LrInForce(p, 0.01);
    follow.refresh(0.01);
    p.hasFocus = true;
    p.input.value = '0.0';
    follow.refresh(0.001);
    expect(p.input.value).toBe('0.0');
    // The link is not the user's draft: it says the rate in force at once.
    expect(p.links).toEqual(['/?lr=0.001']);
    p.hasFocus = false;
    follow.refresh(0.001);
    expect(p.input.value).toBe('0.001');
  });

  it('a focused input still showing the old rate is updated (Enter was pressed, then Roll back)', () => {
    const p = page('?lr=1', '1');
    const follow = new LrInForce(p, 0.001);
    p.hasFocus = true;
    follow.refresh(1);
    follow.refresh(0.1);
    expect(p.input.value).toBe('0.1');
  });

  it('links keep their other parameters and the hash', () => {
    expect(linkWith({ pathname: '/app/', search: '?a=1&fresh=1', hash: '#x' }, 'lr', '0.5')).toBe(
      '/app/?a=1&lr=0.5#x',
    );
    expect(linkLr('?lr=0.02', 0.001)).toBe(0.02);
    expect(linkLr('?seed=1', 0.001)).toBe(0.001);
  });
});
