import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/schema';
import type { FromWorker, TrainingState } from '../../../src/protocol';
import { LoopControls } from '../../../src/train/loopControls';
import { TRAINER_DEFAULTS } from '../../../src/train/trainerDefaults';
import { TrainingRun } from '../../../src/train/trainingRun';

/** A run without a network (none of these touch tfjs), on a clock the test moves by hand. */
function makeRun(): { run: TrainingRun; posted: FromWorker[]; advance(ms: number): void } {
  let now = 0;
  const posted: FromWorker[] = [];
  const run = new TrainingRun(DEFAULT_CONFIG, {
    post: (m) => posted.push(m),
    now: () => now,
    forgetModel: () => undefined,
  });
  return { run, posted, advance: (ms) => (now += ms) };
}

describe('TrainingRun', () => {
  it('counts each completed step and smooths the loss from the first one', () => {
    const { run } = makeRun();
    const first = run.completeStep(2, 0);
    expect(first).toEqual({ step: 1, lossSmoothed: 2, verdict: null });
    const a = TRAINER_DEFAULTS.lossEmaAlpha;
    const second = run.completeStep(1, 100);
    expect(second.step).toBe(2);
    expect(second.lossSmoothed).toBeCloseTo((1 - a) * 2 + a * 1);
    expect(run.step).toBe(2);
  });

  it('measures the step rate from completed steps', () => {
    const { run } = makeRun();
    for (const t of [0, 100, 200]) run.completeStep(2, t);
    expect(run.stepsPerSecond(200)).toBeCloseTo(10);
  });

  it('returns the verdict of a step whose loss is not finite', () => {
    const { run } = makeRun();
    run.completeStep(2, 0);
    const { verdict } = run.completeStep(NaN, 100);
    expect(verdict?.step).toBe(2);
    expect(verdict?.reason).toContain('NaN');
  });

  it('keeps the good step from before a divergence through keep going', () => {
    const { run } = makeRun();
    for (let i = 0; i < 5; i++) run.completeStep(1, i * 100);
    expect(run.protectGoodStep()).toBe(5);
    run.completeStep(NaN, 600);
    run.keepGoing();
    run.completeStep(1, 700);
    // Still the step kept at the divergence, not a later one.
    expect(run.protectGoodStep()).toBe(5);
  });

  it('saves nothing before it has storage and a network', async () => {
    const { run, posted } = makeRun();
    expect(await run.saveCheckpoint()).toBe(false);
    expect(posted).toEqual([]);
  });

  it('starts with the learning rate of its config and takes a new one', () => {
    const { run } = makeRun();
    expect(run.lr).toBe(DEFAULT_CONFIG.lr);
    run.useLr(0.0005);
    expect(run.lr).toBe(0.0005);
  });
});

describe('LoopControls', () => {
  it('runs the training clock only in state running, and announces each state', () => {
    const { run, advance } = makeRun();
    const posted: FromWorker[] = [];
    const controls = new LoopControls({ post: (m) => posted.push(m) });
    controls.run = run;
    controls.setState('running', 'training', null);
    advance(300);
    controls.setState('paused', 'paused', null);
    advance(5000);
    expect(run.clock.elapsed()).toBe(300);
    expect(controls.state).toBe('paused');
    const states = posted.flatMap((m): TrainingState[] => (m.type === 'state' ? [m.state] : []));
    expect(states).toEqual(['running', 'paused']);
  });
});
