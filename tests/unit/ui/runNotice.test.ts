import { describe, expect, test } from 'vitest';
import { initialStatus } from '../../../src/status';
import { noticeText, vrRunButton } from '../../../src/ui/runNotice';

describe('run notice', () => {
  test('a diverged run says so and offers Roll back and Keep going', () => {
    const s = initialStatus();
    s.training.state = 'diverged';
    s.training.detail = 'training diverged: the loss jumped from about 2.18 to 14.10 at step 12.';
    expect(noticeText(s)).toMatchObject({ buttons: 'diverged' });
    expect(noticeText(s).text).toMatch(/^Training stopped: the run diverged \(the loss jumped/);
    expect(vrRunButton('toggle', 'diverged')).toBe('Keep going');
    expect(vrRunButton('reset', 'diverged')).toBe('Roll back');
  });

  test('a blocked run says it is open in another tab and offers Take over here', () => {
    const s = initialStatus();
    s.training.state = 'blocked';
    s.training.detail = 'this run is open in another tab';
    expect(noticeText(s)).toEqual({
      text: 'This run is open in another tab, which trains and saves it.',
      buttons: 'blocked',
    });
    expect(vrRunButton('toggle', 'blocked')).toBe('Take over here');
  });

  test('a silent trainer is not responding; a healthy one shows nothing', () => {
    const s = initialStatus();
    s.training.state = 'running';
    expect(noticeText(s).text).toBe('');
    expect(vrRunButton('toggle', 'running')).toBeNull();
    s.training.responding = false;
    expect(noticeText(s).text).toMatch(/not responding/);
  });
});
